import type { ApplicantRecord } from '../input/applicant.js';
import type { Sources } from '../sources/index.js';
import { applicantLevelFor, reachesFailOn, type VetConfig } from './config.js';
import { findingLevelRank, type FindingLevel } from './levels.js';
import type { ApplicantResult, Finding } from './report.js';
import type { AnyRule, Evidence, FindingReport } from './rule.js';

/** A rule that threw or misreported: a bug in vet, named so it can be reported. */
export class RuleFailure extends Error {
  constructor(ruleId: string, applicantId: string, cause: unknown) {
    super(`rule ${ruleId} failed on applicant ${applicantId}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'RuleFailure';
  }
}

export function formatMessage(template: string, data: Record<string, unknown>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    if (!(name in data)) throw new Error(`message needs {{${name}}} but the finding has no such data`);
    return String(data[name]);
  });
}

/** Most points first, then the stronger level, then by rule, message and evidence: stable across runs. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    b.points - a.points ||
    findingLevelRank(b.level) - findingLevelRank(a.level) ||
    a.rule.localeCompare(b.rule) ||
    a.messageId.localeCompare(b.messageId) ||
    (a.evidence[0]?.path ?? '').localeCompare(b.evidence[0]?.path ?? '')
  );
}

/** The rules the config does not turn off. */
export function enabledRules(rules: readonly AnyRule[], config: VetConfig): AnyRule[] {
  return rules.filter((r) => config.rules[r.meta.id]?.enabled !== false);
}

export class Engine {
  readonly rules: readonly AnyRule[];
  /** Each batch rule's index for this run. */
  private readonly batches = new Map<AnyRule, unknown>();

  constructor(
    rules: readonly AnyRule[],
    readonly config: VetConfig,
    readonly sources: Sources,
  ) {
    this.rules = enabledRules(rules, config);
    for (const rule of this.rules) {
      if (rule.batch) this.batches.set(rule, rule.batch.start({ options: config.rules[rule.meta.id]!.options, sources }));
    }
  }

  /** True when a rule compares applicants, so every applicant must be added before any is vetted. */
  get comparesApplicants(): boolean {
    return this.batches.size > 0;
  }

  /** Gives an applicant to the rules that compare applicants. */
  add(record: ApplicantRecord): void {
    for (const [rule, batch] of this.batches) {
      try {
        rule.batch!.add(batch, record.applicant, record.input);
      } catch (e) {
        throw new RuleFailure(rule.meta.id, record.applicant.id, e);
      }
    }
  }

  /** After the last applicant: lets batch rules write what they keep (the identity ledger). */
  finish(): void {
    for (const [rule, batch] of this.batches) rule.batch!.finish?.(batch);
  }

  private levelOf(rule: AnyRule, report: FindingReport): FindingLevel | 'off' {
    const settings = this.config.rules[rule.meta.id];
    const byMessage = settings?.messages[report.messageId];
    if (byMessage !== undefined) return byMessage;
    if (settings?.level !== undefined) return settings.level;
    return report.level ?? (rule.meta.messageLevels as Record<string, FindingLevel> | undefined)?.[report.messageId] ?? rule.meta.level;
  }

  /** Where each evidence path was in the input: the JSON pointer there, or the CSV column. */
  private locate(evidence: Evidence, record: ApplicantRecord): Evidence {
    const origin = record.origins.get(evidence.path);
    if (!origin) return evidence;
    if ('column' in origin) return { ...evidence, column: origin.column };
    return origin.pointer === evidence.path ? evidence : { ...evidence, inputPath: origin.pointer };
  }

  vet(record: ApplicantRecord): ApplicantResult {
    const { applicant } = record;
    const findings: Finding[] = [];
    for (const rule of this.rules) {
      const settings = this.config.rules[rule.meta.id]!;
      const experimental = rule.meta.status === 'experimental';
      try {
        rule.check(applicant, {
          options: settings.options,
          sources: this.sources,
          batch: this.batches.get(rule),
          report: (report: FindingReport) => {
            const template = (rule.meta.messages as Record<string, string>)[report.messageId];
            if (template === undefined) throw new Error(`reported unknown message "${report.messageId}"`);
            const level = this.levelOf(rule, report);
            if (level === 'off') return;
            const data = report.data ?? {};
            findings.push({
              rule: rule.meta.id,
              messageId: report.messageId,
              level,
              points: experimental ? 0 : this.config.points[level],
              message: formatMessage(template, data),
              data,
              evidence: report.evidence.map((e) => this.locate(e, record)),
            });
          },
        });
      } catch (e) {
        throw new RuleFailure(rule.meta.id, applicant.id, e);
      }
    }
    findings.sort(compareFindings);
    const score = findings.reduce((sum, f) => sum + f.points, 0);
    const level = applicantLevelFor(score, this.config.thresholds);
    return {
      id: applicant.id,
      name: applicant.name ?? null,
      input: { ...record.input },
      score,
      level,
      failed: reachesFailOn(level, this.config.failOn),
      findings,
    };
  }
}
