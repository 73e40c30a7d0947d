/** Finding levels, lowest first. `info` findings explain what could not be checked and score 0. */
export const FINDING_LEVELS = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type FindingLevel = (typeof FINDING_LEVELS)[number];

/**
 * Applicant levels: the outcome of scoring. `unchecked` is an applicant on whom no check could run
 * (nothing to compare: no name, contact, address, location or identifier), below `clear`.
 */
export const APPLICANT_LEVELS = ['unchecked', 'clear', 'low', 'medium', 'high', 'critical'] as const;
export type ApplicantLevel = (typeof APPLICANT_LEVELS)[number];

/** A count of zero for every applicant level. */
export function emptyLevelCounts(): Record<ApplicantLevel, number> {
  return Object.fromEntries(APPLICANT_LEVELS.map((l) => [l, 0])) as Record<ApplicantLevel, number>;
}

export type ScoredLevel = Exclude<ApplicantLevel, 'clear' | 'unchecked'>;
export const SCORED_LEVELS: readonly ScoredLevel[] = ['low', 'medium', 'high', 'critical'];

/** `--fail-on`: the applicant level from which vet exits 1 (and, apart, `unchecked`: see parseFailOn). */
export type FailOn = ScoredLevel | 'none';
export const FAIL_ON_VALUES: readonly FailOn[] = [...SCORED_LEVELS, 'none'];

export function isFindingLevel(value: unknown): value is FindingLevel {
  return typeof value === 'string' && (FINDING_LEVELS as readonly string[]).includes(value);
}

export function findingLevelRank(level: FindingLevel): number {
  return FINDING_LEVELS.indexOf(level);
}
