import type { ReportHead } from '../engine/report.js';

/**
 * The exit status of `vet FILES`, for a CI gate, first row that applies:
 *
 * | status | when                                                                              |
 * | -----: | --------------------------------------------------------------------------------- |
 * |    130 | the run was interrupted (Ctrl-C): the report covers what was read                 |
 * |      2 | no applicant at all was read ("nothing to vet"), or, with --strict, any input error |
 * |      1 | an applicant reached --fail-on, even when other records were rejected             |
 * |      2 | an input error (a rejected record or a field that could not be read)              |
 * |      0 | otherwise                                                                         |
 *
 * A usage, config or data-source error stops the run before any report: 2.
 */
export function exitStatus(head: Pick<ReportHead, 'summary' | 'errors' | 'incomplete'>, strict: boolean): number {
  if (head.incomplete) return 130;
  if (head.summary.applicants === 0) return 2;
  if (strict && head.errors.length > 0) return 2;
  if (head.summary.failed > 0) return 1;
  if (head.errors.length > 0) return 2;
  return 0;
}

export const EXIT_STATUS_HELP = `
Exit status (the first line that applies):
  130  interrupted (Ctrl-C); the report covers what was read, marked incomplete
  2    no applicant was read at all ("nothing to vet"); with --strict, also any input error
  1    an applicant reached --fail-on (default: high; "high,unchecked": or was unchecked),
       even when some records were rejected
  2    input errors (rejected records, fields that could not be read); the report still
       covers every applicant that could be read
  0    every applicant was vetted and none reached --fail-on
  A usage, config or data-source error stops before any report: 2.

A finding is a reason to verify, never a reason to reject on its own.
Docs: README.md and docs/rules/<rule>.md`;
