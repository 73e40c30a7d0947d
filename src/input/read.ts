import { columnLetters, xlsxAsCsv } from './xlsx.js';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { InputError, UsageError } from '../errors.js';
import type { InputItem } from './applicant.js';
import { readCsv } from './csv.js';
import type { InputFormat } from './formats.js';
import type { Override } from './headers.js';
import { applicantOffsets, JsonSyntaxError, lineColumn, lineLocator, locateSyntaxError, pointerOffset } from './json-scan.js';
import { checkJsonValue, DEFAULT_LIMITS, MAX_JSON_DOCUMENT, mayBeBad, recordTooLong, type InputLimits } from './limits.js';
import { ApplicantErrors, normaliseApplicant, type FieldReading } from './normalise.js';

export interface ReadOptions {
  /** Format for every input; by extension, then by content, when absent. */
  format?: InputFormat;
  overrides?: Map<string, Override>;
  delimiter?: string;
  stdin?: Readable | AsyncIterable<string | Buffer>;
  /** Relative paths are read from here; reports name them as given. */
  cwd?: string;
  /** Told the size of every input file before it is read (for progress), */
  onFile?: (bytes: number) => void;
  /** and how many bytes of it have been read, as they are. */
  onBytes?: (bytes: number) => void;
  /** Every chunk of every input (files and standard input) as read, under the input's report name (for the audit's digests). */
  onChunk?: (file: string, chunk: Buffer) => void;
  /** A WHATWG encoding label ("windows-1252", "utf-16le", "euc-kr"); detected per file when absent. */
  encoding?: string;
  /** Told how a file was read when vet had to guess (an encoding other than UTF-8 without a BOM). */
  onNotice?: (file: string, message: string) => void;
  limits?: InputLimits;
  /** `--date-order`, `--default-country`. */
  reading?: FieldReading;
  /** `--sheet`: the sheet of an .xlsx to read (default: the first). */
  sheet?: string;
  /** `--ats`: read CSV headers as this vendor's export. */
  ats?: string;
}

export const STDIN_NAME = '<stdin>';

function formatFromExtension(path: string): InputFormat | undefined {
  const ext = path.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (ext === 'json') return 'json';
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (ext === 'xlsx') return 'xlsx';
  return undefined;
}

/** Spreadsheet files vet does not open, and what to do instead. */
const OTHER_SPREADSHEETS: Record<string, string> = {
  xls: 'is an old Excel (.xls) workbook; save it as .xlsx or CSV',
  xlsm: 'is an Excel workbook with macros (.xlsm); save the sheet as .xlsx without macros, or as CSV',
  xlsb: 'is a binary Excel workbook (.xlsb); save it as .xlsx or CSV',
  numbers: 'is a Numbers document; export it as .xlsx or CSV',
  ods: 'is an OpenDocument spreadsheet; save it as .xlsx or CSV',
};

/** Throws a usage error for an encoding label TextDecoder does not know. */
export function checkEncoding(label: string): string {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    throw new UsageError(`--encoding: unknown encoding "${label}" (for example utf-8, utf-16le, utf-16be, windows-1252, euc-kr, gb18030, shift_jis)`);
  }
}

/** How many bytes are looked at to tell the encoding and whether the file is text at all. */
const SNIFF_BYTES = 64 * 1024;

