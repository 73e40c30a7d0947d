import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import { parseFailOn } from '../../src/engine/config.js';
import { EMPTY_HOME } from '../helpers/home.js';

// A "clear" says what it rests on, and an applicant nothing could be checked of is not clear.
const dir = mkdtempSync(join(tmpdir(), 'vet-checks-'));
const file = join(dir, 'people.ndjson');
writeFileSync(
  file,
  [
    { id: 'EMPTY', note: 'only an id and a field vet does not read' },
    { id: 'NAME-ONLY', name: 'Jane Doe' },
    { id: 'HOUSTON', phone: '+86 138 0013 8000', location: 'Houston, TX' },
    { id: 'NOWHERE', phone: '+44 20 7946 0958', location: 'Springfield' },
    { id: 'KOREA', name: 'Min-jun Kim', phone: '+82 10-1234-5678', location: 'Korea' },
  ]
    .map((a) => JSON.stringify(a))
    .join('\n') + '\n',
);
const vet = (...args: string[]) => run([file, '-f', 'json', ...args], { cwd: dir, env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' } });
type Result = { id: string; level: string; failed: boolean; checks: { checked: string[]; notChecked: { check: string; reason: string }[] } };

describe('what was checked', () => {
  it('reports an applicant nothing could be checked of as unchecked, counted apart, and says what each could not check', async () => {
    const r = await vet('--fail-on', 'high');
    const report = JSON.parse(r.stdout);
    const by = new Map<string, Result>(report.applicants.map((a: Result) => [a.id, a]));
    expect(by.get('EMPTY')).toMatchObject({ level: 'unchecked', failed: false, checks: { checked: [], notChecked: [] } });
    expect(report.summary.byLevel.unchecked).toBe(1);
    // A name alone is screened, and the report says the screen was on the name only.
    expect(by.get('NAME-ONLY')!.level).toBe('clear');
    expect(by.get('NAME-ONLY')!.checks.checked).toContain('sanctions list: name');
    expect(by.get('NAME-ONLY')!.checks.notChecked.map((c) => c.check)).toContain('sanctions list: date of birth');
    // "City, ST" gives the country, so the Chinese number is compared with it.
    expect(by.get('HOUSTON')!.level).toBe('high');
    // A location without a country: the number is not compared, and the report says so.
    expect(by.get('NOWHERE')).toMatchObject({ level: 'clear' });
    expect(by.get('NOWHERE')!.checks.notChecked).toContainEqual({ check: 'phone numbers: country', reason: 'not compared, no claimed country' });
    // "Korea" is not read as either Korea: said, not guessed.
    expect(by.get('KOREA')!.checks.notChecked).toContainEqual({ check: '/location', reason: expect.stringContaining('which Korea') });
    expect(r.exitCode).toBe(1);
  });

  it('fails a gate on unchecked applicants when asked to, and only then', async () => {
    expect((await vet('--fail-on', 'critical')).exitCode).toBe(0);
    const gated = await vet('--fail-on', 'critical,unchecked');
    expect(gated.exitCode).toBe(1);
    const report = JSON.parse(gated.stdout);
    expect(report.scoring).toMatchObject({ failOn: 'critical', failOnUnchecked: true });
    expect(report.applicants.filter((a: Result) => a.failed).map((a: Result) => a.id)).toEqual(['EMPTY']);
    expect((await vet('--fail-on', 'unchecked')).exitCode).toBe(1);
    const bad = await vet('--fail-on', 'sometimes');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--fail-on');
  });

  it('reads --fail-on and failOn as a level, none, unchecked, or a level with unchecked', () => {
    expect(parseFailOn('high')).toEqual({ failOn: 'high', unchecked: false });
    expect(parseFailOn('medium, unchecked')).toEqual({ failOn: 'medium', unchecked: true });
    expect(parseFailOn('unchecked')).toEqual({ failOn: 'none', unchecked: true });
    expect(parseFailOn('high,low')).toBeUndefined();
    expect(parseFailOn('')).toBeUndefined();
  });
});

describe('fields an export writes its own way', () => {
  const us = join(dir, 'us.csv');
  writeFileSync(
    us,
    'Name,Email,Phone,Date of Birth\nAda Example,ada@example.com,020 7946 0958,03/04/1990\nBo Example,bo@example.com,020 7946 0959,1990-04-03\n',
  );
  const vetUs = (...args: string[]) => run([us, '-f', 'json', ...args], { cwd: dir, env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' } });

  it('vets an applicant whose date of birth is ambiguous, and says the date could not be read', async () => {
    const report = JSON.parse((await vetUs()).stdout);
    expect(report.summary).toMatchObject({ applicants: 2, rejected: 0 });
    expect(report.errors).toEqual([expect.objectContaining({ line: 2, field: 'column "Date of Birth"', message: expect.stringContaining('--date-order') })]);
    expect(report.applicants[0].checks.notChecked).toContainEqual({
      check: 'column "Date of Birth"',
      reason: expect.stringContaining('ambiguous day and month order'),
    });
  });

  it('reads numeric dates in the order given, and national phone numbers against the default country, and says so', async () => {
    const report = JSON.parse((await vetUs('--date-order', 'mdy', '--default-country', 'GB')).stdout);
    expect(report.errors).toEqual([]);
    expect(report.summary.notes).toEqual(
      expect.arrayContaining([expect.stringContaining('read as numbers of GB'), expect.stringContaining('numeric dates were read in mdy order')]),
    );
    // Read against GB, the numbers are valid London numbers: nothing to report.
    expect(report.applicants.map((a: { findings: unknown[] }) => a.findings)).toEqual([[], []]);
    const without = JSON.parse((await vetUs('--date-order', 'mdy')).stdout);
    expect(without.applicants[0].checks.notChecked).toContainEqual({ check: 'phone numbers: country', reason: 'not compared, no claimed country' });
    expect((await vetUs('--default-country', 'Atlantis')).stderr).toContain('--default-country: unknown country');
  });
});
