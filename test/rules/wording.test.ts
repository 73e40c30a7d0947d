import { keypadDigits, parsePhone } from '../../src/keys/phone.js';
import { RULES } from '../../src/rules/index.js';
import { run } from '../../src/cli/run.js';
import { EMPTY_HOME } from '../helpers/home.js';
import { FIXTURES } from '../helpers/collect.js';

describe('wording a reader does not trip on', () => {
  it('reads a vanity number as the digits of its letters, and leaves words alone', () => {
    expect(parsePhone('+1 (800) FLOWERS').e164).toBe('+18003569377');
    expect(parsePhone('1-800-FLOWERS', 'US')).toMatchObject({ e164: '+18003569377', valid: true });
    expect(keypadDigits('call me')).toBe('call me');
    expect(keypadDigits('+44 20 7946 0958')).toBe('+44 20 7946 0958');
  });

  it('no message writes "(s)" for a plural', () => {
    for (const rule of RULES) for (const m of Object.values(rule.meta.messages as Record<string, string>)) expect(m).not.toContain('(s)');
  });

  it('counts interviews in words: "1 of 1 interview", "2 of 3 interviews"', async () => {
    const r = await run(['interviews.csv', '-f', 'json'], { cwd: `${FIXTURES}/csv`, env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' } });
    const messages = (JSON.parse(r.stdout) as { applicants: { findings: { message: string }[] }[] }).applicants.flatMap((a) =>
      a.findings.map((f) => f.message),
    );
    const counted = messages.filter((m) => / of \d+ interviews?\b/.test(m));
    expect(counted.length).toBeGreaterThan(0);
    for (const m of counted) expect(m).toMatch(/ of (1 interview\b|([2-9]|\d\d+) interviews\b)/);
  });
});
