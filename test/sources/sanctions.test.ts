import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { run } from '../../src/cli/run.js';
import { compareNames } from '../../src/names/match.js';
import { MATCH_THRESHOLD } from '../../src/names/threshold.js';
import { parseBirthDate, parseOfacList } from '../../src/sources/sanctions/ofac.js';
import { isLoopback } from '../../src/sources/sanctions/download.js';
import { loadSanctionsSource } from '../../src/sources/sanctions/index.js';
import { INDEX_FORMAT } from '../../src/sources/sanctions/index-file.js';
import { indexSanctions, screenName } from '../../src/sources/sanctions/screen.js';
import { nameIndexFingerprint, scanTypoWords } from '../../src/sources/sanctions/name-index.js';
import { ORGANISATION_MATCH, personVerdict } from '../../src/rules/sdn-alias-match.js';
import { builtinWatchlist } from '../../src/sources/sanctions/watchlist.js';
import { FIXTURES } from '../helpers/collect.js';

const OFAC = join(FIXTURES, 'ofac');
const file = (n: string): string => readFileSync(join(OFAC, n), 'latin1');

describe('OFAC files', () => {
  const entries = parseOfacList({ primary: file('SDN.CSV'), alt: file('ALT.CSV'), add: file('ADD.CSV'), comments: file('SDN_COMMENTS.CSV') }, 'SDN');
  const song = entries.find((e) => e.uid === '100')!;
  const company = entries.find((e) => e.uid === '200')!;

  it('reads every quirk: -0-, CRLF, 0x1A, joined programs, remarks and their continuation', () => {
    expect(entries).toHaveLength(2);
    expect(company.type).toBe('entity');
    expect(company.programs).toEqual(['DPRK3', 'RUSSIA-EO14024']);
    expect(company.title).toBeUndefined();
    expect(company.aliases).toEqual(
      expect.arrayContaining([
        { name: 'OLD FAKE CO', type: 'fka' },
        { name: 'FAKE LLC', type: 'weak' },
        { name: 'FAKE TAIL', type: 'weak' },
      ]),
    );
    expect(company.websites).toEqual(['www.fake-front.example']);
    expect(song.birthDates.map((d) => [d.fromYear, d.toYear, d.month, d.day])).toEqual([
      [1987, 1987, 8, 30],
      [1985, 1987, undefined, undefined],
    ]);
    expect(song.nationalities).toEqual(['KP']);
    expect(song.gender).toBe('Male');
    expect(song.emails).toEqual(['test.fake@example.com']);
    expect(song.wallets).toEqual([{ currency: 'ETH', address: '0x00000000000000000000000000000000000000aa' }]);
    expect(song.aliases).toContainEqual({ name: "CH'OE, Ch'un-yo'ng", type: 'weak' });
    expect(song.addresses[0]).toEqual({ street: 'Changbailu No. 55', city: 'Yanji, Jilin 133000', country: 'China' });
  });

  it('rejects an alias that joins no entry, naming file and line', () => {
    expect(() => parseOfacList({ primary: file('SDN.CSV'), alt: '999,1,"aka","X",-0- \r\n', add: '' }, 'SDN')).toThrow(/ALT\.CSV: line 1: refers to entry 999/);
  });

  it.each([
    ['30 Aug 1987', [1987, 1987]],
    ['1967', [1967, 1967]],
    ['circa 1960', [1959, 1961]],
    ['1958 to 1960', [1958, 1960]],
    ['Aug 1987', [1987, 1987]],
  ])('reads the date of birth %s', (text, [from, to]) => {
    expect(parseBirthDate(text)).toMatchObject({ fromYear: from, toYear: to });
  });
});

