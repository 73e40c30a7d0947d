import { parse } from 'csv-parse/sync';
import { InputError } from '../errors.js';
import type { ColumnPlan, Target } from './headers.js';
import { planColumns } from './headers.js';
import type { InputItem } from './read.js';
import { ApplicantErrors, normaliseApplicant } from './normalise.js';

export interface FramedRecord {
  text: string;
  /** 1-based line the record starts on. */
  line: number;
  /** Set on the last record when a quoted field is still open at the end of the input. */
  unterminated?: boolean;
  endLine: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];

/**
 * Splits a character stream into CSV records, tracking the line each starts on. A quote opens a
 * quoted field only at the start of a field, so a stray quote inside a value cannot swallow the rest
 * of the file; csv-parse then rejects just that record. (csv-parse alone loses every record after
 * an invalid closing quote and reports an unclosed quote at the end of the file, not where it opened.)
 */
export async function* frameRecords(chunks: AsyncIterable<string>, delimiterOf: () => string | undefined): AsyncGenerator<FramedRecord> {
  let buf = '';
  let start = 0;
  let i = 0;
  let inQuotes = false;
  let fieldStart = true;
  let line = 1;
  let newlines = 0;
  let first = true;
  const isDelimiter = (c: number) => {
    const d = delimiterOf();
    return d !== undefined ? c === d.charCodeAt(0) : c === 0x2c || c === 0x3b || c === 0x09 || c === 0x7c;
  };
  const take = (end: number): FramedRecord => {
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
      if (c === LF) {
        const record = take(i);
        if (record.text.trim() !== '') yield record;
        line += newlines + 1;
        newlines = 0;
        start = i + 1;
        fieldStart = true;
      } else if (c === QUOTE && fieldStart) {
        inQuotes = true;
        fieldStart = false;
      } else fieldStart = isDelimiter(c);
    }
  }
  if (start < buf.length) {
    const record = take(buf.length);
    if (inQuotes) {
      record.unterminated = true;
      record.endLine = line + (record.text.trimEnd().match(/\n/g)?.length ?? 0);
    }
    if (record.text.trim() !== '' || inQuotes) yield record;
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
  overrides: Map<string, Target>;
  /** Forced delimiter; sniffed from the header otherwise. */
  delimiter?: string;
  batchSize?: number;
}

