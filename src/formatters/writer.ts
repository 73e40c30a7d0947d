import type { ApplicantResult, Report, ReportHead } from '../engine/report.js';

export type { ReportHead };

/**
 * A report format as three parts, so that a report of a million applicants is written one
 * applicant at a time: what comes before them, each one, and what comes after. A writer is made
 * for one report and may count what it has written.
 */
export interface ReportWriter {
  start(head: ReportHead): string;
  applicant(result: ApplicantResult): string;
  end(head: ReportHead): string;
}

/** The whole report as one string, for a report already in memory. */
export function writeWhole(writer: ReportWriter, report: Report): string {
  const { applicants, ...head } = report;
  let out = writer.start(head);
  for (const a of applicants) out += writer.applicant(a);
  return out + writer.end(head);
}