describe('name matching', () => {
  it.each([
    ['Kum Hyok Song', 'SONG, Kum Hyok'],
    ['Song Kumhyok', 'SONG, Kum Hyok'],
    ['송금혁', 'SONG, Kum Hyok'],
    ['Гайк Асатрян', 'ASATRYAN, Gayk'],
    ['Lee Chang Ho', 'RI, Chang Ho'],
    ['Choi Chun Yong', "CH'OE, Ch'un-yo'ng"],
    ['Asatryan LLC', 'ASATRYAN LIMITED LIABILITY COMPANY'],
  ])('%s matches %s', (a, b) => {
    expect(compareNames(a, b).score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
  });
  it.each([
    ['Kim Jong Un', 'Kim Jong Man'],
    ['김종은', '김정은'],
    ['Kim', 'KIM, Jong Un'],
  ])('%s does not match %s', (a, b) => {
    expect(compareNames(a, b).score).toBeLessThan(MATCH_THRESHOLD);
  });

  // Ordinary names that scored as list hits before: an initial glued to the next word, and an
  // applicant's own surname left unmatched at the price of a dropped middle name.
  it.each([
    ['Omar B. Pattern', 'PATEK, Omar'],
    ['Min-jun B. Mock', 'MIN, Byong Chun'],
    ['Dmitry B. Placeholder', 'BRAIM, Dmitry'],
  ])('screening %s against %s is not a match', (a, b) => {
    expect(compareNames(a, b, { screening: true }).score).toBeLessThan(0.85);
  });

  it('still forgives a middle word on either side (a patronymic left out or added)', () => {
    expect(compareNames('Sergey Petrov', 'PETROV, Sergey Valeriyevich', { screening: true }).score).toBeGreaterThanOrEqual(0.9);
    expect(compareNames('Gayk Vardanovich Asatryan', 'ASATRYAN, Gayk', { screening: true }).score).toBeGreaterThanOrEqual(0.9);
    expect(compareNames('Song Kum Hyok Daniel', 'SONG, Kum Hyok', { screening: true }).score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    // and keeps the symmetric comparison unchanged for everything else
    expect(compareNames('Min-jun B. Mock', 'MIN, Byong Chun').score).toBeGreaterThan(
      compareNames('Min-jun B. Mock', 'MIN, Byong Chun', { screening: true }).score,
    );
  });
});

describe('typo search', () => {
  const s = indexSanctions(builtinWatchlist());
  it.each([
    ['Asatrxan Gayk', '53824'],
    ['Gayk Asatyran', '53824'],
    ['Gayk Asatran', '53824'],
    ['FORTUNNA LIMITED LIABILITY COMPANY', '53822'],
    ['VOLASIS SILVER STAR', '24978'],
  ])('%s (one edit in a long word) still finds %s', (query, uid) => {
    expect(screenName(s, query).some((m) => m.entry.uid === uid)).toBe(true);
  });

  it('compares only names with a word within typo distance, not every name sharing three letters', () => {
    // "Asamoah" shares "asa" with ASATRYAN and nothing else with the list: before, every name
    // filed under those three letters was compared in full.
    expect(s.index.search('Asamoah', 0)).toEqual([]);
    expect(s.index.search('Fortified', 0)).toEqual([]);
    expect(s.index.search('Asatryab', 0).map((c) => c.name.name)).toContain('ASATRYAN, Gayk');
  });

  it('gives each listed word the typo words, worked out at install, that a scan of the words finds', () => {
    const { wordKeys, typoOffsets, typoWords } = s.index.data;
    const words = wordKeys.all();
    let withTypos = 0;
    words.forEach((w, i) => {
      // Words under five letters are never searched for typos (TYPO_MIN_LETTERS).
      if (w.length < 5) return;
      const scanned: number[] = [];
      scanTypoWords(w, words, (id) => scanned.push(id));
      const stored = [...typoWords.subarray(typoOffsets[i], typoOffsets[i + 1])];
      expect([w, stored.sort((a, b) => a - b)]).toEqual([w, scanned]);
      if (stored.length > 0) withTypos++;
    });
    // The built-in list has words a typo apart (Kum Hyok's aliases): the comparison is not of empty lists.
    expect(withTypos).toBeGreaterThan(0);
  });

  it('finds the same names once a batch has switched from scanning the words to the affix map', () => {
    const queries = ['Asatrxan Gayk', 'Gayk Zsatryan', 'FORTUNNA LLC', 'VOLASIS SILVER STAR', 'Sangmann Kim', 'Songkwamg Trading', 'Chinyomg Information'];
    const names =
      (s: ReturnType<typeof indexSanctions>) =>
      (q: string): string[] =>
        s.index.search(q, 0.5).map((c) => c.name.name);
    const scanned = queries.map(names(indexSanctions(builtinWatchlist())));
    const batch = indexSanctions(builtinWatchlist());
    // Twenty distinct typo searches first: past the switch.
    for (let i = 0; i < 20; i++) batch.index.search(`Zzqwert${String.fromCharCode(97 + i)}x`, 0.5);
    expect(queries.map(names(batch))).toEqual(scanned);
    // Found through the first letters, and through the last ones only.
    expect(scanned[0]).toContain('ASATRYAN, Gayk');
    expect(scanned[1]).toContain('ASATRYAN, Gayk');
    expect(scanned.flat().length).toBeGreaterThan(4);
  });
});

describe('screening set (fixtures/names/screening-set.csv) against the built-in list', () => {
  const s = indexSanctions(builtinWatchlist());
  const rows = parse<{ query: string; kind: string; expected_uid: string }>(readFileSync(join(FIXTURES, 'names', 'screening-set.csv')), { columns: true });
  const flaggedBy = (r: (typeof rows)[number]) => {
    const ms = screenName(s, r.query, r.kind === 'person' ? { against: 'individuals' } : { against: 'organisations', minScore: ORGANISATION_MATCH });
    return r.kind === 'person' ? ms.filter((m) => personVerdict(m) !== undefined) : ms;
  };
  it('finds at least 99% of the listed names and flags at most 1% of the ordinary ones', () => {
    const positives = rows.filter((r) => r.expected_uid !== '');
    const negatives = rows.filter((r) => r.expected_uid === '');
    expect(negatives.length).toBeGreaterThanOrEqual(150);
    const found = positives.filter((r) => flaggedBy(r).some((m) => m.entry.uid === r.expected_uid));
    const flagged = negatives.filter((r) => flaggedBy(r).length > 0);
    expect(found.length / positives.length).toBeGreaterThanOrEqual(0.99);
    expect(flagged.length / negatives.length).toBeLessThanOrEqual(0.01);
  });
});

describe('an installed list', () => {
  const parsed = parseOfacList({ primary: file('SDN.CSV'), alt: file('ALT.CSV'), add: file('ADD.CSV'), comments: file('SDN_COMMENTS.CSV') }, 'SDN');

  it('loads from its stored index with the same entries, identifiers and matches as the files', async () => {
    const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-home-')) };
    expect((await run(['lists', 'import', OFAC], { env })).exitCode).toBe(0);
    const installed = loadSanctionsSource(env);
    const fresh = indexSanctions({ id: 'fixture', description: '', date: '2025-11-04', dateSource: 'file-dates', entries: parsed });
    expect(installed.entries.length).toBe(parsed.length);
    parsed.forEach((e, i) => {
      expect(installed.entries.type(i)).toBe(e.type);
      expect(installed.entries.get(i)).toEqual(e);
    });
    expect([...installed.byWallet]).toEqual([...fresh.byWallet]);
    expect([...installed.byEmail]).toEqual([...fresh.byEmail]);
    expect([...installed.byDomain]).toEqual([...fresh.byDomain]);
    const queries = ['Kum Hyok Song', 'Geum-hyeok Song', 'Choi Chun Yong', 'Fake Trading Co', 'Jane Roe', 'Sonng Kum Hyok'];
    const found = (s: typeof fresh, q: string) => screenName(s, q).map((m) => [m.entry.uid, m.matchedName, m.score]);
    for (const q of queries) expect(found(installed, q)).toEqual(found(fresh, q));
    expect(found(installed, 'Sonng Kum Hyok')[0]?.[0]).toBe('100');
  });

  const installedHome = async () => {
    const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-home-')) };
    expect((await run(['lists', 'import', OFAC], { env })).exitCode).toBe(0);
    const versions = join(env.VET_HOME, 'lists', 'ofac', 'versions');
    return { env, dir: join(versions, readdirSync(versions)[0]!) };
  };
  const sdnJson = async (env: NodeJS.ProcessEnv, name: string) => {
    const r = await run(['sdn', name, '-f', 'json'], { env });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as unknown;
  };

  it('says how to rebuild an index it cannot read', async () => {
    const { env, dir } = await installedHome();
    writeFileSync(join(dir, 'index.bin'), 'not an index');
    const r = await run(['sdn', 'Kum Hyok Song'], { env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^vet: the installed list's index in .* cannot be read \(not a vet list index\); run "vet lists import .*" to rebuild it\n$/);
  });

  it('reads an entry only when a match needs it, and names the index when it was cut since', async () => {
    const { env, dir } = await installedHome();
    // A name that matches nothing never reads an entry: the cut does not show.
    const before = await sdnJson(env, 'Kum Hyok Song');
    const file = join(dir, 'index.bin');
    const header = readFileSync(file);
    const length = header.readUInt32LE(8);
    const entriesAt = (JSON.parse(header.subarray(12, 12 + length).toString('utf8')) as { sections: { entries: [number, number] } }).sections.entries[0];
    truncateSync(file, entriesAt + 10);
    expect((await run(['sdn', 'Jane Roe'], { env })).exitCode).toBe(0);
    const r = await run(['sdn', 'Kum Hyok Song'], { env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /^vet: the installed list's index .*index\.bin cannot be read \(the file is shorter than its header says\); run "vet lists import .*" to rebuild it\n$/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect((before as { matches: unknown[] }).matches.length).toBeGreaterThan(0);
  });

  it('rebuilds, once, the index of a list installed by an older vet from the files beside it', async () => {
    const { env, dir } = await installedHome();
    const expected = await sdnJson(env, 'Sonng Kum Hyok');
    // Format 3 was a v8-serialised index.v8; a later format bumps the number in the header.
    rmSync(join(dir, 'index.bin'));
    writeFileSync(join(dir, 'index.v8'), 'an index of format 3');
    expect(await sdnJson(env, 'Sonng Kum Hyok')).toEqual(expected);
    expect(existsSync(join(dir, 'index.v8'))).toBe(false);
    const rebuilt = readFileSync(join(dir, 'index.bin'));
    expect(await sdnJson(env, 'Sonng Kum Hyok')).toEqual(expected);
    const outdated = Buffer.from(rebuilt.toString('latin1').replace(`"formatVersion":${INDEX_FORMAT}`, `"formatVersion":${INDEX_FORMAT - 1}`), 'latin1');
    expect(outdated.equals(rebuilt)).toBe(false);
    writeFileSync(join(dir, 'index.bin'), outdated);
    expect(await sdnJson(env, 'Sonng Kum Hyok')).toEqual(expected);
    expect(readFileSync(join(dir, 'index.bin')).equals(rebuilt)).toBe(true);
  });

  it('rebuilds an index built by a vet that reads names differently, though its format is the same', async () => {
    const { env, dir } = await installedHome();
    const expected = await sdnJson(env, 'Sonng Kum Hyok');
    const built = readFileSync(join(dir, 'index.bin'));
    const mark = `"names":"${nameIndexFingerprint()}"`;
    expect(built.toString('latin1')).toContain(mark);
    // Another version's fingerprint, of the same length: its keys and typo words are another vet's answers.
    const other = Buffer.from(built.toString('latin1').replace(mark, `"names":"${'0'.repeat(nameIndexFingerprint().length)}"`), 'latin1');
    expect(other.equals(built)).toBe(false);
    writeFileSync(join(dir, 'index.bin'), other);
    expect(await sdnJson(env, 'Sonng Kum Hyok')).toEqual(expected);
    expect(readFileSync(join(dir, 'index.bin')).equals(built)).toBe(true);
  });
});

describe('vet lists, vet sdn, vet match', () => {
  let server: Server;
  let base: string;
  const served = new Map<string, Buffer>(readdirSync(OFAC).map((n) => [`/${n}`, readFileSync(join(OFAC, n))]));
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = req.url ?? '';
      const special = hostile(url);
      if (special) {
        special(res);
        return;
      }
      const body = served.get(url.replace(/^\/(big|chunked|html|garbage|hop)\//, '/'));
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-length': body.length, 'last-modified': 'Tue, 04 Nov 2025 12:00:00 GMT' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  // Hostile answers for the paths the refusal tests ask for; every other file is served as it is.
  const hostile = (url: string): ((res: import('node:http').ServerResponse) => void) | undefined => {
    if (url === '/big/SDN.CSV') return (res) => res.writeHead(200, { 'content-length': 5000 }).end(Buffer.alloc(5000, 0x41));
    if (url === '/chunked/SDN.CSV')
      return (res) => {
        res.writeHead(200); // no Content-Length: only the running count can stop it
        for (let i = 0; i < 10; i++) res.write(Buffer.alloc(1000, 0x41));
        res.end();
      };
    if (url === '/html/SDN.CSV') return (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Maintenance</body></html>');
    if (url === '/garbage/SDN.CSV') return (res) => res.writeHead(200).end('\u0000\u0001 not a list at all');
    if (url === '/hop/SDN.CSV') return (res) => res.writeHead(302, { location: 'http://example.com/SDN.CSV' }).end();
    return undefined;
  };
  const update = (env: Record<string, string>, ...args: string[]) => run(['lists', 'update', '--min-entries', '1', ...args], { env });

  it('downloads over HTTP, installs, reports status and screens with the installed list', async () => {
    const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-home-')), SOURCE_DATE_EPOCH: '1764000000' };
    const update = await run(['lists', 'update', '--url', base, '--min-entries', '2'], { env });
    expect(update.stderr).toBe('');
    expect(update.exitCode).toBe(0);
    expect(update.stdout).toMatch(/2 entries, 5 aliases, 2 addresses/);
    const status = await run(['lists', 'status', '--format', 'json'], { env });
    const info = JSON.parse(status.stdout) as { installed: { date: string; counts: { entries: number }; stale: boolean } };
    expect(info.installed.date).toBe('2025-11-04');
    expect(info.installed.counts.entries).toBe(2);
    expect(info.installed.stale).toBe(true);
    expect(status.stderr).toMatch(/days old/);
    const sdn = await run(['sdn', 'Geum-hyeok Song', '--format', 'json'], { env });
    const result = JSON.parse(sdn.stdout) as { list: { id: string }; matches: { entryId: string; matchedName: string }[] };
    expect(result.list.id).toBe('ofac');
    expect(result.matches[0]).toMatchObject({ entryId: '100' });
  });

  it("dates an imported list from OFAC's SDN.XML or the date the user gives, never from file times", async () => {
    // SOURCE_DATE_EPOCH: the run's clock, two days after the publication.
    const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-home-')), SOURCE_DATE_EPOCH: String(Date.parse('2025-11-05T00:00:00Z') / 1000) };
    const fromXml = await run(['lists', 'import', OFAC], { env });
    expect(fromXml.stdout).toContain('dated 2025-11-03');
    const status = await run(['lists', 'status'], { env });
    expect(status.stdout).toContain("2025-11-03 (OFAC's publication date, from SDN.XML), 2 days old");
    const folder = mkdtempSync(join(tmpdir(), 'vet-ofac-'));
    for (const n of ['SDN.CSV', 'ALT.CSV', 'ADD.CSV']) writeFileSync(join(folder, n), readFileSync(join(OFAC, n)));
    // A second install by one process under one fixed clock gets a version folder of its own.
    const later = env;
    const undated = await run(['lists', 'import', folder], { env: later });
    expect(undated.exitCode).toBe(2);
    expect(undated.stderr).toContain('carry no publication date');
    expect((await run(['lists', 'import', folder, '--date', '2025-02-30'], { env: later })).stderr).toContain('--date: "2025-02-30" is not a date');
    const given = await run(['lists', 'import', folder, '--date', '2025-10-31'], { env: later });
    expect(given.stdout).toContain('dated 2025-10-31');
    expect(loadSanctionsSource(later).info).toMatchObject({ date: '2025-10-31', dateSource: 'user' });
  });

  it('installs the non-SDN consolidated list beside the SDN list with --include consolidated', async () => {
    const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-home-')) };
    const update = await run(['lists', 'update', '--url', base, '--include', 'consolidated', '--min-entries', '1'], { env });
    expect(update.stderr).toBe('');
    expect(update.stdout).toMatch(/OFAC SDN list and non-SDN consolidated list: 3 entries, 7 aliases/);
    const status = JSON.parse((await run(['lists', 'status', '--format', 'json'], { env })).stdout) as { installed: { lists: string[] } };
    expect(status.installed.lists).toEqual(['SDN', 'CONS']);
    const s = loadSanctionsSource(env);
    const listed = Array.from({ length: s.entries.length }, (_, i) => s.entries.get(i));
    expect(listed.map((e) => [e.uid, e.list])).toEqual([
      ['100', 'SDN'],
      ['200', 'SDN'],
      ['900', 'CONS'],
    ]);
    expect(listed[2]).toMatchObject({
      birthDates: [{ fromYear: 1970 }],
      placesOfBirth: ['Example City'],
      aliases: [
        { name: 'CONSO, Example', type: 'weak' },
        { name: 'EXEMPLAR, Konsolidated', type: 'aka' },
      ],
    });
    const sdn = JSON.parse((await run(['sdn', 'Konsolidated Exemplar', '--format', 'json'], { env })).stdout) as { matches: { entryId: string }[] };
    expect(sdn.matches.map((m) => m.entryId)).toEqual(['900']);
    // Without the flag, the CONS files are neither needed nor read.
    const folder = mkdtempSync(join(tmpdir(), 'vet-ofac-'));
    for (const n of ['SDN.CSV', 'ALT.CSV', 'ADD.CSV']) writeFileSync(join(folder, n), readFileSync(join(OFAC, n)));
    expect((await run(['lists', 'import', folder, '--date', '2025-11-03'], { env })).stdout).toMatch(/OFAC SDN list: 2 entries/);
    const missing = await run(['lists', 'import', folder, '--include', 'consolidated', '--date', '2025-11-03'], { env });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/CONS_PRIM\.CSV not found/);
  });

  it('leaves the installed list untouched when a download fails', async () => {
    const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-home-')) };
    expect((await run(['lists', 'import', OFAC], { env, cwd: FIXTURES })).exitCode).toBe(0);
    const broken = await run(['lists', 'update', '--url', `${base}missing/`], { env });
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toMatch(/HTTP 404; the installed list is unchanged/);
    const status = await run(['lists', 'status', '--format', 'json'], { env });
    expect((JSON.parse(status.stdout) as { installed: { source: string } }).installed.source).toBe(OFAC);
  });

  it('downloads over HTTPS only, plain HTTP only from this machine, redirects included', async () => {
    const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-home-')) };
    // Refused before any connection is made: example.com is not reachable from here anyway.
    const plain = await update(env, '--url', 'http://example.com/lists/');
    expect(plain.exitCode).toBe(2);
    expect(plain.stderr).toBe(
      "vet: http://example.com is plain HTTP; a list is downloaded over HTTPS only (plain HTTP is allowed to this machine's loopback address); the installed list is unchanged\n",
    );
    expect((await update(env, '--url', 'ftp://127.0.0.1/')).stderr).toMatch(/is not an HTTPS URL/);
    const hop = await update(env, '--url', `${base}hop/`);
    expect(hop.exitCode).toBe(2);
    expect(hop.stderr).toMatch(/http:\/\/example\.com is plain HTTP/);
    expect(['localhost', '[::1]', '127.0.0.2'].map((host) => isLoopback(new URL(`http://${host}/`).hostname))).toEqual([true, true, true]);
    expect(['10.0.0.1', 'localhost.example.com', '128.0.0.1'].map(isLoopback)).toEqual([false, false, false]);
  });

  it.each([
    ['a declared size over --max-bytes', 'big', ['--max-bytes', '4000'], /big\/SDN\.CSV is 5000 bytes, more than a list file can be \(4000\)/],
    ['an undeclared size that grows past --max-bytes', 'chunked', ['--max-bytes', '4000'], /chunked\/SDN\.CSV is over 4000 bytes/],
    ['a web page', 'html', [], /html\/SDN\.CSV is a web page, not an OFAC list file/],
    ['a file that does not parse', 'garbage', [], /SDN\.CSV: line 1: expected 12 fields/],
  ])('refuses %s and keeps the installed list', async (_, path, args, message) => {
    const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-home-')) };
    expect((await update(env, '--url', base)).exitCode).toBe(0);
    const before = readFileSync(join(env.VET_HOME, 'lists', 'ofac', 'current.json'), 'utf8');
    const r = await update(env, '--url', `${base}${path}/`, ...args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(readFileSync(join(env.VET_HOME, 'lists', 'ofac', 'current.json'), 'utf8')).toBe(before);
  });

  it('refuses a download with fewer entries than --min-entries (1,000 by default)', async () => {
    const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-home-')) };
    const r = await run(['lists', 'update', '--url', base], { env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/the new list has 2 entries, fewer than the 1000 .*nothing was installed/);
    expect((await run(['lists', 'status', '--format', 'json'], { env })).stdout).toMatch(/"installed": null/);
    expect((await run(['lists', 'update', '--url', base, '--min-entries', 'two'], { env })).stderr).toMatch(/--min-entries <n>' argument 'two' is invalid/);
  });

  it('vet lists rollback makes the previous version current, and a second rollback undoes it', async () => {
    const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-home-')) };
    const none = await run(['lists', 'rollback'], { env });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/no OFAC list is installed .*nothing to roll back/);
    expect((await update(env, '--url', base)).exitCode).toBe(0);
    expect((await run(['lists', 'rollback'], { env })).stderr).toMatch(/no previous version of the list is kept/);
    expect((await update(env, '--url', base, '--include', 'consolidated')).exitCode).toBe(0);
    const status = async () =>
      JSON.parse((await run(['lists', 'status', '--format', 'json'], { env })).stdout) as {
        installed: { counts: { entries: number } };
        previous: { counts: { entries: number } };
      };
    expect([(await status()).installed.counts.entries, (await status()).previous.counts.entries]).toEqual([3, 2]);
    const back = await run(['lists', 'rollback'], { env });
    expect(back.exitCode).toBe(0);
    expect(back.stdout).toMatch(/^rolled back: installed OFAC SDN list: 2 entries/);
    expect([(await status()).installed.counts.entries, (await status()).previous.counts.entries]).toEqual([2, 3]);
    expect(JSON.parse((await run(['sdn', 'Konsolidated Exemplar', '--format', 'json'], { env })).stdout)).toMatchObject({ matches: [] });
    expect((await run(['lists', 'rollback'], { env })).exitCode).toBe(0);
    expect([(await status()).installed.counts.entries, (await status()).previous.counts.entries]).toEqual([3, 2]);
  });

  it('keeps the previous version and refuses a list that shrank by half', async () => {
    const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-home-')) };
    const rows = readFileSync(join(OFAC, 'SDN.CSV'), 'latin1').split('\r\n');
    const folder = (sdn: string): string => {
      const dir = mkdtempSync(join(tmpdir(), 'vet-ofac-'));
      for (const n of ['alt.csv', 'add.csv']) writeFileSync(join(dir, n), '');
      writeFileSync(join(dir, 'sdn.csv'), sdn);
      return dir;
    };
    const three = `${rows[0]}\r\n${rows[1]}\r\n300,"EXAMPLE THIRD ENTRY",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a`;
    expect((await run(['lists', 'import', folder(three), '--date', '2025-11-03'], { env })).exitCode).toBe(0);
    const dir = folder(`${rows[0]}\r\n`);
    const small = await run(['lists', 'import', dir, '--date', '2025-11-03'], { env });
    expect(small.exitCode).toBe(2);
    expect(small.stderr).toMatch(/1 entries, less than half of the 3 installed/);
    expect((await run(['lists', 'import', dir, '--force', '--date', '2025-11-03'], { env })).exitCode).toBe(0);
    const status = JSON.parse((await run(['lists', 'status', '--format', 'json'], { env })).stdout) as {
      installed: { counts: { entries: number } };
      previous: { counts: { entries: number } };
    };
    expect(status.installed.counts.entries).toBe(1);
    expect(status.previous.counts.entries).toBe(3);
  });

  it('names the file when a folder lacks one or a file is not an OFAC file', async () => {
    const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-home-')) };
    const dir = mkdtempSync(join(tmpdir(), 'vet-ofac-'));
    const missing = await run(['lists', 'import', dir, '--date', '2025-11-03'], { env });
    expect(missing).toMatchObject({ exitCode: 2 });
    expect(missing.stderr).toMatch(/SDN\.CSV not found/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    for (const n of ['SDN.CSV', 'ALT.CSV', 'ADD.CSV']) writeFileSync(join(dir, n), 'name,phone\r\nJane,+1 555\r\n');
    const wrong = await run(['lists', 'import', dir, '--date', '2025-11-03'], { env });
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toMatch(/SDN\.CSV: line 1: expected 12 fields, found 2/);
  });

  it('vet sdn --file and vet match --file print one JSON object per line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vet-names-'));
    writeFileSync(join(dir, 'names.txt'), 'Kum Hyok Song\n\nJane Roe\n');
    writeFileSync(join(dir, 'pairs.csv'), 'a,b\nLee Chang Ho,"RI, Chang Ho"\nKim Jong Un,Kim Jong Man\n');
    const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-home-')) };
    const sdn = (await run(['sdn', '--file', 'names.txt'], { env, cwd: dir })).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { query: string; list: { id: string }; matches: { entryId: string }[] });
    expect(sdn.map((r) => [r.query, r.list.id, r.matches[0]?.entryId])).toEqual([
      ['Kum Hyok Song', 'builtin-dprk', '49970'],
      ['Jane Roe', 'builtin-dprk', undefined],
    ]);
    const pairs = (await run(['match', '--file', 'pairs.csv'], { cwd: dir })).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { match: boolean });
    expect(pairs.map((p) => p.match)).toEqual([true, false]);
  });

  it('vet match explains a score', async () => {
    const r = await run(['match', 'Kum Hyok Song', 'SONG, Kum Hyok', '--format', 'json']);
    const out = JSON.parse(r.stdout) as { score: number; match: boolean; threshold: number; explanation: string[] };
    expect(out).toMatchObject({ match: true, threshold: MATCH_THRESHOLD });
    expect(out.explanation).toContain('word order differs');
  });
});
