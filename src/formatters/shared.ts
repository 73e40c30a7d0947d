import { fieldLabel } from '../errors.js';
import type { ReportError } from '../engine/report.js';
import type { Evidence } from '../engine/rule.js';

/** `/phones/0 (column "Mobile") = "+850 2 381 2222" (e164 +85023812222, region KP)` */
export function describeEvidence(e: Evidence): string {
  const { path, value, column, inputPath, ...rest } = e;
  let where = path;
  if (typeof column === 'string') where += ` (column "${column}")`;
  else if (typeof inputPath === 'string') where += ` (input ${inputPath})`;
  const details = Object.entries(rest)
    .map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
  return `${where} = ${JSON.stringify(value)}${details ? ` (${details})` : ''}`;
}

export function errorLine(e: ReportError): string {
  let where = e.file;
  if (e.line !== undefined) where += `:${e.line}`;
  if (e.line !== undefined && e.column !== undefined) where += `:${e.column}`;
  return `${where}: ${e.field ? `${fieldLabel(e.field)}: ` : ''}${e.message}`;
}
