/**
 * A table of strings read by position: an array built in memory, or UTF-8 bytes and their offsets
 * read from an installed list's index, each string decoded when it is first asked for. A run asks
 * for a few hundred of the index's 120,000 strings; decoding them all at start-up cost more than
 * the rest of a single check.
 */
export class StringTable {
  private readonly strings: (string | undefined)[];
  private decoded: boolean;

  private constructor(
    strings: (string | undefined)[],
    private readonly bytes?: Buffer,
    private readonly offsets?: Int32Array,
  ) {
    this.strings = strings;
    this.decoded = bytes === undefined;
  }

  static of(strings: readonly string[]): StringTable {
    return new StringTable([...strings]);
  }

  /** String i is bytes[offsets[i] .. offsets[i + 1]). */
  static packed(bytes: Buffer, offsets: Int32Array): StringTable {
    const n = offsets.length - 1;
    if (n < 0 || offsets[0] !== 0 || offsets[n] !== bytes.length) throw new Error('string table is damaged');
    return new StringTable(new Array<string | undefined>(n), bytes, offsets);
  }

  get length(): number {
    return this.strings.length;
  }

  at(i: number): string {
    let s = this.strings[i];
    if (s === undefined) {
      if (this.bytes === undefined || i < 0 || i >= this.strings.length) throw new RangeError(`no string ${i}`);
      s = this.bytes.toString('utf8', this.offsets![i], this.offsets![i + 1]);
      this.strings[i] = s;
    }
    return s;
  }

  /** Position of `key` in a table sorted in JavaScript's string order, or -1. */
  find(key: string): number {
    let lo = 0;
    let hi = this.strings.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.at(mid);
      if (k === key) return mid;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Every string, decoded once (for a scan of the whole table). */
  all(): readonly string[] {
    if (!this.decoded) {
      for (let i = 0; i < this.strings.length; i++) this.at(i);
      this.decoded = true;
    }
    return this.strings as string[];
  }

  /** The strings as UTF-8 bytes and offsets, for `packed`. */
  pack(): { bytes: Buffer; offsets: Int32Array } {
    const strings = this.all();
    const parts = strings.map((s) => Buffer.from(s, 'utf8'));
    const offsets = new Int32Array(strings.length + 1);
    parts.forEach((p, i) => (offsets[i + 1] = offsets[i]! + p.length));
    return { bytes: Buffer.concat(parts), offsets };
  }
}
