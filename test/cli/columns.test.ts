import { run } from '../../src/cli/run.js';
import { FIXTURES } from '../helpers/collect.js';
import { EMPTY_HOME } from '../helpers/home.js';

const vet = (argv: string[]) => run(argv, { cwd: FIXTURES, env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' } });

describe('vet columns and the mapping in the report', () => {
  it('shows the field of each header, what is not read, and the first rows masked', async () => {
    const r = await vet(['columns', 'csv/ats-export.csv', '-f', 'json', '--rows', '1']);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.columns).toContainEqual({ header: 'Candidate Name', field: 'name' });
    expect(out.columns).toContainEqual({ header: 'Country of Residence', field: 'location.country' });
    expect(out.columns).toContainEqual({ header: 'Notes', field: null });
    expect(out.rows).toHaveLength(1);
    // Masked: initials, the first letter of an e-mail, the last digits of a phone; never the whole value.
    expect(out.rows[0]['Candidate Name']).toMatch(/^[A-Z]\. [A-Z]\.$/);
    expect(out.rows[0]['Email Address']).toMatch(/^j\*+@example\.com$/);
    expect(out.rows[0]['Mobile']).toMatch(/^\+[* ]+00$/);
    const raw = r.stdout;
    expect(raw).not.toContain('Jane');
  });

  it('records the mapping of each CSV input in the report, and lists the columns it did not read', async () => {
    const report = JSON.parse((await vet(['csv/ats-export.csv', '-f', 'json', '--fail-on', 'none'])).stdout);
    expect(report.inputs).toEqual([{ file: 'csv/ats-export.csv', columns: expect.arrayContaining([{ header: 'Mobile', field: 'phones' }]) }]);
    expect(report.summary.ignoredColumns).toEqual([{ file: 'csv/ats-export.csv', header: 'Notes' }]);
    const text = (await vet(['csv/ats-export.csv', '--fail-on', 'none'])).stdout;
    expect(text).toContain('Columns not read (kept in extra): "Notes"');
  });
});
