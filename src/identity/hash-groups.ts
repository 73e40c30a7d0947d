/**
 * Which applicants gave the same value, in 16 bytes a value instead of an object per value: each
 * value is kept as a 64-bit hash and its owner's position, in typed arrays, with an open-addressing
 * table of the distinct hashes and a chain through the rows of each. A million applicants' six or
 * seven identifiers take about 200 MB here (measured) against over 2 GB as objects in Maps. Two different
 * values may share a hash (about one pair in a million runs of a million applicants); the caller
 * compares the values themselves before it reports anything, so a collision costs a look, never a
 * finding.
 */
export class HashGroups {
  private hashA = new Uint32Array(1024);
  private hashB = new Uint32Array(1024);
  private owner = new Uint32Array(1024);
  /** Row of the previous value with the same hash, or -1. */
  private next = new Int32Array(1024);
  private rows = 0;
  /**
   * Row + 1 of the newest value with a hash, 0 for an empty slot; negative once the hash has two
   * rows or more, so that the scan for shared values reads the slots in order and skips a value
   * given once without reading its row at random (at a million applicants, most of a scan's time).
   */
  private slots = new Int32Array(1 << 12);
  private distinct = 0;

  get size(): number {
    return this.rows;
  }

  /** Whether `value` (or another value with its hash) was added. */
  has(value: string): boolean {
    hash64(value);
    return this.find(HASH[0]!, HASH[1]!) >= 0;
  }

  private find(a: number, b: number): number {
    const mask = this.slots.length - 1;
    for (let i = a & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === 0) return -1;
      const head = Math.abs(slot) - 1;
      if (this.hashA[head] === a && this.hashB[head] === b) return head;
    }
  }

  /**
   * The hashes given by two or more different owners, as a set of their own (owners not kept);
   * `visit`, when given, is called as by forEachShared, in the same scan.
   */
  shared(visit?: (owners: number[], a: number, b: number) => void): HashGroups {
    const out = new HashGroups();
    this.forEachShared((owners, a, b) => {
      out.addHash(a, b, 0);
      visit?.(owners, a, b);
    });
    return out;
  }

  /** The owner of the newest row with `value`'s hash, or -1 when there is none. */
  ownerOf(value: string): number {
    hash64(value);
    const row = this.find(HASH[0]!, HASH[1]!);
    return row < 0 ? -1 : this.owner[row]!;
  }

  add(value: string, ownerIndex: number): void {
    hash64(value);
    this.addHash(HASH[0]!, HASH[1]!, ownerIndex);
  }

  /** Adds a hash another HashGroups gave (`forEachShared`). */
  addHash(a: number, b: number, ownerIndex: number): void {
    if (this.rows === this.hashA.length) this.growRows();
    if (2 * (this.distinct + 1) > this.slots.length) this.growSlots();
    const row = this.rows++;
    this.hashA[row] = a;
    this.hashB[row] = b;
    this.owner[row] = ownerIndex;
    const mask = this.slots.length - 1;
    for (let i = a & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === 0) {
        this.next[row] = -1;
        this.slots[i] = row + 1;
        this.distinct++;
        return;
      }
      const head = Math.abs(slot) - 1;
      if (this.hashA[head] === a && this.hashB[head] === b) {
        this.next[row] = head;
        this.slots[i] = -(row + 1);
        return;
      }
    }
  }

  /** Calls `visit` with the owners (and the two halves) of every hash given by two or more different owners. */
  forEachShared(visit: (owners: number[], a: number, b: number) => void): void {
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i]!;
      if (slot >= 0) continue;
      const head = -slot - 1;
      const owners: number[] = [];
      for (let r = head; r !== -1; r = this.next[r]!) owners.push(this.owner[r]!);
      if (owners.some((o) => o !== owners[0])) visit(owners, this.hashA[head]!, this.hashB[head]!);
    }
  }

  private growRows(): void {
    const size = this.hashA.length * 2;
    const grow = <T extends Uint32Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const out = make(size);
      out.set(old);
      return out;
    };
    this.hashA = grow(this.hashA, (n) => new Uint32Array(n));
    this.hashB = grow(this.hashB, (n) => new Uint32Array(n));
    this.owner = grow(this.owner, (n) => new Uint32Array(n));
    this.next = grow(this.next, (n) => new Int32Array(n));
  }

  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (const s of this.slots) {
      if (s === 0) continue;
      let i = this.hashA[Math.abs(s) - 1]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = s;
    }
    this.slots = slots;
  }
}

const HASH = new Uint32Array(2);

/** Two 32-bit lanes of a multiplicative string hash (cyrb53's mixing, both lanes kept), into HASH. */
function hash64(text: string): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  HASH[0] = h1;
  HASH[1] = h2;
}
