import { isIP } from 'node:net';
import { parse } from 'csv-parse/sync';
import { InputError } from '../errors.js';
import type { ColumnPlan, Override } from './headers.js';
import { planColumns } from './headers.js';
import type { InputItem } from './applicant.js';
import { setOwn } from './applicant.js';
import { badText, DEFAULT_LIMITS, mayBeBad, recordTooLong, type InputLimits } from './limits.js';
import { ApplicantErrors, normaliseApplicant, type FieldReading } from './normalise.js';
import { grouped } from '../digits.js';

export interface FramedRecord {
  text: string;
  /** 1-based line the record starts on. */
  line: number;
  /** Set on the last record when a quoted field is still open at the end of the input. */
  unterminated?: boolean;
  /** Set when the record was longer than the limit: its text was not kept. */
  tooLong?: boolean;
  endLine: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];
/** Canonical fields an applicant can be checked by: without one of them mapped, an export is refused. */
const USABLE = /^(?:name|givenName|familyName|otherNames|emails|phones|address|shippingAddress|location)(?:\.|$)/;

/**
 * Splits a character stream into CSV records, tracking the line each starts on. A quote opens a
 * quoted field only at the start of a field, so a stray quote inside a value cannot swallow the rest
 * of the file; csv-parse then rejects just that record. (csv-parse alone loses every record after
 * an invalid closing quote and reports an unclosed quote at the end of the file, not where it opened.)
 */
export async function* frameRecords(chunks: AsyncIterable<string>, delimiterOf: () => string | undefined, maxRecord = Infinity): AsyncGenerator<FramedRecord> {
  let buf = '';
  let start = 0;
  let i = 0;
  let inQuotes = false;
  let fieldStart = true;
  let line = 1;
  let newlines = 0;
  let first = true;
  // A record past maxRecord is not kept: its text is dropped as it comes, its end still found.
  let tooLong = false;
  // The delimiter is known only once the header is read, so it is looked up per record, not per
  // character; until then any candidate delimiter ends a field.
  let delimiter = -1;
  const refreshDelimiter = () => {
    delimiter = delimiterOf()?.charCodeAt(0) ?? -1;
  };
  const isDelimiter = (c: number) => (delimiter !== -1 ? c === delimiter : c === 0x2c || c === 0x3b || c === 0x09 || c === 0x7c);
  refreshDelimiter();
  const take = (end: number): FramedRecord => {
    if (tooLong || end - start > maxRecord) return { text: '', line, endLine: line + newlines, tooLong: true };
    let stop = end;
    if (stop > start && buf.charCodeAt(stop - 1) === CR) stop--;
    return { text: buf.slice(start, stop), line, endLine: line + newlines };
  };
  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    buf = buf.slice(start) + chunk;
    i -= start;
    start = 0;
    for (; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (inQuotes) {
        if (c === QUOTE) {
          if (i + 1 === buf.length) break; // need the next character to tell "" from a closing quote
          if (buf.charCodeAt(i + 1) === QUOTE) i++;
          else inQuotes = false;
        } else if (c === LF) newlines++;
        continue;
      }
      // A line ends at LF, CRLF, or a CR alone (old Mac exports, and files mixing all three).
      if (c === CR) {
        if (i + 1 === buf.length) break; // need the next character to tell CRLF from a lone CR
        if (buf.charCodeAt(i + 1) === LF) continue;
      }
      if (c === LF || c === CR) {
        const record = take(i);
        if (record.tooLong || record.text.trim() !== '') {
          yield record;
          refreshDelimiter();
        }
        tooLong = false;
        line += newlines + 1;
        newlines = 0;
        start = i + 1;
        fieldStart = true;
      } else if (c === QUOTE && fieldStart) {
        inQuotes = true;
        fieldStart = false;
      } else fieldStart = isDelimiter(c);
    }
    if (i - start > maxRecord) {
      tooLong = true;
      start = i;
    }
  }
  if (tooLong) {
    yield { text: '', line, endLine: line + newlines, tooLong, ...(inQuotes ? { unterminated: true } : {}) };
    return;
  }
  if (start < buf.length) {
    const record = take(buf.length);
    if (inQuotes) {
      record.unterminated = true;
      record.endLine = line + (record.text.trimEnd().match(/\n/g)?.length ?? 0);
    }
    if (record.tooLong || record.text.trim() !== '' || inQuotes) yield record;
  }
}

/** The delimiter that splits the header line into the most fields, outside quotes. */
export function sniffDelimiter(header: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of CANDIDATE_DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const ch of header) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

