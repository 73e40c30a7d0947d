import type { Report } from '../engine/report.js';
import { writeWhole, type ReportWriter } from './writer.js';

/**
 * Cells that a spreadsheet would read as a formula start with one of these (OWASP "CSV injection").
 * Prefixing a single quote makes them text. This applies to phone numbers such as "+850 ...",
 * which is the point: a report cell must never execute.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_COLUMNS = [
  'id',
  'name',
  'file',
  'line',
  'score',
  'level',
  'failed',
  'findings',
  'rules',
  'messages',
  'not_checked',
  'finding_ids',
  'next_steps',
  'reviews',
] as const;

/** One row per applicant, and one per rejected record with level "rejected", so nothing is missing. */
export function csvWriter(): ReportWriter {
  return {
    // A UTF-8 byte-order mark first: without it Excel reads the file as the local code page and garbles names.
    start: () => '\uFEFF' + CSV_COLUMNS.join(',') + '\r\n',
    applicant: (a) =>
      [
        a.id,
        a.name,
        a.input.file,
        a.input.line,
        a.score,
        a.level,
        a.failed,
        a.findings.length,
        [...new Set(a.findings.map((f) => f.rule))].join(' '),
        a.findings.map((f) => `[${f.level}] ${f.message}`).join(' | '),
        a.checks.notChecked.map((c) => `${c.check}: ${c.reason}`).join(' | '),
        a.findings.map((f) => f.id).join(' '),
        [...new Set(a.findings.filter((f) => f.nextStep && f.review?.status !== 'decided').map((f) => `${f.nextStep!} (${f.doc})`))].join(' | '),
        a.findings
          .filter((f) => f.review)
          .map((f) =>
            f.review!.status === 'decided'
              ? `${f.id} ${f.review!.decision} by ${f.review!.by}: ${f.review!.reason}`
              : `${f.id} re-opened: ${f.review!.why ?? ''}`,
          )
          .join(' | '),
      ]
        .map(csvCell)
        .join(',') + '\r\n',
    end: ({ errors }) =>
      errors
        .map((e) => {
          const where = e.field ? `${e.field}: ` : '';
          return ['', '', e.file, e.line ?? '', '', 'rejected', '', '', '', where + e.message, '', '', '', ''].map(csvCell).join(',') + '\r\n';
        })
        .join(''),
  };
}

export function formatCsv(report: Report): string {
  return writeWhole(csvWriter(), report);
}
