import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { InputError, UsageError } from '../errors.js';
import type { ApplicantRecord } from './applicant.js';
import { readCsv } from './csv.js';
import type { InputFormat } from './formats.js';
import type { Override } from './headers.js';
import { applicantOffsets, lineColumn, locateSyntaxError, pointerOffset } from './json-scan.js';
import { ApplicantErrors, normaliseApplicant } from './normalise.js';

/**
 * What reading yields: an applicant, a rejected record with all its problems, or a problem that
 * stops the rest of that file from being read (the other files are still read).
 */
export type InputItem =
  | { type: 'record'; record: ApplicantRecord }
  | { type: 'rejected'; errors: InputError[] }
  | { type: 'fatal'; error: InputError };


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
}

export const STDIN_NAME = '<stdin>';

function formatFromExtension(path: string): InputFormat | undefined {
  const ext = path.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (ext === 'json') return 'json';
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  return undefined;
}

/** Decodes UTF-8 chunks (a multi-byte character may straddle two chunks) into strings. */
async function* decode(source: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text !== '') yield text;
  }
  const rest = decoder.end();
  if (rest !== '') yield rest;
}

/** Reads the first chunk(s), at least `min` characters, and hands back a stream that replays them. */
async function peek(source: AsyncIterable<string>, min = 4096): Promise<{ head: string; chunks: AsyncIterable<string> }> {
  const iterator = source[Symbol.asyncIterator]();
  const heads: string[] = [];
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
  return { head: heads.join(''), chunks: replay() };
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
  if (head.includes('\u0000')) return true;
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
function recordItem(raw: unknown, file: string, line: number, text: string, start: number, lineOffset = 0): InputItem {
  try {
    return { type: 'record', record: normaliseApplicant(raw, { file, line }) };
  } catch (e) {
    if (!(e instanceof ApplicantErrors)) throw e;
    const errors = e.errors.map((error) => {
      const field = error.location.field;
      const offset = field?.startsWith('/') ? pointerOffset(text, start, field) : undefined;
      if (offset === undefined) return error;
      const at = lineColumn(text, offset);
      return new InputError({ ...error.location, line: at.line + lineOffset, column: at.column }, error.detail);
    });
    return { type: 'rejected', errors };
  }
}

async function* readJson(chunks: AsyncIterable<string>, file: string): AsyncGenerator<InputItem> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  text = text.replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const { offset, detail } = locateSyntaxError(text);
    const { line, column } = lineColumn(text, offset);
    yield { type: 'fatal', error: new InputError({ file, line, column }, `not valid JSON: ${detail}`) };
    return;
  }
  const offsets = applicantOffsets(text);
  let list: unknown[];
  if (Array.isArray(doc)) list = doc;
  else if (typeof doc === 'object' && doc !== null && Array.isArray((doc as { applicants?: unknown }).applicants)) {
    list = (doc as { applicants: unknown[] }).applicants;
  } else if (typeof doc === 'object' && doc !== null) list = [doc];
  else {
    yield { type: 'fatal', error: new InputError({ file, line: 1 }, 'expected an applicant object, an array of them or { "applicants": [...] }') };
    return;
  }
  // Line numbers from one pass over the text, not one scan per applicant.
  let line = 1;
  let at = 0;
  for (let k = 0; k < list.length; k++) {
    const offset = offsets[k] ?? 0;
    for (let i = text.indexOf('\n', at); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    at = Math.max(at, offset);
    yield recordItem(list[k], file, line, text, offset);
  }
}

async function* lines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + chunk;
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      yield text.slice(from, nl);
      from = nl + 1;
    }
    rest = text.slice(from);
  }
  if (rest !== '') yield rest;
}

async function* readNdjson(chunks: AsyncIterable<string>, file: string): AsyncGenerator<InputItem> {
  let lineNo = 0;
  for await (let text of lines(chunks)) {
    lineNo++;
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
    yield recordItem(doc, file, lineNo, text, 0, lineNo - 1);
  }
}

/** Reads every input in turn; errors in one file never stop the others. */
export async function* readApplicants(inputs: string[], options: ReadOptions = {}): AsyncGenerator<InputItem> {
  if (inputs.filter((i) => i === '-').length > 1) throw new UsageError('standard input ("-") can be read only once');
  for (const input of inputs) {
    const file = input === '-' ? STDIN_NAME : input;
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
      const { head, chunks } = await peek(decode(source));
      if (looksBinary(head)) {
        yield { type: 'fatal', error: new InputError({ file }, 'is not a text file; expected JSON, NDJSON or CSV') };
        continue;
      }
      const format = options.format ?? (input === '-' ? undefined : formatFromExtension(input)) ?? sniffFormat(head);
      if (format === 'json') yield* readJson(chunks, file);
      else if (format === 'ndjson') yield* readNdjson(chunks, file);
      else yield* readCsv(chunks, { file, overrides: options.overrides ?? new Map(), ...(options.delimiter ? { delimiter: options.delimiter } : {}) });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
        yield { type: 'fatal', error: new InputError({ file }, `read failed (${code})`) };
        continue;
      }
      throw e;
    }
  }
}