const CSV_ERRORS: Record<string, string> = {
  CSV_INVALID_CLOSING_QUOTE: 'text after the closing quote of a quoted field',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field (quote the whole field and double the inner quote)',
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text after the closing quote of a quoted field',
};

interface ParseFailure {
  code?: string;
  column?: number;
}

export interface CsvOptions {
  file: string;
  overrides: Map<string, Override>;
  /** Forced delimiter; sniffed from the header otherwise. */
  delimiter?: string;
  batchSize?: number;
  limits?: InputLimits;
  reading?: FieldReading;
  /** `--ats`: read the header as this vendor's export (else recognised from the header). */
  ats?: string;
}

/** Whether a comma-separated part is certainly one value of the field (so the comma separates values). */
const WHOLE_VALUE: Record<string, (part: string) => boolean> = {
  emails: (p) => /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/.test(p),
  // Only international numbers: "+44 20 7946 0958, +1 415 555 0100". A national number may hold a comma as a separator.
  phones: (p) => /^(?:\+|00)[\d\s().-]{6,}$/.test(p) && p.replace(/\D/g, '').length >= 7,
  ipAddresses: (p) => isIP(p) !== 0,
  profileLinks: (p) => /^(?:https?:\/\/|www\.)\S+$/i.test(p) || /^[a-z0-9-]+(?:\.[a-z0-9-]+)+\/\S*$/i.test(p),
};

