import { VetError } from '../errors.js';
import type { Applicant, InputPosition } from '../input/applicant.js';
import type { Sources } from '../sources/index.js';
import type { VetConfig } from './config.js';
import type { AnyRule, FindingReport } from './rule.js';
import { findingLevel, findingPoints } from './scoring.js';

/** A rule that threw or misreported: a bug in vet, named so it can be reported. */
export class RuleFailure extends Error {
  constructor(ruleId: string, applicantId: string, cause: unknown) {
    super(`rule ${ruleId} failed on applicant ${applicantId}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'RuleFailure';
  }
}

/** A batch rule's report on the applicant at some position, not yet a finding. */
export interface LateFinding {
  rule: AnyRule;
  report: FindingReport;
}

/**
 * The rules that compare applicants (identity-reuse), in one place: each is given every applicant
 * as it is vetted, may hold reading back while it catches up, and reports on any applicant by
 * position after the last one. Their reports become findings through the same scoring as every
 * other rule's (engine/scoring.ts).
 */
export class Batches {
  /** Each batch rule's state for this run. */
  private readonly states = new Map<AnyRule, unknown>();
  private added = 0;

  constructor(
    rules: readonly AnyRule[],
    private readonly config: VetConfig,
    sources: Sources,
    /** Where batch rules keep temporary files (undefined: the system's temporary directory). */
    tmp: string | undefined,
  ) {
    for (const rule of rules) {
      if (rule.batch) this.states.set(rule, rule.batch.start({ options: config.rules[rule.meta.id]!.options, sources, tmp }));
    }
  }

  /** Whether any rule compares applicants in this run. */
  get active(): boolean {
    return this.states.size > 0;
  }

  /** Gives the applicant at the next position to every batch rule. */
  add(applicant: Applicant, input: InputPosition): void {
    const index = this.added++;
    for (const [rule, state] of this.states) {
      try {
        rule.batch!.add(state, applicant, input, index);
      } catch (e) {
        throw new RuleFailure(rule.meta.id, applicant.id, e);
      }
    }
  }

  /** A promise while a rule that compares applicants is behind: reading waits for it. */
  backlog(): Promise<void> | undefined {
    for (const [rule, state] of this.states) {
      const w = rule.batch!.wait?.(state);
      if (w) return w;
    }
    return undefined;
  }

  /** After a failure, before `finish`: the rules stop and clean up. */
  async abort(): Promise<void> {
    for (const [rule, state] of this.states) await rule.batch!.abort?.(state);
  }

  /**
   * After the last applicant: every batch rule reports on any of them (by position), then writes
   * what it keeps (the identity ledger). Each report goes to `sink` unformatted, so that neither
   * the results nor the reports need stay in memory.
   */
  async finish(sink: (index: number, late: LateFinding) => void): Promise<void> {
    for (const [rule, state] of this.states) {
      let current = -1;
      try {
        await rule.batch!.finish(state, {
          report: (index, report: FindingReport) => {
            if (!Number.isInteger(index) || index < 0 || index >= this.added) throw new Error(`reported on applicant #${index}, which was not vetted`);
            current = index;
            // Checked now, not when the report is written: a misreport is a fault of the rule.
            if ((rule.meta.messages as Record<string, string>)[report.messageId] === undefined)
              throw new Error(`reported unknown message "${report.messageId}"`);
            if (findingLevel(this.config, rule, report) === 'off') return;
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
  points(late: readonly LateFinding[]): number {
    let points = 0;
    for (const { rule, report } of late) {
      const level = findingLevel(this.config, rule, report);
      if (level !== 'off') points += findingPoints(this.config, rule, level);
    }
    return points;
  }
}
