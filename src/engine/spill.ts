import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApplicantRecord } from '../input/applicant.js';
import type { ApplicantResult } from './report.js';

/** Results kept in memory up to this many; a larger run writes them to a temporary file. */
const IN_MEMORY = 2_000;
/** Distinct origin maps kept in memory and written by number; past that, a map is written out whole. */
const MAX_ORIGIN_MAPS = 10_000;
/** Bytes gathered before one write, and read at a time. */
const BLOCK = 1 << 20;

export interface Spilled {
  result: ApplicantResult;
  origins: ApplicantRecord['origins'];
}

/**
 * The results of a run in the order they were vetted, between vetting and writing the report: the
 * report can only be written once the rules that compare applicants have reported on all of them,
 * and a million results would not fit in memory. A large run writes them, one JSON line each, to
 * a file in a private temporary directory (0700, the file 0600), which `close` removes; it holds
 * what the report will hold, for as long as the run lasts.
 */
export class ResultSpill {
  private memory: Spilled[] = [];
  private dir: string | undefined;
  private fd: number | undefined;
  private buffer: string[] = [];
  private buffered = 0;
  /**
   * Origin maps by their JSON, numbered: the rows of one export mostly have the same columns
   * filled in, so a few hundred distinct maps stand for a million rows.
   */
  private readonly originIds = new Map<string, number>();
  private readonly originList: ApplicantRecord['origins'][] = [];

  constructor(
    /** Whether origins are kept: only late findings (rules that compare applicants) need them. */
    private readonly keepOrigins: boolean,
    /** Where the temporary directory goes: the system's unless $TMPDIR says otherwise. */
    private readonly parent = tmpdir(),
    private readonly inMemory = IN_MEMORY,
  ) {}

  add(result: ApplicantResult, origins: ApplicantRecord['origins']): void {
    if (this.fd === undefined) {
      this.memory.push({ result, origins });
      if (this.memory.length > this.inMemory) this.toDisk();
      return;
    }
    this.write(result, origins);
  }

  private toDisk(): void {
    this.dir = mkdtempSync(join(this.parent, 'vet-run-'));
    this.fd = openSync(join(this.dir, 'results.ndjson'), 'wx+', 0o600);
    for (const { result, origins } of this.memory) this.write(result, origins);
    this.memory = [];
  }

  /** A number for the origin map, -1 for none, or past MAX_ORIGIN_MAPS distinct maps the map itself. */
  private originField(origins: ApplicantRecord['origins']): string {
    if (!this.keepOrigins || origins.size === 0) return '-1';
    const key = JSON.stringify([...origins]);
    let id = this.originIds.get(key);
    if (id === undefined) {
      if (this.originList.length >= MAX_ORIGIN_MAPS) return key;
      id = this.originList.push(origins) - 1;
      this.originIds.set(key, id);
    }
    return String(id);
  }

  private write(result: ApplicantResult, origins: ApplicantRecord['origins']): void {
    const line = `${this.originField(origins)}\t${JSON.stringify(result)}\n`;
    this.buffer.push(line);
    this.buffered += line.length;
    if (this.buffered >= BLOCK) this.flush();
  }

  private flush(): void {
    if (this.fd !== undefined && this.buffer.length > 0) writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.buffered = 0;
  }

  /** Every result in order, read back from the file for a large run. Call once, after the last `add`. */
  *results(): Generator<Spilled> {
    if (this.fd === undefined) {
      yield* this.memory;
      return;
    }
    this.flush();
    // Lines are split on the byte 0x0A, which never occurs inside a UTF-8 character.
    let chunk = Buffer.allocUnsafe(BLOCK);
    let position = 0;
    let kept = 0;
    for (;;) {
      if (kept === chunk.length) chunk = Buffer.concat([chunk, Buffer.allocUnsafe(chunk.length)]); // a line longer than the block
      const n = readSync(this.fd, chunk, kept, chunk.length - kept, position);
      if (n === 0) break;
      position += n;
      const end = kept + n;
      let start = 0;
      for (let nl = chunk.indexOf(10, kept); nl !== -1 && nl < end; nl = chunk.indexOf(10, start)) {
        {
          // JSON escapes tabs in strings: the first tab ends the origin field.
          const tab = chunk.indexOf(9, start);
          const field = chunk.toString('utf8', start, tab);
          const origins = field.startsWith('[') ? new Map(JSON.parse(field) as [string, never][]) : field === '-1' ? NO_ORIGINS : this.originList[Number(field)]!;
          yield { result: JSON.parse(chunk.toString('utf8', tab + 1, nl)) as ApplicantResult, origins };
        }
        start = nl + 1;
      }
      kept = end - start;
      chunk.copy(chunk, 0, start, end);
    }
  }

  /** Removes the temporary file. Safe to call more than once. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    this.memory = [];
  }
}

const NO_ORIGINS: ApplicantRecord['origins'] = new Map();
