import { createHash } from 'node:crypto';
import type { ApplicantRecord } from '../input/applicant.js';
import type { Sources } from '../sources/index.js';
import { Batches, RuleFailure, type LateFinding } from './batch.js';
import type { VetConfig } from './config.js';
import { findingLevelRank } from './levels.js';
import { maskString, masks, redactFinding } from './redact.js';
import type { ApplicantResult, Checks, Finding } from './report.js';
import { identityOf } from './identity.js';
import { loadNextSteps } from './next-steps.js';
import { personParts, subjectOf, type Reviews } from './review.js';
import type { ReviewDecision } from '../sources/reviews.js';
import type { AnyRule, Evidence, FindingReport, RuleContext } from './rule.js';
import { findingLevel, findingPoints, scoreLevel } from './scoring.js';

/**
 * Fills a message template: `{{name}}` is the value; `{{count|other applicant}}` is the number and
 * the noun, plural unless the number is 1 ("1 other applicant", "3 other applicants").
 */
export function formatMessage(template: string, data: Record<string, unknown>): string {
  return template.replace(/\{\{\s*(\w+)\s*(?:\|([^}]+))?\}\}/g, (_, name: string, noun: string | undefined) => {
    if (!(name in data)) throw new Error(`message needs {{${name}}} but the finding has no such data`);
    const value = String(data[name]);
    return noun === undefined ? value : `${value} ${noun.trim()}${Number(data[name]) === 1 ? '' : 's'}`;
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

/**
 * One fact, one score: findings of different rules that put the same input value (path and value of
 * their first evidence) on a list (a sanctions entry or an indicator) are one fact. The one with most
 * points counts; the others keep their level and evidence, add nothing and name the rule that counted
 * it. Findings of one rule are that rule's to group (docs/scoring.md).
 */
export function countFactsOnce(findings: Finding[]): void {
  if (findings.length < 2) return;
  const counted = new Map<string, Finding>();
  const listed = findings.filter((f) => {
    const e = f.evidence[0];
    return e !== undefined && (e.entryId !== undefined || e.indicator !== undefined);
  });
  listed.sort((a, b) => b.points - a.points || a.rule.localeCompare(b.rule));
  for (const f of listed) {
    const e = f.evidence[0]!;
    const key = `${e.path}\u0000${typeof e.value === 'string' ? e.value : JSON.stringify(e.value)}`;
    const first = counted.get(key);
    if (first === undefined) counted.set(key, f);
    else if (first.rule !== f.rule && f.points > 0) {
      f.points = 0;
      f.countedIn = first.rule;
    }
  }
}

/** Whether anything of the applicant was checked: a rule said so, or reported. */
export function hasChecks(result: ApplicantResult): boolean {
  return result.checks.checked.length > 0 || result.findings.length > 0;
}

export class Engine {
  readonly rules: readonly AnyRule[];
  /** Give each result the applicant's identity as given (masked): the HTML report shows it. */
  withIdentity = false;
  /** The rules that compare applicants, and their state for this run. */
  readonly batches: Batches;

  constructor(
    rules: readonly AnyRule[],
    readonly config: VetConfig,
    readonly sources: Sources,
    /** The time of the run, for rules that judge ages (SOURCE_DATE_EPOCH fixes it). */
    readonly now: Date = new Date(),
    /** Where batch rules keep temporary files (undefined: the system's temporary directory). */
    tmp?: string,
    /** Review decisions and the key of finding ids; without them (a library caller, a test) ids are plain hashes. */
    readonly reviews?: Reviews,
  ) {
    this.rules = enabledRules(rules, config);
    // Each finding's next step comes from its rule's doc, read once per rule.
    for (const rule of this.rules) rule.meta.nextSteps ??= loadNextSteps(rule.meta.id);
    this.batches = new Batches(this.rules, config, sources, tmp);
    this.contexts = this.rules.map((rule) => this.contextFor(rule));
  }

  /** The applicant being vetted: what the rules' contexts report to. */
  private current: { record: ApplicantRecord; findings: Finding[]; checks: Checks } | undefined;
  /** Each rule's context, made once: one per rule and applicant was ten objects and closures an applicant. */
  private readonly contexts: RuleContext[];

  private contextFor(rule: AnyRule): RuleContext {
    return {
      options: this.config.rules[rule.meta.id]!.options as RuleContext['options'],
      sources: this.sources,
      now: this.now,
      report: (report: FindingReport) => {
        const { record, findings } = this.vetting();
        const f = this.finding(rule, report, record.origins);
        if (f) findings.push(f);
      },
      checked: (what: string) => this.checked(what),
      notChecked: (what: string, reason: string) => this.notChecked(what, reason),
    };
  }

  private vetting(): NonNullable<Engine['current']> {
    if (this.current === undefined) throw new Error('a rule reported outside its check');
    return this.current;
  }

  private checked(what: string): void {
    const { checks } = this.vetting();
    if (!checks.checked.includes(what)) checks.checked.push(what);
  }

  private notChecked(what: string, reason: string): void {
    const { checks } = this.vetting();
    if (!checks.notChecked.some((c) => c.check === what)) checks.notChecked.push({ check: what, reason });
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
    const level = findingLevel(this.config, rule, report);
    if (level === 'off') return undefined;
    // Masked before the message is written, so the message shows only what the data shows.
    const { data, evidence } = redactFinding(this.config.redaction, report.data ?? {}, report.evidence);
    return {
      id: this.reviews ? this.reviews.findingId(rule.meta.id, report) : createHash('sha256').update(subjectOf(rule.meta.id, report)).digest('hex').slice(0, 12),
      rule: rule.meta.id,
      messageId: report.messageId,
      level,
      points: findingPoints(this.config, rule, level),
      message: formatMessage(template, data),
      data,
      evidence: evidence.map((e) => this.locate(e, origins)),
      ...(rule.meta.nextSteps?.[report.messageId] !== undefined ? { nextStep: rule.meta.nextSteps[report.messageId] } : {}),
      doc: `docs/rules/${rule.meta.id}.md#how-to-review`,
    };
  }

  /** Sorts a result's findings and derives its score and level from them, each listed fact once. */
  private score(result: ApplicantResult): void {
    countFactsOnce(result.findings);
    result.findings.sort(compareFindings);
    result.score = result.findings.reduce((sum, f) => sum + f.points, 0);
    const { level, failed } = scoreLevel(this.config, result.score, hasChecks(result));
    result.level = level;
    result.failed = failed;
  }

  /**
   * Vets one applicant with the rules that look at one applicant, and gives it to the rules that
   * compare applicants (`batches`); their findings are added by `addLate` or `finish`.
   */
  vet(record: ApplicantRecord): ApplicantResult {
    const { applicant } = record;
    const findings: Finding[] = [];
    const checks: Checks = { checked: [], notChecked: applicant.unclear.map((u) => ({ check: u.path, reason: u.reason })) };
    this.current = { record, findings, checks };
    try {
      for (let i = 0; i < this.rules.length; i++) {
        const rule = this.rules[i]!;
        if (rule.batch) {
          const what = rule.batch.checks?.(applicant);
          if (what !== undefined) this.checked(what);
          continue;
        }
        try {
          rule.check!(applicant, this.contexts[i]!);
        } catch (e) {
          throw new RuleFailure(rule.meta.id, applicant.id, e);
        }
      }
    } finally {
      this.current = undefined;
    }
    this.batches.add(applicant, record.input);
    const name = applicant.name === undefined ? null : masks(this.config.redaction, 'name') ? maskString('name', applicant.name) : applicant.name;
    const result: ApplicantResult = { id: applicant.id, name, input: { ...record.input }, score: 0, level: 'clear', failed: false, findings, checks };
    if (this.withIdentity) result.identity = identityOf(applicant, this.config.redaction);
    if (this.reviews) {
      result.person = personParts(applicant, record.input);
      this.review(findings, result.person);
    }
    this.score(result);
    return result;
  }

  /** Applies the decisions about this person to these findings. */
  private review(findings: Finding[], person: readonly string[]): void {
    if (!this.reviews || this.reviews.empty) return;
    this.reviews.apply(findings, this.reviews.candidates(person), this.config, (id) => this.isExperimental(id));
  }

  private isExperimental(ruleId: string): boolean {
    return this.rules.find((r) => r.meta.id === ruleId)?.meta.status === 'experimental';
  }

  /**
   * The points late findings add to an applicant, with the decisions about the person applied:
   * the run's summary counts them before the findings are written.
   */
  latePoints(late: readonly LateFinding[], candidates: readonly ReviewDecision[]): number {
    if (candidates.length === 0) return this.batches.points(late);
    const found = late.flatMap(({ rule, report }) => this.finding(rule, report, new Map()) ?? []);
    this.reviews!.apply(found, candidates, this.config, (id) => this.isExperimental(id));
    return found.reduce((sum, f) => sum + f.points, 0);
  }

  /** Adds late findings to a result (its input origins locate their evidence) and scores it again. */
  addLate(result: ApplicantResult, origins: ApplicantRecord['origins'], late: readonly LateFinding[]): void {
    const added: Finding[] = [];
    for (const { rule, report } of late) {
      const f = this.finding(rule, report, origins);
      if (f) added.push(f);
    }
    if (result.person) this.review(added, result.person);
    result.findings.push(...added);
    this.score(result);
  }

  /** The batch rules' reports added to results kept in memory, in the order they were vetted. */
  async finish(results: ApplicantResult[], records: readonly ApplicantRecord[]): Promise<void> {
    const late = new Map<number, LateFinding[]>();
    await this.batches.finish((index, f) => {
      const list = late.get(index);
      if (list) list.push(f);
      else late.set(index, [f]);
    });
    for (const [index, found] of late) this.addLate(results[index]!, records[index]!.origins, found);
  }
}
