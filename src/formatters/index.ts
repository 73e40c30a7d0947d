import type { Report } from '../engine/report.js';
import { formatCsv } from './csv.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatNdjson } from './ndjson.js';
import { formatText } from './text.js';

export const OUTPUT_FORMATS = ['text', 'json', 'ndjson', 'csv', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function formatReport(report: Report, format: OutputFormat, options: { color: boolean }): string {
  switch (format) {
    case 'text':
      return formatText(report, options);
    case 'json':
      return formatJson(report);
    case 'ndjson':
      return formatNdjson(report);
    case 'csv':
      return formatCsv(report);
    case 'markdown':
      return formatMarkdown(report);
  }
}
