import type { Report } from '../engine/report.js';
import { formatCsv } from './csv.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatNdjson } from './ndjson.js';
import type { OutputFormat } from './formats.js';
import { formatText } from './text.js';


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
