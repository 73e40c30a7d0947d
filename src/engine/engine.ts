import { VetError } from '../errors.js';
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
  /** Where each vetted applicant's values were in the input, by position: batch findings come late. */
  private readonly origins: ApplicantRecord['origins'][] = [];
  private vetted = 0;

  constructor(
    rules: readonly AnyRule[],
    readonly config: VetConfig,
    readonly sources: Sources,
    /** The time of the run, for rules that judge ages (SOURCE_DATE_EPOCH fixes it). */
    readonly now: Date = new Date(),
  ) {
    this.rules = enabledRules(rules, config);
    for (const rule of this.rules) {
      if (rule.batch) this.batches.set(rule, rule.batch.start({ options: config.rules[rule.meta.id]!.options, sources }));
    }
  }

  private levelOf(rule: AnyRule, report: FindingReport): FindingLevel | 'off' {
    const settings = this.config.rules[rule.meta.id];
    const byMessage = settings?.messages[report.messageId];
    if (byMessage !== undefined) return byMessage;
    if (settings?.level !== undefined) return settings.level;
    return report.level ?? (rule.meta.messageLevels as Record<string, FindingLevel> | undefined)?.[report.messageId] ?? rule.meta.level;
  }

  /** Where each evidence path was in the input: the JSON pointer there, or the CSV column. */
  private locate(evidence: Evidence, origins: ApplicantRecord['origins']): Evidence {
    const origin = origins.get(evidence.path);
    if (!origin) return evidence;
    if ('column' in origin) return { ...evidence, column: origin.column };
    return origin.pointer === evidence.path ? evidence : { ...evidence, inputPath: origin.pointer };
  }

  /** A rule's report as a finding: message, level and points from the config, evidence located. */
  private finding(rule: AnyRule, report: FindingReport, origins: ApplicantRecord['origins']): Finding | undefined {
    const template = (rule.meta.messages as Record<string, string>)[report.messageId];
    if (template === undefined) throw new Error(`reported unknown message "${report.messageId}"`);
    const level = this.levelOf(rule, report);
    if (level === 'off') return undefined;
    const data = report.data ?? {};
    return {
      rule: rule.meta.id,
      messageId: report.messageId,
      level,
      points: rule.meta.status === 'experimental' ? 0 : this.config.points[level],
      message: formatMessage(template, data),
      data,
      evidence: report.evidence.map((e) => this.locate(e, origins)),
    };
  }

  /** Sorts a result's findings and derives its score and level from them. */
  private score(result: ApplicantResult): void {
    result.findings.sort(compareFindings);
    result.score = result.findings.reduce((sum, f) => sum + f.points, 0);
    result.level = applicantLevelFor(result.score, this.config.thresholds);
    result.failed = reachesFailOn(result.level, this.config.failOn);
  }

  /**
   * Vets one applicant with the rules that look at one applicant, and gives it to the rules that
   * compare applicants; their findings are added by `finish`.
   */
  vet(record: ApplicantRecord): ApplicantResult {
    const { applicant } = record;
    const index = this.vetted++;
    const findings: Finding[] = [];
    for (const rule of this.rules) {
      const settings = this.config.rules[rule.meta.id]!;
      try {
        if (rule.batch) {
          rule.batch.add(this.batches.get(rule), applicant, record.input, index);
          continue;
        }
        rule.check!(applicant, {
          options: settings.options,
          sources: this.sources,
          now: this.now,
          report: (report: FindingReport) => {
            const f = this.finding(rule, report, record.origins);
            if (f) findings.push(f);
          },
        });
      } catch (e) {
        throw new RuleFailure(rule.meta.id, applicant.id, e);
      }
    }
    if (this.batches.size > 0) this.origins.push(record.origins);
    const result: ApplicantResult = { id: applicant.id, name: applicant.name ?? null, input: { ...record.input }, score: 0, level: 'clear', failed: false, findings };
    this.score(result);
    return result;
  }

  /**
   * After the last applicant: the rules that compare applicants report on any of them (by the
   * order they were vetted in), then write what they keep (the identity ledger). `results` are the
   * results `vet` returned, in order; they are updated in place.
   */
  async finish(results: ApplicantResult[]): Promise<void> {
    const touched = new Set<ApplicantResult>();
    for (const [rule, batch] of this.batches) {
      let current = '';
      try {
        await rule.batch!.finish(batch, {
          report: (index, report) => {
            const result = results[index];
            const origins = this.origins[index];
            if (!result || !origins) throw new Error(`reported on applicant #${index}, which was not vetted`);
            current = result.id;
            const f = this.finding(rule, report, origins);
            if (!f) return;
            result.findings.push(f);
            touched.add(result);
          },
        });
      } catch (e) {
        if (e instanceof VetError) throw e; // a data source failed (the ledger): exit 2, named
        throw new RuleFailure(rule.meta.id, current || 'the batch', e);
      }
    }
    for (const result of touched) this.score(result);
  }
}
