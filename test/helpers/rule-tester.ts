import { parseConfig } from '../../src/engine/config.js';
import { Engine } from '../../src/engine/engine.js';
import type { Finding } from '../../src/engine/report.js';
import type { AnyRule } from '../../src/engine/rule.js';
import type { ApplicantRecord } from '../../src/input/applicant.js';
import { loadSources, type Sources } from '../../src/sources/index.js';
import { EMPTY_HOME } from './home.js';

export interface ExpectedFinding {
  messageId: string;
  level?: string;
  /** Every key given must equal the finding's data; others are not checked. */
  data?: Record<string, unknown>;
  /** The evidence paths, in order. */
  paths?: string[];
}

interface Case {
  name: string;
  applicant: ApplicantRecord;
  /** Rule settings as in vet.config.json. */
  settings?: unknown;
}

export interface RuleTests {
  valid: Case[];
  invalid: Array<Case & { findings: ExpectedFinding[] }>;
}

const loaded = new Map<AnyRule, Promise<Sources>>();

/**
 * Vets applicants as one batch with one rule and returns each one's findings, in order. An empty
 * VET_HOME and no ledger: rules see the built-in data, never what is installed on the machine.
 */
export async function runBatch(rule: AnyRule, records: ApplicantRecord[], settings?: unknown): Promise<Finding[][]> {
  const config = parseConfig(settings === undefined ? {} : { rules: { [rule.meta.id]: settings } }, [rule]);
  let sources = loaded.get(rule);
  if (!sources) {
    sources = loadSources(rule.meta.requires, { env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' } }).then((l) => l.sources);
    loaded.set(rule, sources);
  }
  const engine = new Engine([rule], config, await sources);
  const results = records.map((r) => engine.vet(r));
  await engine.finish(results, records);
  return results.map((r) => r.findings);
}

export async function runRule(rule: AnyRule, record: ApplicantRecord, settings?: unknown): Promise<Finding[]> {
  return (await runBatch(rule, [record], settings))[0]!;
}

function matches(actual: Finding, expected: ExpectedFinding): boolean {
  if (actual.messageId !== expected.messageId) return false;
  if (expected.level !== undefined && actual.level !== expected.level) return false;
  for (const [k, v] of Object.entries(expected.data ?? {})) if (actual.data[k] !== v) return false;
  if (expected.paths && JSON.stringify(actual.evidence.map((e) => e.path)) !== JSON.stringify(expected.paths)) return false;
  return true;
}

/**
 * Table-driven rule tests in the manner of ESLint's RuleTester: a valid case must report nothing,
 * an invalid case exactly the findings listed (in any order). An invalid case with no expected
 * finding is itself an error, so a table cannot pass by checking nothing.
 */
export const ruleTester = {
  run(rule: AnyRule, tests: RuleTests): void {
    describe(rule.meta.id, () => {
      describe('valid', () => {
        for (const c of tests.valid) {
          it(c.name, async () => {
            const findings = await runRule(rule, c.applicant, c.settings);
            expect(findings.map((f) => `${f.messageId}: ${f.message}`)).toEqual([]);
          });
        }
      });
      describe('invalid', () => {
        for (const c of tests.invalid) {
          it(c.name, async () => {
            if (c.findings.length === 0) throw new Error('an invalid case must expect at least one finding');
            const findings = await runRule(rule, c.applicant, c.settings);
            const unmatched = [...findings];
            for (const expected of c.findings) {
              const i = unmatched.findIndex((f) => matches(f, expected));
              if (i === -1) {
                throw new Error(
                  `expected ${JSON.stringify(expected)}\nin ${JSON.stringify(
                    findings.map(({ messageId, level, data, evidence }) => ({ messageId, level, data, paths: evidence.map((e) => e.path) })),
                    null,
                    1,
                  )}`,
                );
              }
              unmatched.splice(i, 1);
            }
            expect(unmatched.map((f) => f.messageId)).toEqual([]);
            for (const f of findings) {
              for (const e of f.evidence) expect(e.path).toMatch(/^\//);
              expect(f.message).not.toMatch(/\{\{/);
            }
          });
        }
      });
    });
  },
};