/** UTF-16 without a BOM: one byte of most pairs is zero, and always the same one. */
function utf16Guess(head: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  if (pairs < 2) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  if (odd > pairs * 0.6 && even < pairs * 0.05) return 'utf-16le';
  if (even > pairs * 0.6 && odd < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/**
 * The encoding of a file from its first bytes: a BOM says it (UTF-8, UTF-16 LE or BE); bytes that
 * are valid UTF-8 are UTF-8; UTF-16 without a BOM shows as zero bytes in every other place; more
 * than a few NUL bytes otherwise mean a binary file; anything else is read as Windows-1252, what spreadsheet
 * programs on Windows export as "CSV", with a notice.
 */
export function detectEncoding(head: Buffer): { encoding: string; guessed?: boolean } | 'binary' {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8' };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be' };
  const utf16 = utf16Guess(head);
  if (utf16) return { encoding: utf16, guessed: true };
  // A stray NUL is a damaged row (rejected with its location); many are a binary file.
  let zeros = 0;
  for (let i = head.indexOf(0); i !== -1; i = head.indexOf(0, i + 1)) zeros++;
  if (zeros > head.length / 200) return 'binary';
  try {
    // stream: a character cut off by the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return { encoding: 'utf-8' };
  } catch {
    return { encoding: 'windows-1252', guessed: true };
  }
}

/**
 * Decodes a file's bytes into text chunks (a character may straddle two chunks) in the encoding
 * given or detected from its first chunks (64 KiB or more). Text given as strings (a test's standard input) is
 * passed through. Undecodable bytes become U+FFFD, which the readers reject field by field.
 */
async function* decode(source: AsyncIterable<string | Buffer>, file: string, options: ReadOptions): AsyncGenerator<string> {
  const { heads, chunks } = await peek(source, SNIFF_BYTES);
  if (typeof heads[0] === 'string') {
    // Already text (a test's standard input): no decoding, no detection.
    for await (const chunk of chunks) yield chunk.toString();
    return;
  }
  let encoding = options.encoding;
  if (encoding === undefined) {
    const detected = detectEncoding(Buffer.concat(heads as Buffer[]));
    if (detected === 'binary') throw new InputError({ file }, 'is not a text file; expected JSON, NDJSON or CSV');
    encoding = detected.encoding;
    if (detected.guessed) options.onNotice?.(file, `not UTF-8; read as ${encoding} (give --encoding to choose another)`);
  }
  const decoder = new TextDecoder(encoding);
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/** Reads the first chunk(s), at least `min` characters or bytes, and hands back a stream that replays them. */
async function peek<T extends string | Buffer>(source: AsyncIterable<T>, min = 4096): Promise<{ heads: T[]; chunks: AsyncIterable<T> }> {
  const iterator = source[Symbol.asyncIterator]();
  const heads: T[] = [];
  let length = 0;
  let done = false;
  while (length < min) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    heads.push(next.value);
    length += next.value.length;
  }
  async function* replay() {
    yield* heads;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { heads, chunks: replay() };
}

/** Guesses the format of text with no telling extension. */
export function sniffFormat(head: string): InputFormat {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('{')) {
    const newline = text.indexOf('\n');
    if (newline === -1) return 'json';
    try {
      JSON.parse(text.slice(0, newline));
      return text.slice(newline).trim() === '' ? 'json' : 'ndjson';
    } catch {
      return 'json';
    }
  }
  return 'csv';
}

function looksBinary(head: string): boolean {
  const sample = head.slice(0, 1024);
  let odd = 0;
  for (const ch of sample) if (ch === '\uFFFD' || (ch < ' ' && ch !== '\n' && ch !== '\r' && ch !== '\t')) odd++;
  return sample.length > 0 && odd / sample.length > 0.1;
}

/** Passes chunks through, showing each to `see` first. */
async function* tapped<T extends string | Buffer>(source: AsyncIterable<T>, see: (chunk: T) => void): AsyncGenerator<T> {
  for await (const chunk of source) {
    see(chunk);
    yield chunk;
  }
}

/** An .xlsx: its sheet as CSV text, read as a CSV is (mapping, limits, errors by row and column). */
async function* readXlsx(input: string, file: string, options: ReadOptions): AsyncGenerator<InputItem> {
  let text: string;
  let sheet: string;
  let headers: string[];
  try {
    const path = resolve(options.cwd ?? process.cwd(), input);
    const size = (await stat(path)).size;
    ({ text, sheet, headers } = await xlsxAsCsv(path, file, options.sheet));
    options.onFile?.(size);
    options.onBytes?.(size);
    if (options.onChunk) options.onChunk(file, await readFile(path));
  } catch (e) {
    if (e instanceof InputError) {
      yield { type: 'fatal', error: e };
      return;
    }
    const code = (e as NodeJS.ErrnoException).code;
    yield { type: 'fatal', error: new InputError({ file }, code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`) };
    return;
  }
  // Errors name the cell as a spreadsheet does: "Sheet1!C12 (column "Date of Birth")".
  const cell = (e: InputError): InputError => {
    const header = /^column "(.*)"$/.exec(e.location.field ?? '')?.[1];
    const k = header !== undefined ? headers.indexOf(header) : -1;
    if (k < 0 || e.location.line === undefined) return e;
    return new InputError({ ...e.location, field: `${sheet}!${columnLetters(k)}${e.location.line} (column "${header}")` }, e.detail);
  };
  for await (const item of readCsv(Readable.from([text]).setEncoding('utf8') as AsyncIterable<string>, {
    file,
    limits: options.limits ?? DEFAULT_LIMITS,
    overrides: options.overrides ?? new Map<string, Override>(),
    delimiter: ',',
    reading: options.reading ?? {},
    ...(options.ats !== undefined ? { ats: options.ats } : {}),
  })) {
    if (item.type === 'rejected') yield { type: 'rejected', errors: item.errors.map(cell) };
    else {
      if (item.type === 'record' && item.record.problems?.length) item.record.problems = item.record.problems.map(cell);
      yield item;
    }
  }
}

async function openFile(file: string, cwd: string, options: ReadOptions): Promise<AsyncIterable<string | Buffer>> {
  const path = resolve(cwd, file);
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError({ file }, code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? 'unknown error'})`);
  }
  if (info.isDirectory()) throw new InputError({ file }, 'is a directory, not a file');
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  if (!options.onBytes) return stream;
  options.onFile?.(info.size);
  const onBytes = options.onBytes;
  return tapped(stream as AsyncIterable<Buffer>, (chunk) => onBytes(chunk.length));
}

/**
 * Normalises one parsed applicant. `text` and `start` locate it in its source, so a field error can
 * name the field's own line and column rather than the applicant's first line.
 */
function recordItem(
  raw: unknown,
  file: string,
  line: number,
  text: string,
  start: number,
  end: number,
  limits: InputLimits,
  reading: FieldReading,
  lineOffset = 0,
  /** Line and column of an offset in `text`: one locator for every applicant of a document. */
  where: (offset: number) => { line: number; column: number } = (offset) => lineColumn(text, offset),
): InputItem {
  if (end - start > limits.maxRecord) return { type: 'rejected', errors: [new InputError({ file, line }, recordTooLong(limits))] };
  // Nesting deeper than vet reads needs over 1,000 characters; shorter records are checked only when they hold a suspect character.
  // A damaged value (a NUL, a string over the limit, nesting too deep) is left out and the applicant
  // vetted on the rest; damage at the top of the record rejects it.
  const damaged: InputError[] = [];
  if (end - start > 1024 || mayBeBad(start > 0 || end < text.length ? text.slice(start, end) : text, limits, true)) {
    for (let bad = checkJsonValue(raw, limits); bad !== undefined; bad = checkJsonValue(raw, limits)) {
      const offset = pointerOffset(text, start, bad.pointer);
      const at = offset === undefined ? { line } : where(offset);
      const error = new InputError(
        { file, line: at.line + (offset === undefined ? 0 : lineOffset), ...('column' in at ? { column: at.column } : {}), field: bad.pointer },
        bad.detail,
      );
      if (bad.pointer === '/' || damaged.length >= 100 || !removeAt(raw, bad.pointer)) return { type: 'rejected', errors: [...damaged, error] };
      damaged.push(error);
    }
  }
  // A field error names the field's own line and column rather than the applicant's first line.
  const locate = (error: InputError): InputError => {
    const field = error.location.field;
    const offset = field?.startsWith('/') ? pointerOffset(text, start, field) : undefined;
    if (offset === undefined) return error;
    const at = where(offset);
    return new InputError({ ...error.location, line: at.line + lineOffset, column: at.column }, error.detail);
  };
  try {
    const record = normaliseApplicant(raw, { file, line, damaged, ...reading });
    // The damaged values are located already; the normaliser's own problems are located here.
    if (record.problems?.length) record.problems = record.problems.map((e) => (damaged.includes(e) ? e : locate(e)));
    return { type: 'record', record };
  } catch (e) {
    if (!(e instanceof ApplicantErrors)) throw e;
    return { type: 'rejected', errors: e.errors.map(locate) };
  }
}

/** Removes the value at a JSON pointer (an array element becomes null); false when there is none to remove. */
function removeAt(root: unknown, pointer: string): boolean {
  const keys = pointer
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = root;
  for (const key of keys.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[key];
  }
  const last = keys[keys.length - 1];
  if (last === undefined || node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) node[Number(last)] = null;
  else delete (node as Record<string, unknown>)[last];
  return true;
}

async function* readJson(chunks: AsyncIterable<string>, file: string, limits: InputLimits, reading: FieldReading): AsyncGenerator<InputItem> {
  const parts: string[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    length += chunk.length;
    if (length > MAX_JSON_DOCUMENT) {
      yield {
        type: 'fatal',
        error: new InputError(
          { file },
          `a JSON document over ${MAX_JSON_DOCUMENT / 1024 / 1024} MiB is not read whole; give the applicants as NDJSON (one per line) or CSV`,
        ),
      };
      return;
    }
    parts.push(chunk);
  }
  const text = parts.join('').replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const { offset, detail } = locateSyntaxError(text);
    const { line, column } = lineColumn(text, offset);
    yield { type: 'fatal', error: new InputError({ file, line, column }, `not valid JSON: ${detail}`) };
    return;
  }
  let offsets: number[];
  try {
    offsets = applicantOffsets(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const { line, column } = lineColumn(text, e.offset);
    yield { type: 'fatal', error: new InputError({ file, line, column }, `${e.message}; not an applicant file`) };
    return;
  }
  let list: unknown[];
  if (Array.isArray(doc)) list = doc;
  else if (typeof doc === 'object' && doc !== null && Array.isArray((doc as { applicants?: unknown }).applicants)) {
    list = (doc as { applicants: unknown[] }).applicants;
  } else if (typeof doc === 'object' && doc !== null) list = [doc];
  else {
    yield { type: 'fatal', error: new InputError({ file, line: 1 }, 'expected an applicant object, an array of them or { "applicants": [...] }') };
    return;
  }
  // Each applicant's line, and each bad field's, from the document's line breaks found once.
  const where = lineLocator(text);
  for (let k = 0; k < list.length; k++) {
    const offset = offsets[k] ?? 0;
    yield recordItem(list[k], file, where(offset).line, text, offset, offsets[k + 1] ?? text.length, limits, reading, 0, where);
  }
}

/** Lines of a stream; a line over `max` characters is not held, only reported as `tooLong`. */
async function* lines(chunks: AsyncIterable<string>, max: number): AsyncGenerator<{ text: string; tooLong?: true }> {
  let rest = '';
  let skipping = false;
  for await (const chunk of chunks) {
    const text = rest + chunk;
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      if (skipping || nl - from > max) yield { text: '', tooLong: true };
      else yield { text: text.slice(from, nl) };
      skipping = false;
      from = nl + 1;
    }
    rest = text.slice(from);
    if (rest.length > max) {
      skipping = true;
      rest = '';
    }
  }
  if (skipping) yield { text: '', tooLong: true };
  else if (rest !== '') yield { text: rest };
}

async function* readNdjson(chunks: AsyncIterable<string>, file: string, limits: InputLimits, reading: FieldReading): AsyncGenerator<InputItem> {
  let lineNo = 0;
  for await (const { text: raw, tooLong } of lines(chunks, limits.maxRecord)) {
    lineNo++;
    if (tooLong) {
      yield { type: 'rejected', errors: [new InputError({ file, line: lineNo }, recordTooLong(limits))] };
      continue;
    }
    let text = raw;
    if (lineNo === 1) text = text.replace(/^\uFEFF/, '');
    text = text.replace(/\r$/, '');
    if (text.trim() === '') continue;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      const { offset, detail } = locateSyntaxError(text);
      yield { type: 'rejected', errors: [new InputError({ file, line: lineNo, column: offset + 1 }, `not valid JSON: ${detail}`)] };
      continue;
    }
    yield recordItem(doc, file, lineNo, text, 0, text.length, limits, reading, lineNo - 1);
  }
}