/** Cells a multi-value column is split into. */
function splitMulti(cell: string): string[] {
  return cell.split(/[;|\n]/).map((s) => s.trim()).filter((s) => s !== '');
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let node = obj;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/**
 * Builds the record the normaliser reads from one row, and the map from pointers in it to the
 * column each value came from. Unknown columns are returned apart and land in `extra`.
 */
export function buildRecord(plan: ColumnPlan[], cells: string[]): { record: Record<string, unknown>; columns: Map<string, string>; extra: Record<string, unknown> } {
  const record: Record<string, unknown> = {};
  const columns = new Map<string, string>();
  const extra: Record<string, unknown> = {};
  // A ".text" column is the whole address or location only when no column gives its parts.
  const hasParts = new Set(plan.filter((c) => c.target && /\.(?!text$)/.test(c.target.path)).map((c) => c.target!.path.split('.')[0]));
  plan.forEach(({ header, target }, index) => {
    const cell = cells[index] ?? '';
    if (cell.trim() === '') return;
    if (!target) {
      extra[header] = cell;
      return;
    }
    if (target.multi) {
      const list = (record[target.path] as string[] | undefined) ?? [];
      for (const value of splitMulti(cell)) {
        columns.set(`/${target.path}/${list.length}`, header);
        list.push(value);
      }
      record[target.path] = list;
      columns.set(`/${target.path}`, header);
      return;
    }
    const [head, tail] = target.path.split('.') as [string, string | undefined];
    if (tail === 'text' && !hasParts.has(head)) {
      record[head] = cell;
      columns.set(`/${head}`, header);
      return;
    }
    if (tail === 'text' && head === 'location') {
      extra[header] = cell; // the parts columns say it more precisely
      return;
    }
    setPath(record, target.path.split('.'), cell);
    columns.set('/' + target.path.replace(/\./g, '/'), header);
    if (tail) columns.set(`/${head}`, header);
  });
  return { record, columns, extra };
}

/**
 * Reads CSV applicants from a character stream: header mapping, batched parsing, one error per
 * broken row. Rows are normalised as they arrive, so memory stays flat whatever the file size.
 */
export async function* readCsv(chunks: AsyncIterable<string>, options: CsvOptions): AsyncGenerator<InputItem> {
  const { file } = options;
  let delimiter = options.delimiter;
  let headers: string[] | undefined;
  let plan: ColumnPlan[] = [];
  let batch: FramedRecord[] = [];
  const batchSize = options.batchSize ?? 512;

  const rowItem = (framed: FramedRecord, cells: string[]): InputItem => {
    if (cells.length !== headers!.length) {
      return {
        type: 'error',
        error: new InputError({ file, line: framed.line }, `row has ${cells.length} fields but the header has ${headers!.length}`),
      };
    }
    const { record, columns, extra } = buildRecord(plan, cells);
    try {
      const normalised = normaliseApplicant(record, { file, line: framed.line, columns });
      normalised.applicant.extra = extra;
      return { type: 'record', record: normalised };
    } catch (e) {
      if (e instanceof ApplicantErrors) return { type: 'errors', errors: e.errors };
      throw e;
    }
  };

  const parseOne = (framed: FramedRecord): InputItem => {
    try {
      const rows = parse(framed.text, { delimiter, relax_column_count: true }) as string[][];
      return rowItem(framed, rows[0] ?? []);
    } catch (e) {
      const failure = e as ParseFailure;
      const detail = CSV_ERRORS[failure.code ?? ''] ?? 'not a valid CSV row';
      const field = failure.column !== undefined && headers?.[failure.column] !== undefined ? `column "${headers[failure.column]}"` : undefined;
      return { type: 'error', error: new InputError({ file, line: framed.line, ...(field ? { field } : {}) }, detail) };
    }
  };

  function* flush(): Generator<InputItem> {
    if (batch.length === 0) return;
    let rows: string[][] | undefined;
    try {
      rows = parse(batch.map((r) => r.text).join('\n'), { delimiter, relax_column_count: true }) as string[][];
    } catch {
      rows = undefined;
    }
    if (rows !== undefined && rows.length === batch.length) {
      for (let k = 0; k < batch.length; k++) yield rowItem(batch[k]!, rows[k]!);
    } else {
      for (const framed of batch) yield parseOne(framed);
    }
    batch = [];
  }

  for await (const framed of frameRecords(chunks, () => delimiter)) {
    if (framed.unterminated) {
      yield* flush();
      yield {
        type: 'error',
        error: new InputError(
          { file, line: framed.line },
          `a quoted field opened here is never closed, so lines ${framed.line}-${framed.endLine} could not be read`,
        ),
      };
      continue;
    }
    if (headers === undefined) {
      delimiter ??= sniffDelimiter(framed.text);
      try {
        headers = (parse(framed.text, { delimiter }) as string[][])[0] ?? [];
      } catch {
        yield { type: 'fatal', error: new InputError({ file, line: framed.line }, 'the header row is not valid CSV') };
        return;
      }
      const planned = planColumns(headers, options.overrides);
      if (planned.conflict) {
        yield { type: 'fatal', error: new InputError({ file, line: framed.line }, planned.conflict) };
        return;
      }
      if (planned.missing.length > 0) {
        yield { type: 'fatal', error: new InputError({ file, line: framed.line }, `--map names a column this file does not have: ${planned.missing.join(", ")}`) };
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
      plan = planned.plan;
      continue;
    }
    batch.push(framed);
    if (batch.length >= batchSize) yield* flush();
  }
  yield* flush();
  if (headers === undefined) yield { type: 'fatal', error: new InputError({ file }, 'the file is empty') };
}
