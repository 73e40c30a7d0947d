import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import type { Report } from '../../src/engine/report.js';
import { detectEncoding } from '../../src/input/read.js';
import { collect } from '../helpers/collect.js';

// Broken and hostile input: each case ends in exit 2 with one clear line per problem, naming file,
// line and field but never the value, or is vetted correctly. None may crash ("Unexpected error"),
// hang or hold a 50 MB cell.
const dir = mkdtempSync(join(tmpdir(), 'vet-hostile-'));
const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-home-')), VET_LEDGER: 'off' };
const write = (name: string, data: string | Buffer): string => {
  writeFileSync(join(dir, name), data);
  return name;
};
const vet = (...argv: string[]) => run(argv, { cwd: dir, env });
const json = async (...argv: string[]) => {
  const r = await vet(...argv, '--format', 'json');
  expect(r.stderr).not.toMatch(/Unexpected error/);
  return { ...r, report: JSON.parse(r.stdout) as Report };
};
const HEADER = 'Name,Email,Phone,Country,IP Address\n';
const row = (n: number) => `Person${n} Example,p${n}@example.com,+1 202 555 01${String(n % 100).padStart(2, '0')},US,192.0.2.${n % 250}\n`;
const stderrLines = (stderr: string) => stderr.split('\n').filter(Boolean);

