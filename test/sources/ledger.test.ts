import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { run } from '../../src/cli/run.js';
import { nameKey } from '../../src/identity/reuse-index.js';
import { ReuseRun } from '../../src/identity/reuse-run.js';
import { SqliteLedgerStore, Ledger, parseAge } from '../../src/sources/ledger.js';

const exec = promisify(execFile);
const bin = new URL('../../bin/vet.js', import.meta.url).pathname;

/** A fresh vet home and working folder per test: the ledger is what is under test. */
function setup() {
  const home = join(mkdtempSync(join(tmpdir(), 'vet-ledger-')), 'home');
  const cwd = mkdtempSync(join(tmpdir(), 'vet-ledger-cwd-'));
  const write = (file: string, applicants: object[]) => writeFileSync(join(cwd, file), JSON.stringify(applicants));
  const vet = (argv: string[], epoch = '1767225600') => run(argv, { cwd, env: { VET_HOME: home, SOURCE_DATE_EPOCH: epoch } });
  return { home, cwd, write, vet };
}

const jane = {
  id: 'A-1',
  name: 'Jane Doe',
  phone: '+1 415 555 0101',
  email: 'jane.doe@example.com',
  address: '123 Main Street, Apt 4, Springfield, IL 62701',
  nationalId: '123-45-6789',
  location: { country: 'US' },
};