/** The profile key a link's host names: "github", "linkedin", else "website" (then "website2", ...). */
function profileKey(url: string, taken: Record<string, unknown>): string {
  const host = url
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/[/?#].*$/, '')
    .toLowerCase()
    .replace(/^www\./, '');
  const site = /(^|\.)github\.com$/.test(host) ? 'github' : /(^|\.)linkedin\.com$/.test(host) ? 'linkedin' : 'website';
  if (!Object.hasOwn(taken, site)) return site;
  for (let n = 2; ; n++) if (!Object.hasOwn(taken, `${site}${n}`)) return `${site}${n}`;
}

/** A character that may split a cell into values or open a JSON list. */
const ONE_VALUE_OR_MORE = /[;|\n,[]/;

/**
 * Cells a multi-value column is split into: at ";", "|" and line breaks, and at commas when every
 * part is certainly one value of the field (Lever's and Recruitee's "a@x.com, b@y.com"). Names and
 * employers never split at a comma ("Kim, Min-jun", "Acme, Inc.").
 */
export function splitMulti(cell: string, key: string): string[] {
  const trimmed = cell.trim();
  // Most cells hold one value: nothing to split at, no list.
  if (!ONE_VALUE_OR_MORE.test(trimmed)) return trimmed === '' ? [] : [trimmed];
  // A JSON list of strings (Gem's all_candidate_emails: ["a@x.com","b@y.com"]).
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    try {
      const list: unknown = JSON.parse(trimmed);
      if (Array.isArray(list) && list.every((v) => typeof v === 'string')) return list.map((v) => v.trim()).filter((v) => v !== '');
    } catch {
      // not JSON: read as text below
    }
  }
  const parts = cell
    .split(/[;|\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const whole = WHOLE_VALUE[key];
  if (whole === undefined) return parts;
  return parts.flatMap((part) => {
    if (!part.includes(',')) return [part];
    const pieces = part
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    return pieces.length > 1 && pieces.every(whole) ? pieces : [part];
  });
}

/** What one column does with its cell, worked out once per file from the header. */
export type ColumnRole =
  | { kind: 'extra'; header: string }
  | { kind: 'multi'; header: string; key: string }
  | { kind: 'single'; header: string; key: string; pointer: string }
  // A part of a nested field ("Street Address" is address.street): `rest` is the path under `head`,
  // `group` the position of `head` in the plan's groups, `listPointer` the pointer when `head` is
  // a list whose first item the part describes (`/${head}/0/...`).
  | { kind: 'part'; header: string; head: string; rest: string[]; pointer: string; listPointer: string; group: number };

/**
 * The columns of a file as a plan for its rows: each column's role, and the nested fields the part
 * columns build, each with its parts in the order they are set (shorter paths first, then column
 * order), worked out once instead of per row.
 */
export interface RecordPlan {
  roles: ColumnRole[];
  groups: Array<{ head: string; pointer: string; first: string; firstName: string; parts: number[] }>;
}

/**
 * Turns the header plan into column roles. A ".text" column is the whole address or location only
 * when no column gives its parts; beside part columns it is one more part ("text"), which the
 * normaliser reads for what the parts leave out: Ashby's "Location" beside "Timezone" is merged,
 * never dropped.
 */
export function compilePlan(plan: ColumnPlan[]): RecordPlan {
  const hasParts = new Set(plan.filter((c) => c.target && /\.(?!text$)/.test(c.target.path)).map((c) => c.target!.path.split('.')[0]));
  const groups: RecordPlan['groups'] = [];
  const roles = plan.map(({ header, target }, column): ColumnRole => {
    if (!target) return { kind: 'extra', header };
    if (target.multi) return { kind: 'multi', header, key: target.path };
    const path = target.path.split('.');
    const [head, tail] = path as [string, string | undefined];
    if (tail === undefined || (tail === 'text' && !hasParts.has(head))) return { kind: 'single', header, key: head, pointer: `/${head}` };
    let group = groups.findIndex((g) => g.head === head);
    if (group === -1) group = groups.push({ head, pointer: `/${head}`, first: `/${head}/0`, firstName: `/${head}/0/name`, parts: [] }) - 1;
    groups[group]!.parts.push(column);
    const rest = path.slice(1);
    return { kind: 'part', header, head, rest, pointer: `/${path.join('/')}`, listPointer: `/${head}/0/${rest.join('/')}`, group };
  });
  // A stable sort: parts of equal depth stay in column order.
  for (const g of groups) g.parts.sort((a, b) => (roles[a] as { rest: string[] }).rest.length - (roles[b] as { rest: string[] }).rest.length);
  return { roles, groups };
}

/**
 * Builds the record the normaliser reads from one row, and the map from pointers in it to the
 * column each value came from. Unknown columns are returned apart and land in `extra`.
 */
export function buildRecord(
  plan: RecordPlan,
  cells: string[],
): { record: Record<string, unknown>; columns: Map<string, string>; extra: Record<string, unknown> } {
  const { roles, groups } = plan;
  const record: Record<string, unknown> = {};
  const columns = new Map<string, string>();
  const extra: Record<string, unknown> = {};
  // The nested fields this row fills, in the order of their first filled part, with that part's column.
  let filled: number[] | undefined;
  for (let i = 0; i < roles.length; i++) {
    const role = roles[i]!;
    const cell = cells[i] ?? '';
    if (cell.trim() === '') continue;
    if (role.kind === 'extra') setOwn(extra, role.header, cell);
    else if (role.kind === 'multi' && role.key === 'profileLinks') {
      const profiles = (record.profiles ??= {}) as Record<string, unknown>;
      for (const url of splitMulti(cell, role.key)) {
        const key = profileKey(url, profiles);
        profiles[key] = url;
        columns.set(`/profiles/${key}`, role.header);
      }
    } else if (role.kind === 'multi') {
      const list = (record[role.key] as string[] | undefined) ?? [];
      for (const value of splitMulti(cell, role.key)) {
        columns.set(`/${role.key}/${list.length}`, role.header);
        list.push(value);
      }
      record[role.key] = list;
      columns.set(`/${role.key}`, role.header);
    } else if (role.kind === 'single') {
      record[role.key] = cell;
      columns.set(role.pointer, role.header);
    } else {
      filled ??= [];
      let seen = false;
      for (let k = 0; k < filled.length; k += 2) if (filled[k] === role.group) seen = true;
      if (!seen) filled.push(role.group, i);
    }
  }
  if (filled === undefined) return { record, columns, extra };
  for (let k = 0; k < filled.length; k += 2) {
    const { head, pointer, first, firstName, parts } = groups[filled[k]!]!;
    // A list of names from a multi-value column ("Employers") beside one item's fields ("Employer
    // Website"): the fields describe its first item.
    const list = record[head];
    const inList = Array.isArray(list);
    let node: Record<string, unknown>;
    if (inList) {
      node = typeof list[0] === 'string' ? { name: list[0] } : {};
      if (list.length > 0) columns.set(firstName, columns.get(first)!);
      list[0] = node;
    } else {
      // An object already there (profiles from a Links column) keeps what it holds.
      node = {};
      if (typeof list === 'object' && list !== null) Object.assign(node, list);
      record[head] = node;
    }
    columns.set(pointer, roles[filled[k + 1]!]!.header);
    // Shorter paths first, so "GitHub" (the URL) is in place before "GitHub Created" nests under it.
    for (const column of parts) {
      const cell = cells[column] ?? '';
      if (cell.trim() === '') continue;
      const role = roles[column] as Extract<ColumnRole, { kind: 'part' }>;
      const { rest } = role;
      let at = node;
      for (let d = 0; d < rest.length - 1; d++) {
        const key = rest[d]!;
        if (typeof at[key] === 'string') {
          const prefix = `${inList ? first : pointer}/${rest.slice(0, d + 1).join('/')}`;
          at[key] = { url: at[key] };
          columns.set(`${prefix}/url`, columns.get(prefix)!);
        }
        at = (at[key] ??= {}) as Record<string, unknown>;
      }
      at[rest[rest.length - 1]!] = cell;
      columns.set(inList ? role.listPointer : role.pointer, role.header);
    }
  }
  return { record, columns, extra };
}

/**
 * The cells of one framed record, as csv-parse reads them (relax_column_count, no other option),
 * for a record it reads without a word to say: unquoted fields without a quote in them, and
 * quoted fields ("" for a quote inside) that end at a delimiter or at the end. Anything else (a
 * stray quote, characters after a closing quote, an unclosed quote, a line break outside quotes,
 * an empty record, a delimiter of more than one character) gives undefined: csv-parse reads it,
 * and words its error. Framing has already looked at every character; csv-parse reading each
 * record again, character by character, was a sixth of the CSV path.
 */
export function splitRecord(text: string, delimiter: string): string[] | undefined {
  if (text.length === 0 || delimiter.length !== 1 || delimiter === '"') return undefined;
  const cells: string[] = [];
  const n = text.length;
  let i = 0;
  // The first quote at or after i, found again only once passed: each field does not search on.
  let quote = text.indexOf('"');
  // A line break outside quotes ends a record; framing never leaves one in, but if it did, csv-parse reads it.
  const breaks = text.indexOf('\n') !== -1 || text.indexOf('\r') !== -1;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) return undefined;
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += text.slice(from, q);
        i = q + 1;
        break;
      }
      cells.push(value);
      if (i === n) return cells;
      if (text[i] !== delimiter) return undefined;
      i++;
    } else {
      const d = text.indexOf(delimiter, i);
      const end = d === -1 ? n : d;
      if (quote !== -1 && quote < i) quote = text.indexOf('"', i);
      if (quote !== -1 && quote < end) return undefined;
      const cell = text.slice(i, end);
      if (breaks && (cell.includes('\n') || cell.includes('\r'))) return undefined;
      cells.push(cell);
      if (d === -1) return cells;
      i = d + 1;
    }
  }
}

