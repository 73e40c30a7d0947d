import type { Report } from '../engine/report.js';

/**
 * One JSON object a line: each applicant, then each error, then the summary with the run's
 * provenance, so a consumer can process applicants as they come and still check the totals.
 */
export function formatNdjson(report: Report): string {
  const { applicants, errors, ...rest } = report;
  const lines = [
    ...applicants.map((a) => JSON.stringify({ type: 'applicant', ...a })),
    ...errors.map((e) => JSON.stringify({ type: 'error', ...e })),
    JSON.stringify({ type: 'summary', ...rest }),
  ];
  return lines.join('\n') + '\n';
}
