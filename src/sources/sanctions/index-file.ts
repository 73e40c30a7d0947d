import { closeSync, openSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { dirname } from 'node:path';
import { SourceError } from '../../errors.js';
import { EntryTable, type PackedEntries } from './entry-table.js';
import { nameIndexFingerprint, type NameIndexData } from './name-index.js';
import type { Identifiers } from './screen.js';
import { StringTable } from './string-table.js';

/**
 * index.bin, beside an installed list's files: its entries, name index and identifier maps in
 * sections that are used where they lie. A run reads the front of the file (about a third: the
 * names, keys and posting lists) into one buffer, views its arrays in place and decodes a string
 * only when a search asks for it; each entry's JSON is read from the back of the file when a match
 * first needs it. Deserialising the whole index into objects took longer than the rest of a single
 * check.
 *
 * Layout: MAGIC, the header's length (32-bit little-endian), the header (JSON: format version,
 * byte order, identifier maps, and each section's offset and length), then the sections, each at
 * an offset that is a multiple of 8.
 */
const MAGIC = Buffer.from('VETNAMES', 'latin1');

/** Bumped when the layout or what a section holds changes; an older index is rebuilt from the list's files. */
export const INDEX_FORMAT = 5;

export const INDEX_FILE = 'index.bin';

/** Entries read one by one before the rest are read at once. */
const ENTRIES_ONE_BY_ONE = 64;

/** Sections in file order; `entries`, the largest and least used, is last and not read at load. */
const SECTIONS = [
  'entryTypes',
  'entryOffsets',
  'nameEntries',
  'nameKinds',
  'nameOffsets',
  'names',
  'keyOffsets',
  'keys',
  'postingOffsets',
  'postingIds',
  'wordOffsets',
  'words',
  'wordEntries',
  'wordPostings',
  'typoOffsets',
  'typoWords',
  'entries',
] as const;
type Section = (typeof SECTIONS)[number];

interface Header {
  formatVersion: number;
  byteOrder: 'LE' | 'BE';
  /** How the vet that built it reads names (`nameIndexFingerprint`). */
  names: string;
  identifiers: { [K in keyof Identifiers]: [string, number[]][] };
  sections: Record<Section, [offset: number, length: number]>;
}

export interface StoredList {
  entries: EntryTable;
  index: NameIndexData;
  identifiers: Identifiers;
}

/** Why an index file cannot be used: another format (rebuild it), or damage. */
export class IndexFileError extends Error {
  constructor(
    message: string,
    readonly outdated = false,
  ) {
    super(message);
  }
}

const bytesOf = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Writes the index under a temporary name and renames it into place. */
export function writeIndexFile(path: string, entries: PackedEntries, index: NameIndexData, identifiers: Identifiers): void {
  const names = index.names.pack();
  const keys = index.keys.pack();
  const words = index.wordKeys.pack();
  const json = entries.json.pack();
  const content: Record<Section, Buffer> = {
    entryTypes: bytesOf(entries.types),
    entryOffsets: bytesOf(json.offsets),
    nameEntries: bytesOf(index.nameEntries),
    nameKinds: bytesOf(index.nameKinds),
    nameOffsets: bytesOf(names.offsets),
    names: names.bytes,
    keyOffsets: bytesOf(keys.offsets),
    keys: keys.bytes,
    postingOffsets: bytesOf(index.offsets),
    postingIds: bytesOf(index.ids),
    wordOffsets: bytesOf(words.offsets),
    words: words.bytes,
    wordEntries: bytesOf(index.wordEntries),
    wordPostings: bytesOf(index.wordPostings),
    typoOffsets: bytesOf(index.typoOffsets),
    typoWords: bytesOf(index.typoWords),
    entries: json.bytes,
  };
  const maps = (m: Map<string, number[]>): [string, number[]][] => [...m];
  const header = (sections: Header['sections']): Buffer =>
    Buffer.from(
      JSON.stringify({
        formatVersion: INDEX_FORMAT,
        byteOrder: endianness(),
        names: nameIndexFingerprint(),
        identifiers: { byEmail: maps(identifiers.byEmail), byWallet: maps(identifiers.byWallet), byDomain: maps(identifiers.byDomain) },
        sections,
      } satisfies Header),
      'utf8',
    );
  // The header holds the offsets, and its length moves them: lay out with a header long enough
  // for the largest offsets, padded with spaces (valid JSON) to that length.
  const draft: Header['sections'] = Object.fromEntries(SECTIONS.map((s) => [s, [Number.MAX_SAFE_INTEGER, content[s].length]])) as Header['sections'];
  const room = header(draft).length;
  const align = (n: number): number => Math.ceil(n / 8) * 8;
  let at = align(MAGIC.length + 4 + room);
  const sections = {} as Header['sections'];
  for (const s of SECTIONS) {
    sections[s] = [at, content[s].length];
    at = align(at + content[s].length);
  }
  const head = header(sections);
  const out = Buffer.alloc(at);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(room, MAGIC.length);
  out.fill(0x20, MAGIC.length + 4, MAGIC.length + 4 + room);
  head.copy(out, MAGIC.length + 4);
  for (const s of SECTIONS) content[s].copy(out, sections[s][0]);
  const draftPath = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(draftPath, out, { mode: 0o600 });
    renameSync(draftPath, path);
  } catch (e) {
    rmSync(draftPath, { force: true });
    throw e;
  }
}

