import type { Report } from '../engine/report.js';
import { csvWriter } from './csv.js';
import type { OutputFormat } from './formats.js';
import { jsonWriter } from './json.js';
import { markdownWriter } from './markdown.js';
import { ndjsonWriter } from './ndjson.js';
import { htmlWriter } from './html.js';
import { junitWriter, type JunitOptions } from './junit.js';
import { textWriter, type TextOptions } from './text.js';
import { writeWhole, type ReportWriter } from './writer.js';

export function reportWriter(format: OutputFormat, options: TextOptions & JunitOptions & { listClear?: boolean }): ReportWriter {
  switch (format) {
    case 'text':
      return textWriter(options);
    case 'json':
      return jsonWriter();
    case 'ndjson':
      return ndjsonWriter();
    case 'csv':
      return csvWriter();
    case 'markdown':
      return markdownWriter();
    case 'html':
      return htmlWriter(options.listClear ? { listClear: true } : {});
    case 'junit':
      return junitWriter(options.listed ? { listed: options.listed } : {});
  }
}

export function formatReport(report: Report, format: OutputFormat, options: TextOptions): string {
  return writeWhole(reportWriter(format, options), report);
}
