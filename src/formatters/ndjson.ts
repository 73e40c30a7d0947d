import type { Report } from '../engine/report.js';
import { writeWhole, type ReportWriter } from './writer.js';

/**
 * One JSON object a line: each applicant, then each error, then the summary with the run's
 * provenance, so a consumer can process applicants as they come and still check the totals.
 */
export function ndjsonWriter(): ReportWriter {
  return {
    start: () => '',
    // What JSON.stringify({ type: 'applicant', ...a }) gives (a result has an id and no field
    // "type"), without copying every result into a new object.
    applicant: (a) => `{"type":"applicant",${JSON.stringify(a).slice(1)}\n`,
    end({ errors, ...rest }) {
      return [...errors.map((e) => JSON.stringify({ type: 'error', ...e })), JSON.stringify({ type: 'summary', ...rest })].join('\n') + '\n';
    },
  };
}

export function formatNdjson(report: Report): string {
  return writeWhole(ndjsonWriter(), report);
}
