import type { ColumnMapping } from '../input/applicant.js';
import type { SourceInfo } from '../keys/types.js';
import type { ApplicantLevel, FailOn, FindingLevel, ScoredLevel } from './levels.js';
import type { Redaction } from './redact.js';
import type { DecisionKind } from '../sources/reviews.js';
import type { IdentityAsGiven } from './identity.js';
import type { Evidence } from './rule.js';

export const REPORT_SCHEMA_VERSION = 1;

/** What a reviewer decided about a finding, as the report shows it. */
export interface FindingReview {
  /** `decided`: the decision holds; `reopened`: it no longer does, and `why` says why. */
  status: 'decided' | 'reopened';
  decisionId: string;
  decision: DecisionKind;
  by: string;
  at: string;
  reason: string;
  expires?: string;
  why?: string;
}

export interface Finding {
  /** Stable across runs and exports: a keyed hash of the rule, message and the evidence that make it this finding. */
  id: string;
  rule: string;
  messageId: string;
  level: FindingLevel;
  /** What this finding adds to the applicant's score. */
  points: number;
  /**
   * Another rule's finding scored the same listed fact (one input value on two lists: an employer
   * that is a known front company and an SDN entity): this one is reported and adds no points.
   */
  countedIn?: string;
  message: string;
  data: Record<string, string | number | boolean>;
  evidence: Evidence[];
  /** What a reviewer does next, from the rule doc's "How to review". */
  nextStep?: string;
  /** The rule doc, relative to vet's folder: how to review the finding, and its known false positives. */
  doc: string;
  /** A reviewer's decision about this finding (`vet review`), or one that no longer holds and why. */
  review?: FindingReview;
}

export interface ApplicantResult {
  id: string;
  name: string | null;
  input: { file: string; line: number };
  score: number;
  level: ApplicantLevel;
  /** True when the level reaches --fail-on. */
  failed: boolean;
  findings: Finding[];
  /** What the rules checked, and what they could not for lack of data: a "clear" says what it rests on. */
  checks: Checks;
  /** The identity as given, masked as the report masks (HTML reports: the candidate's one-pager). */
  identity?: IdentityAsGiven;
  /** Internal, never written: what identifies the person (vendor id, e-mail and phone keys), until the ledger keeps its hashes. */
  person?: string[] | undefined;
}

export interface Checks {
  checked: string[];
  notChecked: Array<{ check: string; reason: string }>;
}

export interface FileSummary {
  file: string;
  applicants: number;
  /** Applicants at or above --fail-on. */
  failed: number;
  /** Records that could not be read. */
  rejected: number;
  byLevel: Record<ApplicantLevel, number>;
}

export interface ReportError {
  file: string;
  line?: number;
  column?: number;
  field?: string;
  message: string;
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: string; version: string };
  generatedAt: string;
  notice: string;
  /** What the report masks: "ids" (national IDs and bank accounts, the default), "all" (--redact) or "none" (--show-ids). */
  redaction: Redaction;
  sources: SourceInfo[];
  rules: Array<{ id: string; status: string }>;
  /** `failOnUnchecked`: an unchecked applicant also fails (`--fail-on high,unchecked`). */
  scoring: { points: Record<FindingLevel, number>; thresholds: Record<ScoredLevel, number>; failOn: FailOn; failOnUnchecked: boolean };
  summary: {
    applicants: number;
    /** Records that could not be read and were not vetted. */
    rejected: number;
    /** Applicants at or above --fail-on. */
    failed: number;
    byLevel: Record<ApplicantLevel, number>;
    /** What the reader must know to read the levels: the built-in watchlist instead of the full list. */
    notes: string[];
    /** Columns of the input that vet did not read (kept in each applicant's `extra`), with why when it matters. */
    ignoredColumns: Array<{ file: string; header: string; note?: string }>;
    /** Applicants with a finding of each rule that adds points. */
    byRule: Record<string, number>;
    /** Applicants each check could not run on (a clear rests on the rest). */
    notChecked: Record<string, number>;
    /** Each input file's counts, in the order read (a file with nothing read but an error is there too). */
    byFile: FileSummary[];
  };
  /** How each CSV input's columns were read. */
  inputs: Array<{ file: string; vendor?: string; columns: ColumnMapping[] }>;
  applicants: ApplicantResult[];
  errors: ReportError[];
  /** Set when the run stopped before the end of its input (Ctrl-C): what the report covers. */
  incomplete?: string;
}

/** Everything in a report but its applicants: known before the first applicant is written. */
export type ReportHead = Omit<Report, 'applicants'>;

export const NOTICE =
  'A finding is a reason to verify, never a reason to reject on its own. vet scores inconsistencies and list hits, never a name, an origin or a language.';
