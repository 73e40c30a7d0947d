import type { Report } from '../engine/report.js';
import { writeWhole, type ReportWriter } from './writer.js';

/**
 * One JSON object a line: each applicant, then each error, then the summary with the run's
 * provenance, so a consumer can process applicants as they come and still check the totals.
 */
export function ndjsonWriter(): ReportWriter {
  return {
    start: () => '',
    applicant: (a) => {
      // What JSON.stringify({ type: 'applicant', ...a }) gives, without copying every applicant.
      const text = JSON.stringify(a);
      return 'type' in a || text.length <= 2 ? `${JSON.stringify({ type: 'applicant', ...a })}\n` : `{"type":"applicant",${text.slice(1)}\n`;
    },
    end({ errors, ...rest }) {
      return [...errors.map((e) => JSON.stringify({ type: 'error', ...e })), JSON.stringify({ type: 'summary', ...rest })].join('\n') + '\n';
    },
  };
}

export function formatNdjson(report: Report): string {
  return writeWhole(ndjsonWriter(), report);
}