/**
 * Reads CSV applicants from a character stream: header mapping, batched parsing, one error per
 * broken row. Rows are normalised as they arrive, so memory stays flat whatever the file size.
 */
export async function* readCsv(chunks: AsyncIterable<string>, options: CsvOptions): AsyncGenerator<InputItem> {
  const { file } = options;
  let delimiter = options.delimiter;
  let headers: string[] | undefined;
  let plan: RecordPlan = { roles: [], groups: [] };
  let batch: FramedRecord[] = [];
  const batchSize = options.batchSize ?? 64;
  const limits = options.limits ?? DEFAULT_LIMITS;

  const rowItem = (framed: FramedRecord, cells: string[]): InputItem => {
    if (cells.length !== headers!.length) {
      return {
        type: 'rejected',
        errors: [new InputError({ file, line: framed.line }, `row has ${cells.length} fields but the header has ${headers!.length}`)],
      };
    }
    // A damaged cell (a NUL, a cell over the limit) is left out, and the row vetted on the rest.
    const damaged: InputError[] = [];
    if (mayBeBad(framed.text, limits)) {
      cells.forEach((cell, k) => {
        const detail = badText(cell, limits);
        if (detail === undefined) return;
        damaged.push(new InputError({ file, line: framed.line, field: `column "${headers![k]}"` }, detail));
        cells[k] = '';
      });
    }
    const { record, columns, extra } = buildRecord(plan, cells);
    try {
      const normalised = normaliseApplicant(record, { file, line: framed.line, columns, damaged, ...(options.reading ?? {}) });
      normalised.applicant.extra = extra;
      return { type: 'record', record: normalised };
    } catch (e) {
      if (e instanceof ApplicantErrors) return { type: 'rejected', errors: e.errors };
      throw e;
    }
  };

  const parseOne = (framed: FramedRecord): InputItem => {
    try {
      const rows = parse(framed.text, { ...(delimiter !== undefined ? { delimiter } : {}), relax_column_count: true });
      return rowItem(framed, rows[0] ?? []);
    } catch (e) {
      const failure = e as ParseFailure;
      const detail = CSV_ERRORS[failure.code ?? ''] ?? 'not a valid CSV row';
      const field = failure.column !== undefined && headers?.[failure.column] !== undefined ? `column "${headers[failure.column]}"` : undefined;
      return { type: 'rejected', errors: [new InputError({ file, line: framed.line, ...(field ? { field } : {}) }, detail)] };
    }
  };

  function* flush(): Generator<InputItem> {
    if (batch.length === 0) return;
    // Most rows split by hand (splitRecord); the rest go to csv-parse together, in one call.
    const split = batch.map((r) => (delimiter !== undefined ? splitRecord(r.text, delimiter) : undefined));
    const rest = batch.filter((_, k) => split[k] === undefined);
    let rows: string[][] | undefined;
    if (rest.length > 0) {
      try {
        rows = parse(rest.map((r) => r.text).join('\n'), { ...(delimiter !== undefined ? { delimiter } : {}), relax_column_count: true });
      } catch {
        rows = undefined;
      }
      if (rows !== undefined && rows.length !== rest.length) rows = undefined;
    }
    let next = 0;
    for (let k = 0; k < batch.length; k++) {
      const cells = split[k];
      if (cells !== undefined) yield rowItem(batch[k]!, cells);
      else yield rows !== undefined ? rowItem(batch[k]!, rows[next++]!) : parseOne(batch[k]!);
    }
    batch = [];
  }

  for await (const framed of frameRecords(chunks, () => delimiter, limits.maxRecord)) {
    if (framed.tooLong && !framed.unterminated) {
      if (headers === undefined) {
        yield {
          type: 'fatal',
          error: new InputError({ file, line: framed.line }, `the header row is longer than the ${grouped(limits.maxRecord)}-character limit (--max-record)`),
        };
        return;
      }
      yield* flush();
      yield { type: 'rejected', errors: [new InputError({ file, line: framed.line }, recordTooLong(limits))] };
      continue;
    }
    if (framed.unterminated) {
      yield* flush();
      yield {
        type: 'rejected',
        errors: [
          new InputError(
            { file, line: framed.line },
            `a quoted field opened here is never closed, so lines ${framed.line}-${framed.endLine} could not be read`,
          ),
        ],
      };
      continue;
    }
    if (headers === undefined) {
      delimiter ??= sniffDelimiter(framed.text);
      try {
        headers = parse(framed.text, { delimiter })[0] ?? [];
      } catch {
        yield { type: 'fatal', error: new InputError({ file, line: framed.line }, 'the header row is not valid CSV') };
        return;
      }
      const planned = planColumns(headers, options.overrides, options.ats);
      if (planned.conflict) {
        yield { type: 'fatal', error: new InputError({ file, line: framed.line }, planned.conflict) };
        return;
      }
      if (planned.missing.length > 0) {
        yield {
          type: 'fatal',
          error: new InputError({ file, line: framed.line }, `--map names a column this file does not have: ${planned.missing.join(', ')}`),
        };
        return;
      }
      if (!planned.plan.some((c) => c.target)) {
        yield {
          type: 'fatal',
          error: new InputError(
            { file, line: framed.line },
            'no column in the header is one vet knows (such as Name, Email, Phone, Country); this is not an applicant CSV, or its columns need --map field=Header',
          ),
        };
        return;
      }
      // Columns vet read but none it can check people by (a requisition export, a list of ids):
      // every row would come out unchecked, so the file is refused and its columns named.
      if (!planned.plan.some((c) => c.target !== undefined && USABLE.test(c.target.path))) {
        const seen = headers.slice(0, 20).map((h) => `"${h}"`);
        yield {
          type: 'fatal',
          error: new InputError(
            { file, line: framed.line },
            `no column vet can check applicants by (a name, e-mail, phone, address or location); the header has ${seen.join(', ')}${headers.length > 20 ? ` and ${headers.length - 20} more` : ''}: map one with --map field=Header`,
          ),
        };
        return;
      }
      plan = compilePlan(planned.plan);
      yield {
        type: 'columns',
        file,
        ...(planned.vendor ? { vendor: `${planned.vendor.name} (${planned.vendor.source})` } : {}),
        columns: planned.plan.map((c) => ({ header: c.header, field: c.target?.path ?? null, ...(c.note ? { note: c.note } : {}) })),
      };
      continue;
    }
    batch.push(framed);
    if (batch.length >= batchSize) yield* flush();
  }
  yield* flush();
  if (headers === undefined) yield { type: 'fatal', error: new InputError({ file }, 'the file is empty') };
}
