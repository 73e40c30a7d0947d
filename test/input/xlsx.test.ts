import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import { EMPTY_HOME } from '../helpers/home.js';
import { columnLetters } from '../../src/input/xlsx.js';
import { xlsx } from '../helpers/xlsx.js';

const dir = mkdtempSync(join(tmpdir(), 'vet-xlsx-'));
const write = (name: string, data: Buffer) => {
  writeFileSync(join(dir, name), data);
  return name;
};
const vet = (...argv: string[]) => run(argv, { cwd: dir, env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' } });
const HEADER = ['Candidate ID', 'Full Name', 'Email', 'Phone', 'Country of Residence', 'Date of Birth'];

describe('Excel exports', () => {
  it('reads the first sheet of an .xlsx with the same header mapping, and errors by row', async () => {
    const file = write(
      'export.xlsx',
      xlsx([
        HEADER,
        ['C-1', 'Ada Example', 'ada@example.com', '+86 138 0013 8000', 'United States', '1990-04-03'],
        ['C-2', 'Bo Example', 'bo@example.com', '+1 415 555 0100', 'Narnia', '03/04/1990'],
      ]),
    );
    const r = await vet(file, '-f', 'json', '--fail-on', 'none');
    const report = JSON.parse(r.stdout);
    expect(report.applicants.map((a: { id: string; level: string }) => [a.id, a.level])).toEqual([
      ['C-1', 'high'],
      ['C-2', 'clear'],
    ]);
    expect(report.inputs[0].columns).toContainEqual({ header: 'Email', field: 'emails' });
    // Row 3 of the sheet, named by column, never by value.
    // Named as a spreadsheet names the cell.
    expect(report.errors).toEqual([
      expect.objectContaining({ file: 'export.xlsx', line: 3, field: 'Sheet1!F3 (column "Date of Birth")' }),
      expect.objectContaining({ file: 'export.xlsx', line: 3, field: 'Sheet1!E3 (column "Country of Residence")' }),
    ]);
    expect(JSON.stringify(report.errors)).not.toContain('Narnia');
  });

  it('reads the sheet named with --sheet, and says so when there is none', async () => {
    const file = write('named.xlsx', xlsx([HEADER, ['C-9', 'Cy Example', 'cy@example.com', '', 'US', '']], { sheet: 'Candidates' }));
    expect(JSON.parse((await vet(file, '--sheet', 'Candidates', '-f', 'json')).stdout).summary.applicants).toBe(1);
    const missing = await vet(file, '--sheet', 'Jobs');
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('has no sheet named "Jobs" (sheets: "Candidates")');
  });

  it.each([
    ['old.xls', 'save it as .xlsx or CSV'],
    ['doc.numbers', 'export it as .xlsx or CSV'],
    ['macro.xlsm', 'with macros'],
  ])('refuses %s with what to do instead', async (name, hint) => {
    const r = await vet(write(name, Buffer.from('not read')));
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(hint);
  });

  it('refuses hostile workbooks before unpacking them: a zip bomb, macros, external links, a huge file, not a zip', async () => {
    const bomb = xlsx([HEADER], { extra: [{ name: 'xl/worksheets/sheet2.xml', data: Buffer.alloc(1024), claimUnpacked: 2_000_000_000 }] });
    const macros = xlsx([HEADER], { extra: [{ name: 'xl/vbaProject.bin', data: Buffer.from('macro') }] });
    const links = xlsx([HEADER], { extra: [{ name: 'xl/externalLinks/externalLink1.xml', data: Buffer.from('<externalLink/>') }] });
    const cases: Array<[string, Buffer, RegExp]> = [
      ['bomb.xlsx', bomb, /a zip bomb\?/],
      ['macros.xlsx', macros, /contains macros/],
      ['links.xlsx', links, /links to other workbooks/],
      ['text.xlsx', Buffer.from('Name,Email\nA,b@c.d\n'), /not an \.xlsx workbook/],
    ];
    for (const [name, data, message] of cases) {
      const r = await vet(write(name, data));
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const huge = write('huge.xlsx', Buffer.alloc(0));
    truncateSync(join(dir, huge), 100 * 1024 * 1024);
    const r = await vet(huge);
    expect(r.stderr).toMatch(/is 100 MB, more than the 64 MB/);
  });

  it('names columns as a spreadsheet does', () => {
    expect([0, 25, 26, 51, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
  });
});
