import { Readable } from 'node:stream';
import type { InputItem } from '../../src/input/applicant.js';
import { readApplicants, type ReadOptions } from '../../src/input/read.js';
import type { ApplicantRecord, ColumnMapping } from '../../src/input/applicant.js';
import type { InputError } from '../../src/errors.js';

export const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;

export interface Collected {
  records: ApplicantRecord[];
  errors: InputError[];
  fatal: InputError[];
  items: InputItem[];
  /** How each CSV file's columns were read. */
  columns: Array<{ file: string; vendor?: string; columns: ColumnMapping[] }>;
}

export async function collect(inputs: string[], options: ReadOptions = {}): Promise<Collected> {
  const out: Collected = { records: [], errors: [], fatal: [], items: [], columns: [] };
  for await (const item of readApplicants(inputs, { cwd: FIXTURES, ...options })) {
    out.items.push(item);
    if (item.type === 'record') {
      out.records.push(item.record);
      // A field that could not be read is an error too, though the applicant is kept.
      out.errors.push(...(item.record.problems ?? []));
    } else if (item.type === 'rejected') out.errors.push(...item.errors);
    else if (item.type === 'columns')
      out.columns.push({ file: item.file, ...(item.vendor !== undefined ? { vendor: item.vendor } : {}), columns: item.columns });
    else out.fatal.push(item.error);
  }
  return out;
}

/** A stream that delivers text in pieces of `size` characters, to test chunk boundaries. */
export function chunked(text: string, size: number): Readable {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return Readable.from(pieces);
}
