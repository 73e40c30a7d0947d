import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/engine/config.js';
import { vet } from '../src/engine/pipeline.js';
import { Engine } from '../src/engine/engine.js';
import { RULES } from '../src/rules/index.js';
import { loadSources, type Sources } from '../src/sources/index.js';
import { applicant } from './helpers/applicant.js';
import { cleanApplicants } from './helpers/clean-applicants.js';
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
    const report = await vet(['applicants/ordinary.json'], { rules: RULES, config: parseConfig({}, RULES), cwd: FIXTURES, env });
    expect(report.errors).toEqual([]);
    expect(report.summary.applicants).toBeGreaterThan(15);
    const flagged = report.applicants.filter((a) => a.findings.length > 0).map((a) => `${a.id}: ${a.findings.map((f) => f.message).join('; ')}`);
    expect(flagged).toEqual([]);
  });

  it('clears 200 consistent applicants from 25 countries, over a third with Korean, Chinese or Russian names', async () => {
    const now = new Date('2026-11-21T00:00:00Z');
    const people = cleanApplicants(200, now);
    const origins = people.map((p) => p.nationality as string);
    expect(people.length).toBeGreaterThanOrEqual(200);
    expect(new Set(origins).size).toBeGreaterThanOrEqual(20);
    expect(origins.filter((c) => ['KR', 'CN', 'RU'].includes(c)).length / people.length).toBeGreaterThan(1 / 3);
    // Some in Hangul, Chinese characters or Cyrillic, some living abroad: the cases most likely to be misread.
    expect(people.filter((p) => /[\uAC00-\uD7A3\u4E00-\u9FFF\u0400-\u04FF]/.test(p.name as string)).length).toBeGreaterThan(20);
    expect(people.filter((p) => (p.location as { country: string }).country !== p.nationality).length).toBeGreaterThan(5);
    const dir = mkdtempSync(join(tmpdir(), 'vet-fairness-'));
    writeFileSync(join(dir, 'clean.ndjson'), people.map((p) => JSON.stringify(p)).join('\n') + '\n');
    const report = await vet(['clean.ndjson'], { rules: RULES, config: parseConfig({}, RULES), cwd: dir, env, now });
    expect(report.errors).toEqual([]);
    expect(report.rules.map((r) => r.id).sort()).toEqual(RULES.map((r) => r.meta.id).sort());
    expect(report.summary.applicants).toBe(people.length);
    const flagged = report.applicants
      .filter((a) => a.findings.length > 0)
      .map((a) => `${a.id} ${a.name}: ${a.findings.map((f) => `${f.rule}/${f.messageId}`).join(', ')}`);
    expect(flagged).toEqual([]);
    expect(report.summary.byLevel.clear).toBe(people.length);
  });

  const names = [
    'John Sample',
    'Kim Min-jun',
    'Song Min-ho',
    'Wang Fang',
    'Ivan Petrov',
    'Nguyen Van An',
    'Priya Example',
    'Chinedu Example',
    '김민준',
    '王芳',
  ];
  const nationalities = ['US', 'KR', 'CN', 'RU', 'VN', 'IN', 'NG', undefined];
  let sources: Sources;
  beforeAll(async () => {
    sources = (
      await loadSources(
        RULES.flatMap((r) => r.meta.requires),
        { env },
      )
    ).sources;
  });
  const base = JSON.parse(readFileSync(FIXTURES + 'applicants/flagged.json', 'utf8')) as Record<string, unknown>;

  it.each([
    ['an inconsistent applicant', base],
    ['a consistent applicant', { phone: '+1 415 555 0100', location: { country: 'US' } }],
    ['a foreign number without a claimed country', { phone: '+86 138 0013 8000' }],
  ])('gives %s the same findings under any name or nationality', async (_, raw) => {
    const outcome = async (extra: Record<string, unknown>) => {
      const engine = new Engine(RULES, parseConfig({}, RULES), sources);
      const record = applicant({ ...raw, ...extra });
      const result = engine.vet(record);
      await engine.finish([result], [record]);
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