function readAt(fd: number, length: number, position: number): Buffer {
  // Unpooled, so that the buffer starts at offset 0 of its memory and the typed arrays can view it.
  const buf = Buffer.allocUnsafeSlow(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw new IndexFileError('the file is shorter than its header says');
    done += n;
  }
  return buf;
}

/** Reads an index file's front: everything but the entries, which are read one by one when asked for. */
export function readIndexFile(path: string): StoredList {
  const fd = openSync(path, 'r');
  let front: Buffer;
  let header: Header;
  try {
    const start = readAt(fd, MAGIC.length + 4, 0);
    if (!start.subarray(0, MAGIC.length).equals(MAGIC)) throw new IndexFileError('not a vet list index');
    const length = start.readUInt32LE(MAGIC.length);
    header = JSON.parse(readAt(fd, length, MAGIC.length + 4).toString('utf8')) as Header;
    if (header.formatVersion !== INDEX_FORMAT) throw new IndexFileError(`index format ${header.formatVersion}, not ${INDEX_FORMAT}`, true);
    if (header.byteOrder !== endianness()) throw new IndexFileError('written on a machine of another byte order', true);
    if (header.names !== nameIndexFingerprint()) throw new IndexFileError('built by a vet that reads names differently', true);
    front = readAt(fd, header.sections.entries[0], 0);
  } finally {
    closeSync(fd);
  }
  const section = (s: Section): Buffer => {
    const [offset, length] = header.sections[s];
    if (offset + length > front.length) throw new IndexFileError(`section ${s} lies outside the file's front`);
    return front.subarray(offset, offset + length);
  };
  const int32 = (s: Section): Int32Array => {
    const b = section(s);
    if (b.byteOffset % 4 !== 0 || b.length % 4 !== 0) throw new IndexFileError(`section ${s} is misaligned`);
    return new Int32Array(b.buffer, b.byteOffset, b.length / 4);
  };
  const uint8 = (s: Section): Uint8Array => {
    const b = section(s);
    return new Uint8Array(b.buffer, b.byteOffset, b.length);
  };
  const [entriesAt, entriesLength] = header.sections.entries;
  const entryOffsets = int32('entryOffsets');
  const types = uint8('entryTypes');
  if (entryOffsets.length !== types.length + 1 || entryOffsets[types.length] !== entriesLength) throw new IndexFileError('the entry table is damaged');
  // A single check reads the one or two entries its matches need; a batch that has read
  // ENTRIES_ONE_BY_ONE reads the rest of them at once (7 MB for the full list, a few tens of ms)
  // rather than opening the file for each.
  let reads = 0;
  let all: Buffer | undefined;
  const entryText = (i: number): string => {
    const from = entryOffsets[i]!;
    const to = entryOffsets[i + 1]!;
    if (all) return all.toString('utf8', from, to);
    // Read where a match needs it, long after loading: a file gone or cut since is the list's fault, not the rule's.
    let f: number | undefined;
    try {
      f = openSync(path, 'r');
      if (++reads <= ENTRIES_ONE_BY_ONE) return readAt(f, to - from, entriesAt + from).toString('utf8');
      all = readAt(f, entriesLength, entriesAt);
      return all.toString('utf8', from, to);
    } catch (e) {
      throw new SourceError(
        `the installed list's index ${path} cannot be read (${(e as Error).message}); run "vet lists import ${dirname(path)}" to rebuild it`,
      );
    } finally {
      if (f !== undefined) closeSync(f);
    }
  };
  const maps = (pairs: [string, number[]][]): Map<string, number[]> => new Map(pairs);
  const nameEntries = int32('nameEntries');
  const index: NameIndexData = {
    names: StringTable.packed(section('names'), int32('nameOffsets')),
    nameEntries,
    nameKinds: uint8('nameKinds'),
    keys: StringTable.packed(section('keys'), int32('keyOffsets')),
    offsets: int32('postingOffsets'),
    ids: int32('postingIds'),
    wordKeys: StringTable.packed(section('words'), int32('wordOffsets')),
    wordEntries: int32('wordEntries'),
    wordPostings: int32('wordPostings'),
    typoOffsets: int32('typoOffsets'),
    typoWords: int32('typoWords'),
  };
  const words = index.wordKeys.length;
  if (
    index.names.length !== nameEntries.length ||
    index.offsets.length !== index.keys.length + 1 ||
    index.wordEntries.length !== words ||
    index.wordPostings.length !== words ||
    index.typoOffsets.length !== words + 1 ||
    index.typoOffsets[words] !== index.typoWords.length
  ) {
    throw new IndexFileError('the name index is damaged');
  }
  return {
    entries: EntryTable.stored(types, entryText),
    index,
    identifiers: { byEmail: maps(header.identifiers.byEmail), byWallet: maps(header.identifiers.byWallet), byDomain: maps(header.identifiers.byDomain) },
  };
}
