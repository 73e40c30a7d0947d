import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from '../temp.js';

/** Texts kept in memory up to this many; past that, they go to a temporary file. */
const IN_MEMORY = 2_000;
/** Bytes gathered before one write. */
const BLOCK = 1 << 20;
/**
 * Bytes read at once from the file. Those who share something are read back in ascending order,
 * a few passes over the file: at 1,000,000 applicants 16 KB took 68,567 reads (388 ms), 256 KB
 * 6,689 (144 ms).
 */
const WINDOW = 256 * 1024;

/**
 * Texts by position, written once and read back at random: the identity-reuse index keeps each
 * applicant's details here and reads back only those of the few who share something. A large run
 * keeps them in a file in a private temporary directory (0700, the file 0600), which `close`
 * removes; it holds identifiers the report may show, for as long as the run lasts.
 */
export class EntryStore {
  private memory: (string | undefined)[] = [];
  private dir: string | undefined;
  private fd: number | undefined;
  private written = 0;
  private buffer: Buffer[] = [];
  private buffered = 0;
  private offsets = new Float64Array(1024).fill(-1);
  private lengths = new Uint32Array(1024);
  /** The bytes last read from the file, from offset windowAt. */
  private window = Buffer.alloc(0);
  private windowAt = 0;
  private windowLength = 0;

  constructor(
    private readonly parent = tmpdir(),
    private readonly inMemory = IN_MEMORY,
  ) {}

  set(index: number, text: string): void {
    if (this.fd === undefined) {
      this.memory[index] = text;
      if (this.memory.length > this.inMemory) this.toDisk();
      return;
    }
    this.write(index, text);
  }

  get(index: number): string | undefined {
    if (this.fd === undefined) return this.memory[index];
    const at = index < this.offsets.length ? this.offsets[index]! : -1;
    if (at < 0) return undefined;
    if (at >= this.written - this.buffered) this.flush();
    const length = this.lengths[index]!;
    // Texts are written in the order of their positions and often read back in it (every member
    // of a large group): one read of WINDOW bytes serves the texts after this one too.
    if (at < this.windowAt || at + length > this.windowAt + this.windowLength) {
      // Up to what is in the file: the texts still gathered for a write are not (this one is).
      const want = Math.max(length, Math.min(WINDOW, this.written - this.buffered - at));
      if (this.window.length < want) this.window = Buffer.allocUnsafe(want);
      let got = 0;
      while (got < want) {
        const n = readSync(this.fd, this.window, got, want - got, at + got);
        if (n === 0) throw new Error('entry store: the temporary file ended early');
        got += n;
      }
      this.windowAt = at;
      this.windowLength = want;
    }
    return this.window.toString('utf8', at - this.windowAt, at - this.windowAt + length);
  }

  private toDisk(): void {
    this.dir = makeTempDir(this.parent, 'vet-reuse-');
    this.fd = openSync(join(this.dir, 'entries'), 'wx+', 0o600);
    this.memory.forEach((text, index) => {
      if (text !== undefined) this.write(index, text);
    });
    this.memory = [];
  }

  private write(index: number, text: string): void {
    while (index >= this.offsets.length) {
      const offsets = new Float64Array(this.offsets.length * 2).fill(-1);
      offsets.set(this.offsets);
      this.offsets = offsets;
      const lengths = new Uint32Array(this.lengths.length * 2);
      lengths.set(this.lengths);
      this.lengths = lengths;
    }
    const bytes = Buffer.from(text, 'utf8');
    this.offsets[index] = this.written;
    this.lengths[index] = bytes.length;
    this.written += bytes.length;
    this.buffer.push(bytes);
    this.buffered += bytes.length;
    if (this.buffered >= BLOCK) this.flush();
  }

  private flush(): void {
    if (this.fd !== undefined && this.buffer.length > 0)
      writeSync(this.fd, Buffer.concat(this.buffer, this.buffered), 0, this.buffered, this.written - this.buffered);
    this.buffer = [];
    this.buffered = 0;
  }

  /** Removes the temporary file. Safe to call more than once. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.dir !== undefined) removeTempDir(this.dir);
    this.dir = undefined;
    this.memory = [];
  }
}
