import { createHash } from 'node:crypto';
import type { EntryType, SanctionsEntry } from './entry.js';
import { StringTable } from './string-table.js';

const ENTRY_TYPES: readonly EntryType[] = ['individual', 'entity', 'vessel', 'aircraft'];

/**
 * The entries of a loaded list, read by position. An installed list keeps each entry as JSON in its
 * index file and reads and parses it when a search first needs it: a run looks at a handful of the
 * 15,000 entries, and reading all of them at start-up costs more than the search.
 */
export class EntryTable {
  private readonly parsed: (SanctionsEntry | undefined)[];

  private constructor(
    private readonly text: ((i: number) => string) | undefined,
    private readonly types: Uint8Array,
    objects?: readonly SanctionsEntry[],
  ) {
    this.parsed = objects ? [...objects] : new Array<SanctionsEntry | undefined>(types.length);
  }

  static of(entries: readonly SanctionsEntry[]): EntryTable {
    return new EntryTable(undefined, typeCodes(entries), entries);
  }

  /** Entries whose JSON `text(i)` gives when first asked for, with their types known up front. */
  static stored(types: Uint8Array, text: (i: number) => string): EntryTable {
    return new EntryTable(text, types);
  }

  /** Each entry as JSON, and its type, for `stored`. */
  static pack(entries: readonly SanctionsEntry[]): PackedEntries {
    return { json: StringTable.of(entries.map((e) => JSON.stringify(e))), types: typeCodes(entries) };
  }

  get length(): number {
    return this.types.length;
  }

  get(i: number): SanctionsEntry {
    let e = this.parsed[i];
    if (e === undefined) {
      if (this.text === undefined || i < 0 || i >= this.types.length) throw new RangeError(`no entry ${i}`);
      e = JSON.parse(this.text(i)) as SanctionsEntry;
      this.parsed[i] = e;
    }
    return e;
  }

  type(i: number): EntryType {
    return ENTRY_TYPES[this.types[i]!]!;
  }
}

export interface PackedEntries {
  json: StringTable;
  types: Uint8Array;
}

function typeCodes(entries: readonly SanctionsEntry[]): Uint8Array {
  return Uint8Array.from(entries, (e) => ENTRY_TYPES.indexOf(e.type));
}

const versions = new WeakMap<SanctionsEntry, string>();

/**
 * A short hash of everything an entry says (names, aliases, dates of birth, programs, addresses):
 * another version of the list that changes the entry changes it, and a review decision about a
 * match with the entry re-opens.
 */
export function entryVersion(entry: SanctionsEntry): string {
  let v = versions.get(entry);
  if (v === undefined) {
    v = createHash('sha256').update(JSON.stringify(entry)).digest('hex').slice(0, 12);
    versions.set(entry, v);
  }
  return v;
}
