import type { Applicant, InputPosition } from '../input/applicant.js';
import type { FindingLevel } from './levels.js';
import type { Evidence } from '../keys/types.js';
import type { SourceId, Sources } from '../sources/index.js';

export type { Evidence };
// Rules compare finding levels (the sanctions rule keeps the strongest of several matches).
export { findingLevelRank } from './levels.js';

export type RuleStatus = 'stable' | 'experimental' | 'deprecated';

/** A rule option: its type decides how vet.config.json values are checked. */
export type OptionSpec =
  | { type: 'countries'; default: string[]; description: string }
  | { type: 'boolean'; default: boolean; description: string }
  | { type: 'number'; default: number; description: string; min?: number; max?: number }
  | { type: 'strings'; default: string[]; description: string; allowed?: readonly string[] };

export type OptionValue<S extends OptionSpec> = S['default'];
export type OptionValues<O extends Record<string, OptionSpec>> = { [K in keyof O]: OptionValue<O[K]> };

export interface RuleMeta<M extends string = string, O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  /** Equals the file name under src/rules/ and docs/rules/. */
  id: string;
  description: string;
  /** Default level of the rule's findings. */
  level: FindingLevel;
  /** Levels for particular messages where they differ from `level`. */
  messageLevels?: Partial<Record<M, FindingLevel>>;
  status: RuleStatus;
  requires: readonly SourceId[];
  /** Templates with {{name}} placeholders filled from the finding's data. */
  messages: Record<M, string>;
  options?: O;
  falsePositives: readonly string[];
  references: readonly string[];
  /** Message id -> what a reviewer does next, from the rule doc's "How to review" (the registry fills it in). */
  nextSteps?: Readonly<Record<string, string>>;
}

export interface FindingReport<M extends string = string> {
  messageId: M;
  data?: Record<string, string | number | boolean>;
  evidence: Evidence[];
  /** A level for this one finding, overriding the rule's defaults (configuration still wins). */
  level?: FindingLevel;
}

export interface RuleContext<M extends string = string, O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  options: OptionValues<O>;
  sources: Sources;
  /** The time of the run: ages are judged against it, never against the clock. */
  now: Date;
  report(finding: FindingReport<M>): void;
  /** Says the rule checked something of this applicant ("phone numbers"): the report lists what was checked. */
  checked(what: string): void;
  /** Says what the rule could not check for lack of data, and why ("phone: country", "not compared, no claimed country"). */
  notChecked(what: string, reason: string): void;
}

export interface BatchContext<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  options: OptionValues<O>;
  sources: Sources;
  /** Where the run's temporary files go (undefined: the system's). */
  tmp: string | undefined;
}

/**
 * For rules that compare applicants with one another, instead of `check`: `start` makes the run's
 * index, `add` is given every applicant as it is read (index counting from 0) and keeps what it
 * needs, and `finish`, after the last one, reports on any applicant by index and writes what is
 * kept across runs. Nothing holds the whole applicant records meanwhile.
 */
export interface RuleBatch<M extends string, O extends Record<string, OptionSpec>, B> {
  start(ctx: BatchContext<O>): B;
  add(batch: B, applicant: Applicant, input: InputPosition, index: number): void;
  /** What the rule will compare of this applicant ("identifiers across applicants"), or undefined when nothing: the report's checks. */
  checks?(applicant: Applicant): string | undefined;
  finish(batch: B, ctx: { report(index: number, finding: FindingReport<M>): void }): void | Promise<void>;
  /** A promise while the batch is behind (a worker thread), which reading awaits before the next applicant. */
  wait?(batch: B): Promise<void> | undefined;
  /** The run failed before `finish`: stop any thread and remove any temporary file. */
  abort?(batch: B): void | Promise<void>;
}

/** A rule either checks one applicant at a time (`check`) or compares them (`batch`). */
export interface Rule<M extends string = string, O extends Record<string, OptionSpec> = Record<string, OptionSpec>, B = undefined> {
  meta: RuleMeta<M, O>;
  check?(applicant: Applicant, ctx: RuleContext<M, O>): void;
  batch?: RuleBatch<M, O, B>;
}

/** Type helper: keeps message ids, option types and the batch index checked inside a rule file. */
export function defineRule<M extends string, O extends Record<string, OptionSpec> = Record<string, never>, B = undefined>(
  rule: Rule<M, O, B> & ({ check: NonNullable<Rule<M, O, B>['check']> } | { batch: RuleBatch<M, O, B> }),
): Rule<M, O, B> {
  return rule;
}

const SETS = new WeakMap<readonly string[], ReadonlySet<string>>();

/**
 * A rule option's list as a Set, made once per list: a run's options are the same arrays for every
 * applicant, and a Set per applicant and option was garbage a million times over.
 */
export function setOf(list: readonly string[]): ReadonlySet<string> {
  let set = SETS.get(list);
  if (set === undefined) {
    set = new Set(list);
    SETS.set(list, set);
  }
  return set;
}

// Rules are stored in a registry of mixed message ids, options and batch indexes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any, any, any>;
