import { grouped } from '../digits.js';
/**
 * Bounds on what one applicant may hold, so a hostile or broken export costs a rejected record,
 * not the run: a cell or a JSON string longer than `maxCell` characters, or a record (a CSV row,
 * an NDJSON line, one applicant of a JSON array) longer than `maxRecord`, is rejected with its
 * location and never held whole. Set by --max-cell/--max-record or `limits` in the config.
 */
export interface InputLimits {
  maxCell: number;
  maxRecord: number;
}

/** A resume as text is rarely over 100 KB; these leave room and stop a 50 MB cell at the door. */
export const DEFAULT_LIMITS: InputLimits = { maxCell: 1024 * 1024, maxRecord: 4 * 1024 * 1024 };

/** Beyond these the matchers and the JavaScript string limit are no longer safe. */
export const LIMIT_CEILING: InputLimits = { maxCell: 16 * 1024 * 1024, maxRecord: 64 * 1024 * 1024 };

/** JSON nested deeper than this is refused (a nesting bomb), by the scanner and by `checkJsonValue`. */
export const MAX_DEPTH = 512;

/** The largest JSON document read whole; larger exports are NDJSON or CSV, which are streamed. */
export const MAX_JSON_DOCUMENT = 256 * 1024 * 1024;

const count = (n: number): string => grouped(n);

export function recordTooLong(limits: InputLimits): string {
  return `the record is longer than the ${count(limits.maxRecord)}-character limit (--max-record), so it was skipped`;
}

/** What is wrong with one text value, if anything: too long, a NUL, or a character that could not be decoded. */
export function badText(text: string, limits: InputLimits): string | undefined {
  if (text.length > limits.maxCell) return `longer than the ${count(limits.maxCell)}-character limit (--max-cell)`;
  if (text.includes('\u0000')) return 'contains a NUL character (a damaged export?)';
  if (text.includes('\uFFFD')) return 'contains bytes that are not text in the encoding the file was read as (U+FFFD); give --encoding';
  return undefined;
}

/**
 * Cheap test on a whole record's text before any field is looked at: can `badText` find anything
 * in it? `json`: the text is JSON, where a NUL may also be written as an escape.
 */
export function mayBeBad(text: string, limits: InputLimits, json = false): boolean {
  return text.length > limits.maxCell || text.includes('\u0000') || text.includes('\uFFFD') || (json && /\\u0000|\\ufffd/i.test(text));
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The first string (or key) in a parsed JSON value that `badText` refuses, or nesting deeper than
 * vet reads, as a JSON pointer and what is wrong. Iterative: a value nested 100,000 deep costs no
 * stack.
 */
export function checkJsonValue(value: unknown, limits: InputLimits): { pointer: string; detail: string } | undefined {
  const stack: Array<{ value: unknown; pointer: string; depth: number }> = [{ value, pointer: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: v, pointer, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const detail = badText(v, limits);
      if (detail) return { pointer: pointer || '/', detail };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) return { pointer: pointer || '/', detail: `nested more than ${MAX_DEPTH} levels deep` };
    const entries: (readonly [string, unknown])[] = Array.isArray(v) ? (v as unknown[]).map((x, i) => [String(i), x] as const) : Object.entries(v);
    for (let k = entries.length - 1; k >= 0; k--) {
      const [key, child] = entries[k]!;
      const at = `${pointer}/${escapePointer(key)}`;
      const keyProblem = Array.isArray(v) ? undefined : badText(key, limits);
      if (keyProblem) return { pointer: at, detail: `its name ${keyProblem}` };
      stack.push({ value: child, pointer: at, depth: depth + 1 });
    }
  }
  return undefined;
}
