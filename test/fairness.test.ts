import { readFileSync } from 'node:fs';
import { parseConfig } from '../src/engine/config.js';
import { vet } from '../src/engine/pipeline.js';
import { Engine } from '../src/engine/engine.js';
import { RULES } from '../src/rules/index.js';
import { loadSources, type Sources } from '../src/sources/index.js';
import { applicant } from './helpers/applicant.js';
import { FIXTURES } from './helpers/collect.js';
import { EMPTY_HOME } from './helpers/home.js';

/**
 * vet scores inconsistencies and list hits, never origin. These tests hold every rule to that:
 * ordinary applicants of many origins come out clear, and names, nationality and language never
 * move a score on their own.
 */
describe('fairness', () => {
  // An empty VET_HOME: the built-in data, never a list installed on the developer's machine.
  const env = { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' };

  it('clears every ordinary applicant, whatever their origin', async () => {
    const report = await vet(['applicants/ordinary.json'], { config: parseConfig({}, RULES), cwd: FIXTURES, env });
    expect(report.errors).toEqual([]);
    expect(report.summary.applicants).toBeGreaterThan(15);
    const flagged = report.applicants.filter((a) => a.findings.length > 0).map((a) => `${a.id}: ${a.findings.map((f) => f.message).join('; ')}`);
    expect(flagged).toEqual([]);
  });

  const names = ['John Sample', 'Kim Min-jun', 'Song Min-ho', 'Wang Fang', 'Ivan Petrov', 'Nguyen Van An', 'Priya Example', 'Chinedu Example', '김민준', '王芳'];
  const nationalities = ['US', 'KR', 'CN', 'RU', 'VN', 'IN', 'NG', undefined];
  let sources: Sources;
  beforeAll(async () => {
    sources = (await loadSources(RULES.flatMap((r) => r.meta.requires), { env })).sources;
  });
  const base = JSON.parse(readFileSync(FIXTURES + 'applicants/flagged.json', 'utf8')) as Record<string, unknown>;

  it.each([
    ['an inconsistent applicant', base],
    ['a consistent applicant', { phone: '+1 415 555 0100', location: { country: 'US' } }],
    ['a foreign number without a claimed country', { phone: '+86 138 0013 8000' }],
  ])('gives %s the same findings under any name or nationality', async (_, raw) => {
    const outcome = async (extra: Record<string, unknown>) => {
      const engine = new Engine(RULES, parseConfig({}, RULES), sources);
      const result = engine.vet(applicant({ ...raw, ...extra }));
      await engine.finish([result]);
      return result.findings.map((f) => [f.rule, f.messageId, f.points]);
    };
    // The name is the applicant's own wherever it is written (the payout account's holder too):
    // what is compared is consistency, and that must not depend on which name it is.
    const named = (name: string) => ({ name, ...('payment' in raw ? { payment: { ...(raw.payment as object), accountHolder: name } } : {}) });
    const reference = await outcome(named('Jane Example'));
    for (const name of names) expect(await outcome(named(name))).toEqual(reference);
    for (const nationality of nationalities) expect(await outcome({ nationality })).toEqual(reference);
    expect(await outcome({ language: 'Korean', preferredLanguage: 'ko' })).toEqual(reference);
  });
});