describe('broken and hostile input', () => {
  it('truncated JSON: exit 2, one line with the place it ends', async () => {
    const r = await vet(write('truncated.json', '[{"id":"1","name":"Ann Example","phones":["+1 202'));
    expect(r.exitCode).toBe(2);
    expect(stderrLines(r.stderr)).toEqual(['vet: truncated.json:1:50: not valid JSON: unexpected end of file (expected a closing double quote)']);
  });

  it('a JSON bomb of deep nesting: exit 2, one line, no stack overflow', async () => {
    const r = await vet(write('deep.json', `${'['.repeat(200_000)}${']'.repeat(200_000)}`));
    expect(r.exitCode).toBe(2);
    expect(stderrLines(r.stderr)).toEqual(['vet: deep.json:1:514: nested more than 512 levels deep; not an applicant file']);
  });

  it('deep nesting inside one NDJSON applicant drops that value only', async () => {
    const deep = `{"id":"D","extra":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    const r = await json(write('deep.ndjson', `{"id":"A","name":"Ann Example"}\n${deep}\n{"id":"B","name":"Bob Example"}\n`));
    expect(r.exitCode).toBe(2);
    // D is vetted without its deep value: one bad field never drops an applicant.
    expect(r.report.applicants.map((a) => a.id)).toEqual(['A', 'D', 'B']);
    expect(r.report.errors).toEqual([expect.objectContaining({ file: 'deep.ndjson', line: 2, message: 'nested more than 512 levels deep' })]);
  });

  it('NUL bytes: the cell holding one is left out and named by row and column; a file full of them is not text', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => row(i)).join('');
    const r = await json(write('nul.csv', `${HEADER}${rows}Bob\u0000Example,bob@example.com,+1 202 555 0148,US,192.0.2.2\n`));
    expect(r.exitCode).toBe(2);
    expect(r.report.summary).toMatchObject({ applicants: 201, rejected: 0 });
    const bob = r.report.applicants.find((a) => a.input.line === 202)!;
    expect(bob.name).toBeNull();
    expect(bob.checks.notChecked).toContainEqual({ check: 'column "Name"', reason: 'could not be read: contains a NUL character (a damaged export?)' });
    expect(stderrLines(r.stderr)).toEqual(['vet: nul.csv:202: column "Name": contains a NUL character (a damaged export?)']);
    const escaped = await json(write('nul.json', '[{"id":"N","name":"Bob\\u0000Example"},{"id":"M","name":"Ann Example"}]'));
    expect(escaped.report.errors).toEqual([expect.objectContaining({ line: 1, field: '/name', message: 'contains a NUL character (a damaged export?)' })]);
    expect(escaped.report.applicants.map((a) => [a.id, a.name])).toEqual([
      ['N', null],
      ['M', 'Ann Example'],
    ]);
    const binary = await vet(write('binary.csv', Buffer.concat([Buffer.from(HEADER), Buffer.alloc(4096, 0)])));
    expect(stderrLines(binary.stderr)).toEqual(['vet: binary.csv: is not a text file; expected JSON, NDJSON or CSV']);
  });

  it('a 50 MB cell is skipped as it streams past, and the rows after it are vetted', async () => {
    const big = `${HEADER}"${'A'.repeat(50 * 1024 * 1024)}",a@example.com,+1 202 555 0147,US,192.0.2.1\n${row(1)}`;
    const r = await json(write('bigcell.csv', big));
    expect(r.exitCode).toBe(2);
    expect(r.report.applicants.map((a) => a.input.line)).toEqual([3]);
    expect(stderrLines(r.stderr)).toEqual(['vet: bigcell.csv:2: the record is longer than the 4,194,304-character limit (--max-record), so it was skipped']);
  });

  it('bounds are configurable: --max-cell, --max-record and "limits" in the config', async () => {
    const file = write('long.csv', `Name,Resume Text,Country\nAnn Example,${'word '.repeat(40)},US\n${'Bob Example,short,US\n'}`);
    const cell = await json(file, '--max-cell', '100');
    expect(cell.report.errors).toEqual([
      expect.objectContaining({ line: 2, field: 'column "Resume Text"', message: 'longer than the 100-character limit (--max-cell)' }),
    ]);
    expect(cell.report.summary.applicants).toBe(2);
    const record = await json(file, '--max-record', '64');
    expect(record.report.errors).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringMatching(/longer than the 64-character limit \(--max-record\)/) }),
    ]);
    expect((await json(file, '--max-cell', '1K')).report.errors).toEqual([]);
    // The last row, with no line end after it, is held to the limit too.
    const last = await json(write('last.csv', 'Name,Country\nAnn Example,US\nBob Example Has A Long Name,US'), '--max-record', '20');
    expect([last.report.summary.applicants, last.report.errors.map((e) => e.line)]).toEqual([1, [3]]);
    writeFileSync(join(dir, 'vet.config.json'), '{ "limits": { "maxCell": 100 } }');
    try {
      expect((await json(file)).report.errors).toHaveLength(1);
      writeFileSync(join(dir, 'vet.config.json'), '{ "limits": { "maxCell": 0 } }');
      expect((await vet(file)).stderr).toMatch(/limits\.maxCell must be a whole number from 1 to/);
    } finally {
      writeFileSync(join(dir, 'vet.config.json'), '{}');
    }
    expect((await vet(file, '--max-cell', 'lots')).stderr).toMatch(/--max-cell <size>' argument 'lots' is invalid/);
    expect((await vet(file, '--max-cell', '1000M')).stderr).toMatch(/--max-cell <size>' argument '1000M' is invalid\. at most 16777216 characters/);
    // A header over the record limit ends the file: no row can be read without it.
    const header = await vet(file, '--max-record', '10');
    expect([header.exitCode, stderrLines(header.stderr)]).toEqual([
      2,
      ['vet: long.csv:1: the header row is longer than the 10-character limit (--max-record)'],
    ]);
  });

  it('a 100,000-column header is read, its known columns used', async () => {
    const others = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
    const r = await json(write('wide.csv', `Name,Phone,Country,${others.join(',')}\nAnn Example,+850 2 381 2222,US,${others.map(() => 'x').join(',')}\n`));
    expect(r.report.applicants.map((a) => [a.name, a.findings.some((f) => f.messageId === 'northKorea')])).toEqual([['Ann Example', true]]);
    const unknown = await vet(write('unknown.csv', `${others.join(',')}\n`));
    expect(unknown.exitCode).toBe(2);
    expect(stderrLines(unknown.stderr)).toHaveLength(1);
  });

  it('mixed line endings (CRLF, LF and a lone CR) end rows alike, with the right line numbers', async () => {
    const r = await json(
      write('mixed.csv', 'Name,Phone,Country\r\nAnn Example,+850 2 381 2222,US\nBob Example,+1 202 555 0148,US\rCid Example,+850 2 381 2223,US\r\n'),
    );
    expect(r.exitCode).toBe(1);
    expect(r.report.applicants.map((a) => [a.name, a.input.line, a.level])).toEqual([
      ['Ann Example', 2, 'critical'],
      ['Bob Example', 3, 'clear'],
      ['Cid Example', 4, 'critical'],
    ]);
  });

  describe('encodings', () => {
    const text = 'Name,Phone,Country\r\nJosé Müller,+49 30 901820,DE\r\n';
    const utf16 = (t: string, endian: 'le' | 'be') => {
      const le = Buffer.from(t, 'utf16le');
      if (endian === 'le') return le;
      const be = Buffer.alloc(le.length);
      for (let i = 0; i < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1]!, le[i]!];
      return be;
    };
    const names = async (file: string, ...argv: string[]) => {
      const r = await json(file, ...argv);
      return { names: r.report.applicants.map((a) => a.name), stderr: r.stderr };
    };

    it.each([
      ['UTF-16 LE with a BOM', 'le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), utf16(text, 'le')])],
      ['UTF-16 BE with a BOM', 'be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16(text, 'be')])],
      ['UTF-8 with a BOM', 'bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ])('reads %s silently', async (_, name, data) => {
      expect(await names(write(name, data))).toEqual({ names: ['José Müller'], stderr: '' });
    });

    it('guesses UTF-16 without a BOM and Windows-1252, and says so', async () => {
      expect(await names(write('le-nobom.csv', utf16(text, 'le')))).toEqual({
        names: ['José Müller'],
        stderr: 'vet: note: le-nobom.csv: not UTF-8; read as utf-16le (give --encoding to choose another)\n',
      });
      const cp1252 = Buffer.from(text.replace('José Müller', 'José Müller \u2013 \u201cPepe\u201d'), 'latin1');
      // latin1 cannot hold the dash and quotes: write their Windows-1252 bytes.
      const bytes = Buffer.from(cp1252.toString('latin1').replace('\u0013', '\x96').replace('\u001c', '\x93').replace('\u001d', '\x94'), 'latin1');
      const r = await names(write('excel.csv', bytes));
      expect(r).toEqual({
        names: ['José Müller \u2013 \u201cPepe\u201d'],
        stderr: 'vet: note: excel.csv: not UTF-8; read as windows-1252 (give --encoding to choose another)\n',
      });
      expect(await names('excel.csv', '--encoding', 'windows-1252')).toEqual({ names: ['José Müller \u2013 \u201cPepe\u201d'], stderr: '' });
    });

    it('reads any encoding given with --encoding (EUC-KR), and refuses an unknown one', async () => {
      const euckr = Buffer.concat([Buffer.from('Name,Country\n'), Buffer.from([0xb1, 0xe8, 0xb9, 0xce, 0xc1, 0xd8]), Buffer.from(',KR\n')]);
      expect(await names(write('korean.csv', euckr), '--encoding', 'euc-kr')).toEqual({ names: ['김민준'], stderr: '' });
      const bogus = await vet('korean.csv', '--encoding', 'klingon');
      expect(bogus.exitCode).toBe(2);
      expect(bogus.stderr).toMatch(/^vet: --encoding: unknown encoding "klingon"/);
    });

    it('leaves out a cell with undecodable bytes in a file read as UTF-8, named by row and column', async () => {
      // Past the first 256 KiB read, which is what the encoding is told from.
      const good = Buffer.from(`Name,Country\n${'Ann Example,US\n'.repeat(20_000)}`);
      const r = await json(write('late-bad.csv', Buffer.concat([good, Buffer.from('Bad '), Buffer.from([0xff]), Buffer.from('Name,US\n')])));
      expect(r.report.summary).toMatchObject({ applicants: 20_001, rejected: 0 });
      expect(r.report.errors).toEqual([
        expect.objectContaining({
          line: 20_002,
          field: 'column "Name"',
          message: expect.stringMatching(/not text in the encoding the file was read as .*give --encoding/),
        }),
      ]);
    });

    it.each([
      ['plain ASCII', Buffer.from('a,b\n'), 'utf-8'],
      ['a PNG header', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]), 'binary'],
      ['UTF-8 cut inside a character', Buffer.from('ab\u00e9').subarray(0, 3), 'utf-8'],
    ])('detectEncoding: %s', (_, bytes, expected) => {
      const found = detectEncoding(bytes);
      expect(found === 'binary' ? found : found.encoding).toBe(expected);
    });
  });

  it('duplicate headers: a list field takes both, a single field is refused, unknown columns are both kept', async () => {
    write('dup-email.csv', 'Name,Email,Email,Notes,Notes\nAnn Example,ann@example.com,ann@example.org,first,second\n');
    const { records } = await collect(['dup-email.csv'], { cwd: dir });
    expect(records[0]!.applicant.emails).toEqual(['ann@example.com', 'ann@example.org']);
    expect(records[0]!.applicant.extra).toEqual({ Notes: 'first', 'Notes (2)': 'second' });
    const name = await vet(write('dup-name.csv', 'Name,Name,Email\nAnn Example,Bob Other,ann@example.com\n'));
    expect(name.exitCode).toBe(2);
    expect(stderrLines(name.stderr)).toEqual(['vet: dup-name.csv:1: columns 1 and 2 are both headed "Name" (name); rename one of them in the export']);
  });

  it('formulas in cells are data: vetted as text, and defused in the CSV report', async () => {
    const file = write('formula.csv', 'Name,Phone,Country\n"=HYPERLINK(""http://evil.example"",""x"")",+850 2 381 2222,US\n@SUM(1+1),+1 202 555 0148,US\n');
    const r = await json(file);
    expect(r.report.applicants.map((a) => a.name)).toEqual(['=HYPERLINK("http://evil.example","x")', '@SUM(1+1)']);
    const csv = (await vet(file, '--format', 'csv')).stdout;
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv).toMatch(/,'@SUM\(1\+1\),/);
  });

  it('RTL overrides and zero-width characters: matched as the plain name, shown escaped on the terminal', async () => {
    const file = write(
      'hidden.json',
      JSON.stringify([
        { id: 'PLAIN', name: 'Song Kum Hyok' },
        { id: 'ZW', name: 'So\u200dng Ku\u200cm\u200b Hy\ufeffok' },
        { id: 'RTL', name: '\u202eKoyh Muk Gnos\u202c' },
        { id: 'ANSI', name: 'Ann \u001b[2J\u001b[31mRed\u001b[0m Example' },
      ]),
    );
    const { report } = await json(file);
    const hits = (id: string) => report.applicants.find((a) => a.id === id)!.findings.map((f) => [f.messageId, f.data.entryId, f.data.score]);
    expect(hits('ZW')).toEqual(hits('PLAIN'));
    expect(hits('PLAIN')).toEqual([['nameOnlyMatch', '49970', 1]]);
    // The override only makes the reversed text look like the listed name: it is not one.
    expect(hits('RTL')).toEqual([]);
    const text = (await vet(file, '--fail-on', 'none')).stdout;
    expect(text).toContain('ZW  So\\u{200D}ng Ku\\u{200C}m\\u{200B} Hy\\u{FEFF}ok');
    expect(text).not.toMatch(/[\u200b-\u200f\u202a-\u202e\ufeff\u001b]/);
    const md = (await vet(file, '--format', 'markdown', '--fail-on', 'none')).stdout;
    expect(md).not.toMatch(/[\u200b-\u200f\u202a-\u202e\ufeff\u001b]/);
  });

  it('error messages name row and field, never the value, whatever is wrong with it', async () => {
    // Every cell holds a token of its own; each row breaks in another way.
    const secret = (n: number) => `Zq${n}xv`;
    let n = 0;
    const bad = [
      ['IP Address', `${secret(++n)}.1.1.1`],
      ['Country', `Land${secret(++n)}`],
      ['Camera On', `maybe${secret(++n)}`],
      ['Date of Birth', `born${secret(++n)}`],
      ['Name', `${secret(++n)}\u0000`],
      ['Resume Text', `${secret(++n)}${'x'.repeat(200)}`],
    ];
    const header = ['Name', 'Email', 'Country', 'IP Address', 'Camera On', 'Date of Birth', 'Resume Text'];
    const rows = bad.map(([column, value]) =>
      header.map((h) =>
        h === column ? value : h === 'Country' ? 'US' : h === 'Name' ? `Person ${secret(++n)}` : h === 'Email' ? `${secret(++n)}@example.com` : '',
      ),
    );
    const text = [header.join(','), ...rows.map((r) => r.map((c) => `"${c}"`).join(',')), `"${secret(++n)}","unclosed`].join('\n');
    const r = await json(write('secrets.csv', text), '--max-cell', '150');
    // Each bad cell is left out of an applicant still vetted; the unclosed quote loses its row.
    expect(r.report.summary).toMatchObject({ applicants: bad.length, rejected: 1 });
    expect(r.report.errors).toHaveLength(bad.length + 1);
    expect(stderrLines(r.stderr)).toHaveLength(bad.length + 1);
    expect(r.stderr).not.toMatch(/Zq\d+xv/);
    expect(JSON.stringify(r.report.errors)).not.toMatch(/Zq\d+xv/);
  });

  it('garbage in IP fields is left out and named by row and column without the value; garbage phones are vetted as invalid', async () => {
    const r = await json(
      write(
        'garbage.csv',
        `${HEADER}Ann Example,ann@example.com,+1 202 555 0147,US,999.1.1.1\nBob Example,bob@example.com,+1 (555) DROP TABLE,US,192.0.2.1\nCid Example,cid@example.com,\u0007++++,US,192.0.2.2\n`,
      ),
    );
    expect(r.exitCode).toBe(2);
    expect(stderrLines(r.stderr)).toEqual(['vet: garbage.csv:2: column "IP Address": not an IPv4 or IPv6 address']);
    expect(r.stderr).not.toContain('999.1.1.1');
    expect(r.report.applicants.map((a) => [a.name, a.findings.filter((f) => f.rule === 'phone-origin').map((f) => f.messageId)])).toEqual([
      ['Ann Example', []],
      ['Bob Example', ['invalidNumber']],
      ['Cid Example', ['invalidNumber']],
    ]);
  });
});
