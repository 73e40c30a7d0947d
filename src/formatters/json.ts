import type { Report } from '../engine/report.js';
import { writeWhole, type ReportHead, type ReportWriter } from './writer.js';

const MARK = '\u0000vet applicants\u0000';

/**
 * Writes what JSON.stringify(report, null, 2) gives, one applicant at a time: the report without
 * its applicants is laid out around a placeholder, which the applicants then replace.
 */
export function jsonWriter(): ReportWriter {
  let written = 0;
  let after = '';
  return {
    start(head: ReportHead) {
      const { errors, ...top } = head;
      const text = JSON.stringify({ ...top, applicants: [MARK], errors }, null, 2);
      const placeholder = `[\n    ${JSON.stringify(MARK)}\n  ]`;
      const at = text.indexOf(placeholder);
      after = text.slice(at + placeholder.length) + '\n';
      return text.slice(0, at) + '[';
    },
    applicant(result) {
      return `${written++ === 0 ? '' : ','}\n    ${JSON.stringify(result, null, 2).replace(/\n/g, '\n    ')}`;
    },
    end() {
      return (written > 0 ? '\n  ]' : ']') + after;
    },
  };
}

export function formatJson(report: Report): string {
  return writeWhole(jsonWriter(), report);
}
