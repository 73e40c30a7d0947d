import { fieldLabel } from '../errors.js';
import type { ReportError } from '../engine/report.js';
import type { Evidence } from '../engine/rule.js';

const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const HIDDEN_ALL = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/**
 * Control characters (an escape sequence that recolours or clears a terminal), format characters
 * (a right-to-left override that shows "Koyh Muk Gnos" as "Song Kum Hyok", zero-width spaces) and
 * line separators written as `\u{202E}`: a reader sees what the text holds, not what it pretends.
 */
export function visible(text: string): string {
  return HIDDEN.test(text) ? text.replace(HIDDEN_ALL, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`) : text;
}

/** `/phones/0 (column "Mobile") = "+850 2 381 2222" (e164 +85023812222, region KP)` */
export function describeEvidence(e: Evidence): string {
  const { path, value, column, inputPath, ...rest } = e;
  let where = path;
  if (typeof column === 'string') where += ` (column "${column}")`;
  else if (typeof inputPath === 'string') where += ` (input ${inputPath})`;
  const details = Object.entries(rest)
    .map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
  return visible(`${where} = ${JSON.stringify(value)}${details ? ` (${details})` : ''}`);
}

export function errorLine(e: ReportError): string {
  let where = e.file;
  if (e.line !== undefined) where += `:${e.line}`;
  if (e.line !== undefined && e.column !== undefined) where += `:${e.column}`;
  return visible(`${where}: ${e.field ? `${fieldLabel(e.field)}: ` : ''}${e.message}`);
}
