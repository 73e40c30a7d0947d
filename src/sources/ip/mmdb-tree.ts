import type { Reader, Response } from 'maxmind';
import type { ParsedIp } from '../../keys/ip.js';

/**
 * Looks addresses up in a MaxMind DB with vet's already-parsed address, walking the search tree
 * directly over the file's bytes (the format is public: https://maxmind.github.io/MaxMind-DB/).
 * The reader's own `get` parses the address text again for every database and reads each node
 * through a generic function; a batch asks two or three databases about every address, so that
 * was most of a lookup's cost. Records are decoded by the reader, once per record, and kept.
 */
export class MmdbTree<T = unknown> {
  private readonly nodeCount: number;
  private readonly nodeBytes: number;
  private readonly recordSize: number;
  private readonly v6: boolean;
  private readonly records = new Map<number, T | null>();
  /**
   * Where the walk stands after an IPv4 address's first 16 bits: a node, or a record pointer where
   * it ended sooner. Filled on the 65th IPv4 lookup: a single check walks from the root instead.
   */
  private v4Top: Uint32Array | undefined;
  private v4Root = 0;
  private v4Lookups = 0;

  constructor(
    private readonly reader: Reader<Response>,
    private readonly db: Uint8Array,
    /** Decoded records kept at most (a country database has a few hundred, a City one millions). */
    private readonly maxRecords = 50_000,
  ) {
    const m = reader.metadata;
    if (m.recordSize !== 24 && m.recordSize !== 28 && m.recordSize !== 32) throw new Error(`unsupported record size ${m.recordSize}`);
    this.nodeCount = m.nodeCount;
    this.nodeBytes = m.nodeByteSize;
    this.recordSize = m.recordSize;
    this.v6 = m.ipVersion === 6;
    // IPv4 addresses live under ::/96 of an IPv6 tree.
    let node = 0;
    if (this.v6) for (let i = 0; i < 96 && node < this.nodeCount; i++) node = this.next(node, 0);
    this.v4Root = node;
  }

  /** Fills `v4Top` depth first: about 130,000 steps, where walking each of the 65,536 prefixes would take a million. */
  private fillTop(top: Uint32Array, node: number, depth: number, prefix: number): void {
    if (node >= this.nodeCount || depth === 16) {
      const span = 1 << (16 - depth);
      top.fill(node, prefix * span, (prefix + 1) * span);
      return;
    }
    this.fillTop(top, this.next(node, 0), depth + 1, prefix * 2);
    this.fillTop(top, this.next(node, 1), depth + 1, prefix * 2 + 1);
  }

  private walkV4(v4: number): number {
    if (this.v4Top === undefined && ++this.v4Lookups > 64) {
      this.v4Top = new Uint32Array(1 << 16);
      this.fillTop(this.v4Top, this.v4Root, 0, 0);
    }
    return this.v4Top === undefined ? this.walk(this.v4Root, v4, 32) : this.walk(this.v4Top[v4 >>> 16]!, v4 & 0xffff, 16);
  }

  /** The day the database was built (its metadata's build epoch), as YYYY-MM-DD. */
  metadataDate(): string {
    return this.reader.metadata.buildEpoch.toISOString().slice(0, 10);
  }

  /** The record for an address, or null when the database has none (or cannot hold the address). */
  get(ip: ParsedIp): T | null {
    const pointer = ip.version === 4 ? this.walkV4(ip.v4) : this.walkV6(ip.words);
    if (pointer <= this.nodeCount) return null;
    let record = this.records.get(pointer);
    if (record === undefined) {
      // The reader decodes the record this same walk reaches: given the address in canonical form.
      record = this.reader.get(canonical(ip)) as T | null;
      if (this.records.size >= this.maxRecords) this.records.clear();
      this.records.set(pointer, record);
    }
    return record;
  }

  private walkV6(words: readonly number[]): number {
    if (!this.v6) return this.nodeCount; // an IPv4-only database knows nothing about IPv6
    let node = 0;
    for (const w of words) {
      node = this.walk(node, w, 32);
      if (node >= this.nodeCount) break;
    }
    return node;
  }

  /** Follows `bits` bits of `value` (most significant first) from `node`; a result >= nodeCount ends the walk. */
  private walk(start: number, value: number, bits: number): number {
    let node = start;
    const count = this.nodeCount;
    for (let i = bits - 1; i >= 0 && node < count; i--) node = this.next(node, (value >>> i) & 1);
    return node;
  }

  private next(node: number, bit: number): number {
    return readRecord(this.db, node * this.nodeBytes, this.recordSize, bit);
  }
}

/** One of a node's two records (bit 0: left, 1: right), for 24-, 28- and 32-bit records. */
export function readRecord(b: Uint8Array, o: number, recordSize: number, bit: number): number {
  switch (recordSize) {
    case 24:
      return bit === 0 ? (b[o]! << 16) | (b[o + 1]! << 8) | b[o + 2]! : (b[o + 3]! << 16) | (b[o + 4]! << 8) | b[o + 5]!;
    case 28:
      // The middle byte holds the top four bits of each record: the left's in its high nibble.
      return bit === 0
        ? ((b[o + 3]! & 0xf0) << 20) | (b[o]! << 16) | (b[o + 1]! << 8) | b[o + 2]!
        : ((b[o + 3]! & 0x0f) << 24) | (b[o + 4]! << 16) | (b[o + 5]! << 8) | b[o + 6]!;
    default:
      return bit === 0
        ? b[o]! * 0x1000000 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!)
        : b[o + 4]! * 0x1000000 + ((b[o + 5]! << 16) | (b[o + 6]! << 8) | b[o + 7]!);
  }
}

function canonical(ip: ParsedIp): string {
  if (ip.version === 4) return `${ip.v4 >>> 24}.${(ip.v4 >>> 16) & 255}.${(ip.v4 >>> 8) & 255}.${ip.v4 & 255}`;
  return ip.words.map((w) => `${(w >>> 16).toString(16)}:${(w & 0xffff).toString(16)}`).join(':');
}
