import { fieldLabel } from '../errors.js';
import type { ReportError } from '../engine/report.js';
import type { Evidence } from '../engine/rule.js';
import type { SharedWith } from '../keys/types.js';

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

/** A value as a reader reads it: text quoted, a list joined, an address's parts joined, never raw JSON. */
export function readable(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : readable(v))).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => (typeof v === 'string' || typeof v === 'number' ? String(v) : `${k} ${readable(v)}`))
      .join(', ');
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** Other applicants an identifier was seen with: `applicant 48116 (export.csv:12), applicant 48190 and 3 more`. */
function others(list: readonly SharedWith[]): string {
  const named = list.slice(0, 3).map((o) => {
    const where =
      typeof o.input === 'string'
        ? ` (${o.input})`
        : typeof o.file === 'string'
          ? ` (${o.file}${typeof o.seenAt === 'string' ? `, ${o.seenAt.slice(0, 10)}` : ''})`
          : '';
    return `applicant ${o.applicant}${where}`;
  });
  return named.join(', ') + (list.length > 3 ? ` and ${list.length - 3} more` : '');
}

const OTHERS: Record<string, string> = { sharedWith: 'shared with', similarTo: 'similar to', ledger: 'seen before by' };

/** `/phones/0 (column "Mobile") = "+850 2 381 2222" (e164 +85023812222, region KP)`: one line, no JSON. */
export function describeEvidence(e: Evidence): string {
  const { path, value, column, inputPath, ...rest } = e;
  let where = path;
  if (typeof column === 'string') where += ` (column "${column}")`;
  else if (typeof inputPath === 'string') where += ` (input ${inputPath})`;
  const details = Object.entries(rest)
    .filter(([k]) => k !== 'entryVersion')
    .map(([k, v]) => (k in OTHERS && Array.isArray(v) ? `${OTHERS[k]} ${others(v as SharedWith[])}` : `${k} ${typeof v === 'string' ? v : readable(v)}`))
    .join(', ');
  return visible(`${where} = ${readable(value)}${details ? ` (${details})` : ''}`);
}

/** A finding's evidence, one readable line per item. */
export function evidenceLines(f: { evidence: readonly Evidence[] }): string[] {
  return f.evidence.map(describeEvidence);
}

export function errorLine(e: ReportError): string {
  let where = e.file;
  if (e.line !== undefined) where += `:${e.line}`;
  if (e.line !== undefined && e.column !== undefined) where += `:${e.column}`;
  return visible(`${where}: ${e.field ? `${fieldLabel(e.field)}: ` : ''}${e.message}`);
}
