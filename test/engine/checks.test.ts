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