describe('identity ledger', () => {
  it('keeps only keyed hashes, in private files', async () => {
    const { home, write, vet } = setup();
    write('week1.json', [jane]);
    expect((await vet(['week1.json', '--rules', 'identity-reuse'])).exitCode).toBe(0);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(statSync(join(home, 'ledger.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'ledger.sqlite')).mode & 0o777).toBe(0o600);
    const bytes = readdirSync(home)
      .filter((f) => f.startsWith('ledger.sqlite'))
      .map((f) => readFileSync(join(home, f)).toString('latin1'))
      .join('');
    // Long enough that random hash bytes cannot spell them by chance ("415" alone did, once in a few hundred runs).
    for (const raw of ['4155550101', '5550101', 'jane.doe', 'Jane Doe', 'Main Street', 'MAIN ST', '62701', '123456789', '45-6789'])
      expect([raw, bytes.includes(raw)]).toEqual([raw, false]);
    expect(bytes).toContain('A-1');
    expect(bytes).toContain('week1.json');
    const db = new Database(join(home, 'ledger.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT i.hash, k.name AS kind FROM identifiers i JOIN kinds k ON k.code = i.kind').safeIntegers(true).all() as {
      hash: bigint;
      kind: string;
    }[];
    db.close();
    expect(rows.map((r) => r.kind).sort()).toEqual(['email', 'homeAddress', 'nationalId', 'phone']);
    expect(rows.every((r) => typeof r.hash === 'bigint')).toBe(true);
  });

  it('checks a later run against an earlier one, but never an applicant against itself or the same name', async () => {
    const { write, vet } = setup();
    write('week1.json', [jane]);
    await vet(['week1.json']);
    // The same file again: A-1 is itself.
    const again = JSON.parse((await vet(['week1.json', '-f', 'json'])).stdout);
    expect(again.applicants[0].findings).toEqual([]);
    write('week2.json', [
      { id: 'B-7', name: 'Chol Min Pak', phone: '(415) 555-0101', email: 'pak.cm@example.org', location: { country: 'US' } },
      { id: 'B-8', name: 'Chen Jie', address: '123 MAIN ST #4 SPRINGFIELD IL 62701-1234', email: 'skh@example.net' },
      { id: 'B-9', name: 'Doe, Jane', nationalId: '123456789', email: 'jd2@example.com' },
    ]);
    const r = await vet(['week2.json', '-f', 'json'], '1767830400');
    const report = JSON.parse(r.stdout);
    const byId = Object.fromEntries(report.applicants.map((a: { id: string; findings: unknown[] }) => [a.id, a.findings]));
    expect(byId['B-7']).toMatchObject([
      { rule: 'identity-reuse', messageId: 'seenBefore', level: 'high', data: { kind: 'phone', otherId: 'A-1', file: 'week1.json', seenAt: '2026-01-01' } },
    ]);
    expect(byId['B-8']).toMatchObject([{ messageId: 'seenBefore', level: 'medium', data: { kind: 'homeAddress', otherId: 'A-1' } }]);
    expect(byId['B-9']).toEqual([]); // the same name, so the same person applying again
    expect(byId['B-7'][0].evidence[0]).toMatchObject({ path: '/phones/0', value: '(415) 555-0101', ledger: [{ applicant: 'A-1', file: 'week1.json' }] });
  });

  it('neither reads nor writes with --no-ledger or VET_LEDGER=off, and writes where --ledger says', async () => {
    const { home, cwd, write, vet } = setup();
    write('a.json', [jane]);
    await vet(['a.json', '--no-ledger']);
    expect(existsSync(join(home, 'ledger.sqlite'))).toBe(false);
    await run(['a.json'], { cwd, env: { VET_HOME: home, VET_LEDGER: 'off' } });
    expect(existsSync(join(home, 'ledger.sqlite'))).toBe(false);
    await vet(['a.json', '--ledger', 'elsewhere/hr.sqlite']);
    expect(existsSync(join(cwd, 'elsewhere/hr.sqlite'))).toBe(true);
    expect(existsSync(join(home, 'ledger.key'))).toBe(true);
  });

  it('shows, forgets and prunes with vet ledger', async () => {
    const { write, vet } = setup();
    write('old.json', [jane]);
    write('new.json', [{ id: 'C-1', name: 'Priya Sharma', email: 'priya@example.com' }]);
    await vet(['old.json'], '1735689600'); // 2025-01-01
    await vet(['new.json'], '1767225600'); // 2026-01-01
    const stats = JSON.parse((await vet(['ledger', 'stats', '-f', 'json'])).stdout);
    expect(stats).toMatchObject({
      applicants: 2,
      identifiers: 5,
      byKind: { email: 2, phone: 1, homeAddress: 1, nationalId: 1 },
      oldest: '2025-01-01T00:00:00.000Z',
    });
    expect((await vet(['ledger', 'stats'])).stdout).toMatch(/applicants\s+2\nidentifiers\s+5/);
    expect((await vet(['ledger', 'prune', '--older-than', '180d'])).stdout).toBe('erased 4 identifiers and 1 applicants last seen before 2025-07-05\n');
    expect((await vet(['ledger', 'forget', 'C-1', 'Z-9'])).stdout).toBe('C-1: erased (1 identifiers)\nZ-9: not in the ledger\n');
    expect(JSON.parse((await vet(['ledger', 'stats', '-f', 'json'])).stdout)).toMatchObject({ applicants: 0, identifiers: 0 });
    expect(await vet(['ledger', 'prune', '--older-than', 'a while'])).toMatchObject({
      exitCode: 2,
      stderr: expect.stringMatching(/--older-than: "a while" is not an age/),
    });
  });

  it('refuses a ledger written under another key, and a file that is not a ledger, with exit 2', async () => {
    const { home, cwd, write, vet } = setup();
    write('a.json', [jane]);
    await vet(['a.json']);
    writeFileSync(join(home, 'ledger.key'), Buffer.alloc(32, 7));
    const wrongKey = await vet(['a.json']);
    expect(wrongKey).toMatchObject({ exitCode: 2, stdout: '' });
    expect(wrongKey.stderr).toMatch(/^vet: identity ledger .* was written under another key/);
    writeFileSync(join(cwd, 'junk.sqlite'), 'this is not a database, just text that is long enough to look like a header'.repeat(20));
    const junk = await vet(['a.json', '--ledger', 'junk.sqlite']);
    expect(junk.exitCode).toBe(2);
    expect(junk.stderr).toMatch(/^vet: identity ledger .*junk\.sqlite cannot be opened \(not a vet ledger\)/);
    expect(junk.stderr).not.toMatch(/at .*\.js/);
  });

  it('loses nothing when two vet processes write at once', async () => {
    const { home, cwd } = setup();
    // 2,500 each: large enough that each run's ledger writer is a worker thread.
    const batch = (prefix: string) =>
      Array.from({ length: 2500 }, (_, i) =>
        JSON.stringify({
          id: `${prefix}-${i}`,
          name: `Person ${prefix}${i}`,
          email: `${prefix.toLowerCase()}${i}@example.com`,
          phone: `+1 ${prefix === 'A' ? 415 : 212} 55${String(i).padStart(5, '0')}`,
        }),
      ).join('\n');
    writeFileSync(join(cwd, 'a.ndjson'), batch('A'));
    writeFileSync(join(cwd, 'b.ndjson'), batch('B'));
    const env = { ...process.env, VET_HOME: home };
    const one = (file: string) =>
      exec(process.execPath, [bin, file, '--rules', 'identity-reuse', '-f', 'json', '-o', `${file}.report.json`], { cwd, env }).catch(
        (e: { code: number }) => e,
      );
    const results = await Promise.all([one('a.ndjson'), one('b.ndjson')]);
    for (const r of results) expect('code' in r ? r.code : 0).toBe(0);
    const ledger = Ledger.open({ VET_HOME: home });
    try {
      expect(ledger.stats()).toMatchObject({ applicants: 5000, byKind: { email: 5000 } });
    } finally {
      ledger.close();
    }
    const db = new Database(join(home, 'ledger.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  }, 60_000);

  it('loses nothing when two processes record many small transactions interleaved', async () => {
    const { home } = setup();
    const module = new URL('../../dist/sources/ledger.js', import.meta.url).href;
    // 200 transactions of 10 applicants each, per process: their writes must interleave.
    const script = (prefix: string) =>
      `const { Ledger } = await import(${JSON.stringify(module)}); const l = Ledger.open({ VET_HOME: ${JSON.stringify(home)} });
       for (let t = 0; t < 200; t++) l.record(Array.from({ length: 10 }, (_, i) => ({ applicantId: '${prefix}-' + (t * 10 + i), file: 'x.json', identifiers: [{ hash: l.hashOf('email', '${prefix}' + t + '-' + i + '@example.com'), kind: 'email' }] })));
       l.close();`;
    Ledger.open({ VET_HOME: home }).close(); // one key, made before the race
    await Promise.all(['A', 'B'].map((p) => exec(process.execPath, ['--input-type=module', '-e', script(p)])));
    const ledger = Ledger.open({ VET_HOME: home });
    try {
      expect(ledger.stats()).toMatchObject({ applicants: 4000, identifiers: 4000 });
    } finally {
      ledger.close();
    }
  }, 60_000);

  it('opens a new home from several processes at once: one key, one schema, no SQLITE_BUSY', async () => {
    const { home } = setup();
    const module = new URL('../../dist/sources/ledger.js', import.meta.url).href;
    // Each prints the hash of one identifier: the same key gives the same hash in every process.
    const script = `const { Ledger } = await import(${JSON.stringify(module)}); const l = Ledger.open({ VET_HOME: ${JSON.stringify(home)} });
       process.stdout.write(String(l.hashOf('email', 'x@example.com'))); l.close();`;
    const runs = await Promise.all(Array.from({ length: 6 }, () => exec(process.execPath, ['--input-type=module', '-e', script])));
    expect(new Set(runs.map((r) => r.stdout)).size).toBe(1);
    expect(readdirSync(home).sort()).toEqual(['ledger.key', 'ledger.sqlite']);
  }, 60_000);

  it('waits for another process that holds a new ledger file locked, instead of failing with SQLITE_BUSY', async () => {
    const { home } = setup();
    const module = new URL('../../dist/sources/ledger.js', import.meta.url).href;
    // A first run that has created the file and is writing to it: SQLite refuses the switch to WAL
    // with SQLITE_BUSY at once, without the busy timeout.
    mkdirSync(home, { recursive: true, mode: 0o700 });
    const holder = new Database(join(home, 'ledger.sqlite'));
    holder.exec('BEGIN IMMEDIATE');
    const opening = exec(process.execPath, [
      '--input-type=module',
      '-e',
      `const { Ledger } = await import(${JSON.stringify(module)}); Ledger.open({ VET_HOME: ${JSON.stringify(home)} }).close(); process.stdout.write('opened');`,
    ]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    holder.exec('COMMIT');
    holder.close();
    expect((await opening).stdout).toBe('opened');
  }, 60_000);

  it('finds earlier sightings the same way when a large run is checked and written by the worker thread', async () => {
    const { cwd, vet } = setup();
    const people = (prefix: string, n: number, shared: Record<number, string>) =>
      Array.from({ length: n }, (_, i) =>
        JSON.stringify({ id: `${prefix}-${i}`, name: `${prefix} Person ${i}`, email: shared[i] ?? `${prefix.toLowerCase()}${i}@example.com` }),
      ).join('\n');
    writeFileSync(join(cwd, 'first.ndjson'), people('Alpha', 2500, {}));
    expect((await vet(['first.ndjson', '-f', 'json', '-o', 'r1.json'], '1767225600')).exitCode).toBe(0);
    // Large again: applicant 2300 gives the e-mail of Alpha-10 (first chunk) and 2499 that of Alpha-2400 (last).
    writeFileSync(join(cwd, 'second.ndjson'), people('Beta', 2500, { 2300: 'alpha10@example.com', 2499: 'Alpha2400@Example.com' }));
    const r = await vet(['second.ndjson', '-f', 'json'], '1767830400');
    const flagged = JSON.parse(r.stdout).applicants.filter((a: { findings: unknown[] }) => a.findings.length > 0);
    expect(
      flagged.map((a: { id: string; findings: { messageId: string; data: { otherId: string; file: string } }[] }) => [
        a.id,
        a.findings.map((f) => [f.messageId, f.data.otherId, f.data.file]),
      ]),
    ).toEqual([
      ['Beta-2300', [['seenBefore', 'Alpha-10', 'first.ndjson']]],
      ['Beta-2499', [['seenBefore', 'Alpha-2400', 'first.ndjson']]],
    ]);
  }, 60_000);

  it('names the ledger when its worker thread cannot write, instead of failing silently', async () => {
    const { home } = setup();
    const ledger = Ledger.open({ VET_HOME: home });
    // The worker is pointed at a folder, which SQLite cannot open.
    const atFolder = new SqliteLedgerStore(Object.assign(Object.create(ledger) as Ledger, { place: () => ({ home, path: home }) }));
    const run = new ReuseRun({ resumeSimilarity: 0.6, maxShared: 50 }, atFolder, Date.now());
    for (let i = 0; i < 2500; i++)
      run.add({
        index: i,
        id: `W-${i}`,
        file: 'w.json',
        line: i + 1,
        otherNames: [],
        fields: { phones: [], emails: [{ raw: `w${i}@example.com`, key: `w${i}@example.com` }], ips: [] },
      });
    await expect(run.end(() => undefined)).rejects.toThrow(/^identity ledger .* cannot be opened \(SQLITE_CANTOPEN\)/);
    ledger.close();
  });

  it('hashes as HMAC-SHA256 does, cut to 64 bits, for any length and script', () => {
    const { home } = setup();
    const ledger = Ledger.open({ VET_HOME: home });
    try {
      const secret = readFileSync(join(home, 'ledger.key'));
      for (const key of ['+14155550101', 'jane.doe@example.com', '서울특별시 강남구 테헤란로 152', 'x'.repeat(5000), '']) {
        const expected = createHmac('sha256', secret).update(`email\u0000${key}`).digest().readBigInt64BE(0);
        expect(ledger.hashOf('email', key)).toBe(expected);
      }
      expect(ledger.hashOf('email', 'a')).not.toBe(ledger.hashOf('phone', 'a'));
    } finally {
      ledger.close();
    }
  });

  it('converts a schema 1 ledger in place, keeping what it remembers', async () => {
    const { home, cwd, write, vet } = setup();
    Ledger.open({ VET_HOME: home }).close(); // the key
    const secret = readFileSync(join(home, 'ledger.key'));
    const v1 = (space: string, key: string) => createHmac('sha256', secret).update(`${space}\u0000${key}`).digest().subarray(0, 16);
    rmSync(join(home, 'ledger.sqlite'));
    const db = new Database(join(home, 'ledger.sqlite'));
    db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE applicants (id TEXT PRIMARY KEY, name_hash BLOB, file TEXT NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE identifiers (hash BLOB NOT NULL, applicant_id TEXT NOT NULL, kind TEXT NOT NULL, seen_at INTEGER NOT NULL, PRIMARY KEY (hash, applicant_id)) WITHOUT ROWID;`);
    db.prepare('INSERT INTO meta VALUES (?, ?), (?, ?)').run(
      'schema',
      '1',
      'keyCheck',
      createHmac('sha256', secret).update('vet ledger key check').digest('hex').slice(0, 16),
    );
    db.prepare('INSERT INTO applicants VALUES (?, ?, ?, ?, ?)').run('A-1', v1('name', nameKey('Jane Doe')!), 'week1.json', 1767225600000, 1767225600000);
    db.prepare('INSERT INTO identifiers VALUES (?, ?, ?, ?)').run(v1('phone', '+14155550101'), 'A-1', 'phone', 1767225600000);
    db.prepare('INSERT INTO identifiers VALUES (?, ?, ?, ?)').run(v1('email', 'jane.doe@example.com'), 'A-1', 'email', 1767225600000);
    db.close();
    write('week2.json', [
      { id: 'B-7', name: 'Chol Min Pak', phone: '(415) 555-0101', location: { country: 'US' } },
      { id: 'B-9', name: 'Doe, Jane', email: 'jane.doe@example.com' },
    ]);
    const r = await vet(['week2.json', '-f', 'json'], '1767830400');
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(
      report.applicants.map((a: { id: string; findings: { messageId: string; data: { otherId: string } }[] }) => [
        a.id,
        a.findings.map((f) => [f.messageId, f.data.otherId]),
      ]),
    ).toEqual([
      ['B-7', [['seenBefore', 'A-1']]],
      ['B-9', []], // the same name as A-1: the name hash came across too
    ]);
    expect(JSON.parse((await vet(['ledger', 'stats', '-f', 'json'])).stdout)).toMatchObject({ applicants: 3, byKind: { phone: 2, email: 2 } });
    expect(existsSync(join(cwd, 'week2.json'))).toBe(true);
  });

  it('brings a schema 2 ledger to schema 3 in place: old rows kept, new chunks numbered for reconcile', () => {
    const home = mkdtempSync(join(tmpdir(), 'vet-schema2-'));
    Ledger.open({ VET_HOME: home }).close();
    const path = join(home, 'ledger.sqlite');
    const db = new Database(path);
    // What schema 2 was: identifiers without a chunk, no chunks table.
    db.exec('DROP TABLE chunks; DROP TABLE identifiers');
    db.exec(
      `CREATE TABLE identifiers (hash INTEGER NOT NULL, applicant INTEGER NOT NULL, kind INTEGER NOT NULL, seen_at INTEGER NOT NULL, PRIMARY KEY (hash, applicant)) WITHOUT ROWID`,
    );
    db.prepare("UPDATE meta SET value = '2' WHERE key = 'schema'").run();
    db.prepare("INSERT INTO applicants (ref, id, name_hash, file, first_seen, last_seen) VALUES (9, 'Z-0', 3, 'older.json', 500, 500)").run();
    db.prepare('INSERT INTO identifiers VALUES (43, 9, 1, 500)').run();
    db.close();
    const old = Ledger.open({ VET_HOME: home });
    old.record([{ applicantId: 'A-1', file: 'old.json', nameHash: 1n, identifiers: [{ hash: 42n, kind: 'phone' }] }], 1_000);
    old.close();
    const check = new Database(path, { readonly: true });
    expect(check.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get()).toBe('3');
    expect(check.prepare('SELECT count(*) FROM identifiers').pluck().get()).toBe(2);
    expect(check.prepare('SELECT count(*) FROM identifiers WHERE chunk IS NOT NULL').pluck().get()).toBe(1);
    check.close();
    const later = Ledger.open({ VET_HOME: home });
    later.record([{ applicantId: 'B-1', file: 'new.json', nameHash: 2n, identifiers: [{ hash: 42n, kind: 'phone' }] }], 2_000);
    expect(later.reconcile(0).map((f) => [f.applicantId, f.later.map((o) => o.applicantId)])).toEqual([['A-1', ['B-1']]]);
    later.close();
  });

  it('vet ledger reconcile names the earlier applicant a later run shared an identifier with, and gates on it', async () => {
    const { write, vet } = setup();
    write('monday.json', [jane]);
    write('tuesday.json', [{ id: 'B-7', name: 'Chol Min Pak', phone: '(415) 555-0101', location: { country: 'US' } }]);
    expect((await vet(['monday.json', '--rules', 'identity-reuse'], '1767225600')).exitCode).toBe(0);
    expect((await vet(['tuesday.json', '--rules', 'identity-reuse'], '1767312000')).exitCode).toBe(1);
    const r = await vet(['ledger', 'reconcile', '--since', '2026-01-01'], '1767398400');
    expect(r).toMatchObject({ exitCode: 1, stderr: '' });
    expect(r.stdout).toContain('1 applicant vetted since 2026-01-01T00:00:00Z shares an identifier');
    expect(r.stdout).toContain(
      'A-1 (monday.json, vetted 2026-01-01): the same phone number was given afterwards under a different name by B-7 (tuesday.json, 2026-01-02)',
    );
    expect(r.stdout).not.toContain('555');
    // An age counts back from now; after Monday's run there is nothing left to reconcile.
    expect(await vet(['ledger', 'reconcile', '--since', '36h'], '1767398400')).toMatchObject({
      exitCode: 0,
      stdout: expect.stringContaining('nothing to reconcile'),
    });
    const bad = await vet(['ledger', 'reconcile', '--since', 'soon']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--since: "soon" is neither a date or time');
  });

  it('reads ages', () => {
    const now = new Date('2026-03-31T00:00:00Z');
    expect(parseAge('365d', now)?.toISOString()).toBe('2025-03-31T00:00:00.000Z');
    expect(parseAge('2w', now)?.toISOString()).toBe('2026-03-17T00:00:00.000Z');
    expect(parseAge('1y', now)?.toISOString()).toBe('2025-03-31T00:00:00.000Z');
    expect(parseAge('6m', now)?.toISOString().slice(0, 7)).toBe('2025-10');
    expect(parseAge('soon', now)).toBeUndefined();
  });
});
