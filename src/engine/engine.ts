import { VetError } from '../errors.js';
import type { ApplicantRecord } from '../input/applicant.js';
import type { Sources } from '../sources/index.js';
import { applicantLevelFor, reachesFailOn, type VetConfig } from './config.js';
import { findingLevelRank, type FindingLevel } from './levels.js';
import { maskString, masks, redactFinding } from './redact.js';
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
  private vetted = 0;

  constructor(
    rules: readonly AnyRule[],
    readonly config: VetConfig,
    readonly sources: Sources,
    /** The time of the run, for rules that judge ages (SOURCE_DATE_EPOCH fixes it). */
    readonly now: Date = new Date(),
    /** Where batch rules keep temporary files (undefined: the system's temporary directory). */
    tmp?: string,
  ) {
    this.rules = enabledRules(rules, config);
    for (const rule of this.rules) {
      if (rule.batch) this.batches.set(rule, rule.batch.start({ options: config.rules[rule.meta.id]!.options, sources, tmp }));
    }
  }

  /** A promise while a rule that compares applicants is behind: reading waits for it. */
  backlog(): Promise<void> | undefined {
    for (const [rule, batch] of this.batches) {
      const w = rule.batch!.wait?.(batch);
      if (w) return w;
    }
    return undefined;
  }

  /** After a failure, before `finishBatches`: the rules that compare applicants stop and clean up. */
  async abortBatches(): Promise<void> {
    for (const [rule, batch] of this.batches) await rule.batch!.abort?.(batch);
  }

  /** Whether rules that compare applicants report at the end. */
  get hasBatches(): boolean {
    return this.batches.size > 0;
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
    // Masked before the message is written, so the message shows only what the data shows.
    const { data, evidence } = redactFinding(this.config.redaction, report.data ?? {}, report.evidence);
    return {
      rule: rule.meta.id,
      messageId: report.messageId,
      level,
      points: rule.meta.status === 'experimental' ? 0 : this.config.points[level],
      message: formatMessage(template, data),
      data,
      evidence: evidence.map((e) => this.locate(e, origins)),
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
    const name = applicant.name === undefined ? null : masks(this.config.redaction, 'name') ? maskString('name', applicant.name) : applicant.name;
    const result: ApplicantResult = { id: applicant.id, name, input: { ...record.input }, score: 0, level: 'clear', failed: false, findings };
    this.score(result);
    return result;
  }

  /**
   * After the last applicant: the rules that compare applicants report on any of them (by the
   * order they were vetted in), then write what they keep (the identity ledger). Each report goes
   * to `sink` by position, unformatted, so that neither the results nor the reports need stay in
   * memory: `addLate` turns them into findings when each result comes back.
   */
  async finishBatches(sink: (index: number, late: LateFinding) => void): Promise<void> {
    for (const [rule, batch] of this.batches) {
      let current = -1;
      try {
        await rule.batch!.finish(batch, {
          report: (index, report: FindingReport) => {
            if (!Number.isInteger(index) || index < 0 || index >= this.vetted) throw new Error(`reported on applicant #${index}, which was not vetted`);
            current = index;
            // Checked now, not when the report is written: a misreport is a fault of the rule.
            if ((rule.meta.messages as Record<string, string>)[report.messageId] === undefined)
              throw new Error(`reported unknown message "${report.messageId}"`);
            if (this.levelOf(rule, report) === 'off') return;
            sink(index, { rule, report });
          },
        });
      } catch (e) {
        if (e instanceof VetError) throw e; // a data source failed (the ledger): exit 2, named
        throw new RuleFailure(rule.meta.id, current >= 0 ? `#${current + 1} of the run` : 'the batch', e);
      }
    }
  }

  /** What late findings add to a score, before they are formatted. */
  latePoints(late: readonly LateFinding[]): number {
    let points = 0;
    for (const { rule, report } of late) {
      const level = this.levelOf(rule, report);
      if (level !== 'off' && rule.meta.status !== 'experimental') points += this.config.points[level];
    }
    return points;
  }

  /** Adds late findings to a result (its input origins locate their evidence) and scores it again. */
  addLate(result: ApplicantResult, origins: ApplicantRecord['origins'], late: readonly LateFinding[]): void {
    for (const { rule, report } of late) {
      const f = this.finding(rule, report, origins);
      if (f) result.findings.push(f);
    }
    this.score(result);
  }

  /** `finishBatches` and `addLate` for results kept in memory, in the order they were vetted. */
  async finish(results: ApplicantResult[], records: readonly ApplicantRecord[]): Promise<void> {
    const late = new Map<number, LateFinding[]>();
    await this.finishBatches((index, f) => {
      const list = late.get(index);
      if (list) list.push(f);
      else late.set(index, [f]);
    });
    for (const [index, found] of late) this.addLate(results[index]!, records[index]!.origins, found);
  }
}

/** A batch rule's report on the applicant at some position, not yet a finding. */
export interface LateFinding {
  rule: AnyRule;
  report: FindingReport;
}