/** Reads every input in turn; errors in one file never stop the others. */
export async function* readApplicants(inputs: string[], options: ReadOptions = {}): AsyncGenerator<InputItem> {
  if (inputs.filter((i) => i === '-').length > 1) throw new UsageError('standard input ("-") can be read only once');
  for (const input of inputs) {
    const file = input === '-' ? STDIN_NAME : input;
    const ext = input.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';
    if (input !== '-' && Object.hasOwn(OTHER_SPREADSHEETS, ext) && options.format === undefined) {
      yield { type: 'fatal', error: new InputError({ file }, OTHER_SPREADSHEETS[ext]!) };
      continue;
    }
    if (input !== '-' && (options.format ?? formatFromExtension(input)) === 'xlsx') {
      yield* readXlsx(input, file, options);
      continue;
    }
    let source: AsyncIterable<string | Buffer>;
    try {
      if (input === '-') {
        if (!options.stdin) throw new UsageError('no standard input to read');
        source = options.stdin;
      } else source = await openFile(input, options.cwd ?? process.cwd(), options);
      const onChunk = options.onChunk;
      if (onChunk) source = tapped(source, (chunk) => onChunk(file, typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    } catch (e) {
      if (e instanceof InputError) {
        yield { type: 'fatal', error: e };
        continue;
      }
      throw e;
    }
    try {
      const { heads, chunks } = await peek(decode(source, file, options));
      const head = heads.join('');
      if (looksBinary(head)) {
        yield { type: 'fatal', error: new InputError({ file }, 'is not a text file; expected JSON, NDJSON or CSV') };
        continue;
      }
      const limits = options.limits ?? DEFAULT_LIMITS;
      const format = options.format ?? (input === '-' ? undefined : formatFromExtension(input)) ?? sniffFormat(head);
      if (format === 'xlsx') {
        yield { type: 'fatal', error: new InputError({ file }, 'an .xlsx workbook is read from a file, not from standard input') };
        continue;
      }
      if (format === 'json') yield* readJson(chunks, file, limits, options.reading ?? {});
      else if (format === 'ndjson') yield* readNdjson(chunks, file, limits, options.reading ?? {});
      else
        yield* readCsv(chunks, {
          file,
          limits,
          overrides: options.overrides ?? new Map<string, Override>(),
          ...(options.delimiter ? { delimiter: options.delimiter } : {}),
          reading: options.reading ?? {},
          ...(options.ats !== undefined ? { ats: options.ats } : {}),
        });
    } catch (e) {
      if (e instanceof InputError) {
        yield { type: 'fatal', error: e };
        continue;
      }
      const code = (e as NodeJS.ErrnoException).code;
      if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
        yield { type: 'fatal', error: new InputError({ file }, `read failed (${code})`) };
        continue;
      }
      throw e;
    }
  }
}
