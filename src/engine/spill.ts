import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fnv1a } from '../keys/fnv.js';
import { makeTempDir, removeTempDir } from '../temp.js';
import type { ApplicantRecord } from '../input/applicant.js';
import type { LateFinding } from './batch.js';
import type { ApplicantResult } from './report.js';
import type { AnyRule, FindingReport } from './rule.js';

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
 * Lines appended to a file in a private temporary directory (0700, the file 0600) and read back
 * once, in order; `close` removes both.
 */
class TempLines {
  private readonly dir: string;
  private fd: number | undefined;
  /**
   * Lines are encoded into this block as they come, so each line's string dies young: kept in an
   * array until a block was full, every one of them outlived a collection and was copied.
   */
  private block = Buffer.allocUnsafe(BLOCK);
  private used = 0;

  constructor(parent: string, prefix: string) {
    this.dir = makeTempDir(parent, prefix);
    this.fd = openSync(join(this.dir, 'lines.ndjson'), 'wx+', 0o600);
  }

  /** Appends a line, which must end with a newline and hold no other. */
  add(line: string): void {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (this.used + 3 * line.length > this.block.length) {
      this.flush();
      if (3 * line.length > this.block.length) {
        if (this.fd !== undefined) writeSync(this.fd, line);
        return;
      }
    }
    this.used += this.block.write(line, this.used, 'utf8');
  }

  private flush(): void {
    if (this.fd !== undefined && this.used > 0) writeSync(this.fd, this.block, 0, this.used);
    this.used = 0;
  }

  /** Every line in order, without its newline. Call once, after the last `add`. */
  *lines(): Generator<string> {
    this.flush();
    if (this.fd === undefined) return;
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
        yield chunk.toString('utf8', start, nl);
        start = nl + 1;
      }
      kept = end - start;
      chunk.copy(chunk, 0, start, end);
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    removeTempDir(this.dir);
  }
}

/**
 * Items in the order they were added, kept in memory up to `inMemory` and past that as lines of a
 * TempLines file (`toLine` and `fromLine` turn one into the other, without a newline); read back
 * once, in order.
 */
class Spool<T> {
  private memory: T[] = [];
  private file: TempLines | undefined;

  constructor(
    private readonly parent: string,
    private readonly prefix: string,
    private readonly inMemory: number,
    private readonly toLine: (item: T) => string,
    private readonly fromLine: (line: string) => T,
  ) {}

  add(item: T): void {
    if (this.file !== undefined) {
      this.file.add(`${this.toLine(item)}\n`);
      return;
    }
    this.memory.push(item);
    if (this.memory.length <= this.inMemory) return;
    this.file = new TempLines(this.parent, this.prefix);
    for (const kept of this.memory) this.file.add(`${this.toLine(kept)}\n`);
    this.memory = [];
  }

  /** Every item in order. Call once, after the last `add`. */
  *items(): Generator<T> {
    if (this.file === undefined) {
      yield* this.memory;
      return;
    }
    for (const line of this.file.lines()) yield this.fromLine(line);
  }

  /** Removes the temporary file. Safe to call more than once. */
  close(): void {
    this.file?.close();
    this.file = undefined;
    this.memory = [];
  }
}

/**
 * The results of a run in the order they were vetted, between vetting and writing the report: the
 * report can only be written once the rules that compare applicants have reported on all of them,
 * and a million results would not fit in memory. A large run writes them, one JSON line each, to
 * a Spool's file, which `close` removes; it holds what the report will hold, for as long as the
 * run lasts.
 */
export class ResultSpill {
  private readonly spool: Spool<Spilled>;
  /**
   * Origin maps, numbered: the rows of one export mostly have the same columns filled in, so a
   * few hundred distinct maps stand for a million rows. Found by a hash of their paths and
   * origins, then compared entry by entry with the flat copy kept of each (`originFlat`): a key
   * string built per applicant was 2.5 KB of garbage each.
   */
  private readonly originIds = new Map<number, number[]>();
  private readonly originList: ApplicantRecord['origins'][] = [];
  private readonly originFlat: string[][] = [];
  private readonly originText: string[] = [];
  /**
   * What was checked and what could not be, numbered by its text: four tenths of a result's JSON,
   * and the applicants of an export share a few hundred of them at most. Read back, results with
   * the same checks share one object.
   */
  private readonly checksIds = new Map<number, number[]>();
  private readonly checksList: ApplicantResult['checks'][] = [];

  constructor(
    /** Whether origins are kept: only late findings (rules that compare applicants) need them. */
    private readonly keepOrigins: boolean,
    /** Where the temporary directory goes: the system's unless $TMPDIR says otherwise. */
    parent = tmpdir(),
    inMemory = IN_MEMORY,
  ) {
    this.spool = new Spool<Spilled>(
      parent,
      'vet-run-',
      inMemory,
      ({ result, origins }) => {
        const checks = this.checksId(result.checks);
        if (checks === -1) return `${this.originField(origins)}\t-1\t${JSON.stringify(result)}`;
        // The result without its checks, in the order the engine gives the fields (JSON leaves
        // out those undefined): a literal, since copying the rest of the object took a third longer.
        const { id, name, input, score, level, failed, findings, identity, person } = result;
        return `${this.originField(origins)}\t${checks}\t${JSON.stringify({ id, name, input, score, level, failed, findings, identity, person })}`;
      },
      (line) => {
        // JSON escapes tabs in strings: the first two tabs end the origin and checks fields.
        const tab = line.indexOf('\t');
        const tab2 = line.indexOf('\t', tab + 1);
        const field = line.slice(0, tab);
        const origins = field.startsWith('[') ? new Map(JSON.parse(field) as [string, never][]) : field === '-1' ? NO_ORIGINS : this.originList[Number(field)]!;
        const read = JSON.parse(line.slice(tab2 + 1)) as ApplicantResult;
        const checks = Number(line.slice(tab + 1, tab2));
        if (checks === -1) return { result: read, origins };
        // The fields in the order the engine gives them, so that a report is written the same.
        const result: ApplicantResult = {
          id: read.id,
          name: read.name,
          input: read.input,
          score: read.score,
          level: read.level,
          failed: read.failed,
          findings: read.findings,
          checks: this.checksList[checks]!,
        };
        if (read.identity !== undefined) result.identity = read.identity;
        if (read.person !== undefined) result.person = read.person;
        return { result, origins };
      },
    );
  }

  add(result: ApplicantResult, origins: ApplicantRecord['origins']): void {
    this.spool.add({ result, origins });
  }

  /** A number for the origin map, -1 for none, or past MAX_ORIGIN_MAPS distinct maps the map itself. */
  private originField(origins: ApplicantRecord['origins']): string {
    if (!this.keepOrigins || origins.size === 0) return '-1';
    // The kind (column or pointer) is left to the comparison.
    let hash = 0x811c9dc5;
    origins.forEach((o, path) => (hash = mix(mix(hash, textHash(path)), textHash('column' in o ? o.column : o.pointer))));
    const bucket = this.originIds.get(hash);
    if (bucket) for (const id of bucket) if (sameOrigins(this.originFlat[id]!, origins)) return this.originText[id]!;
    if (this.originList.length >= MAX_ORIGIN_MAPS) return JSON.stringify([...origins]);
    const id = this.originList.push(origins) - 1;
    const flat: string[] = [];
    origins.forEach((o, path) => flat.push(path, 'column' in o ? 'c' : 'p', 'column' in o ? o.column : o.pointer));
    this.originFlat.push(flat);
    this.originText.push(String(id));
    if (bucket) bucket.push(id);
    else this.originIds.set(hash, [id]);
    return this.originText[id]!;
  }

  /** A number for the checks, or -1 past MAX_ORIGIN_MAPS distinct ones (then they are written with the result). */
  private checksId(checks: ApplicantResult['checks']): number {
    // Found by a hash and compared in full, like the origin maps: no key string per applicant.
    let hash = 0x811c9dc5;
    for (const c of checks.checked) hash = mix(hash, textHash(c));
    for (const c of checks.notChecked) hash = mix(mix(hash, textHash(c.check)), textHash(c.reason));
    const bucket = this.checksIds.get(hash);
    if (bucket) for (const id of bucket) if (sameChecks(this.checksList[id]!, checks)) return id;
    if (this.checksList.length >= MAX_ORIGIN_MAPS) return -1;
    const id = this.checksList.push(checks) - 1;
    if (bucket) bucket.push(id);
    else this.checksIds.set(hash, [id]);
    return id;
  }

  /** Every result in order. Call once, after the last `add`. */
  results(): Generator<Spilled> {
    return this.spool.items();
  }

  /** Removes the temporary file. Safe to call more than once. */
  close(): void {
    this.spool.close();
  }
}

const NO_ORIGINS: ApplicantRecord['origins'] = new Map();

// Each text's hash, kept: the checks and origins of every applicant are the same few hundred
// strings (rules' literals, column names, pointers), and a Map finds a string by the hash V8
// keeps with it, where hashing its characters again cost 2 µs an applicant. Bounded in count and
// length: a check's name may be a path of the input's own keys.
const TEXT_HASHES = new Map<string, number>();
const TEXT_HASHES_KEPT = 10_000;

function textHash(text: string): number {
  let h = TEXT_HASHES.get(text);
  if (h === undefined) {
    h = fnv1a(text);
    if (TEXT_HASHES.size < TEXT_HASHES_KEPT && text.length <= 200) TEXT_HASHES.set(text, h);
  }
  return h;
}

/** Combines a hash with the next part's (an order-sensitive FNV step over 32-bit parts). */
function mix(hash: number, part: number): number {
  return Math.imul(hash ^ part, 0x01000193) >>> 0;
}

/** Whether two results' checks say the same, in the same order. */
function sameChecks(a: ApplicantResult['checks'], b: ApplicantResult['checks']): boolean {
  if (a.checked.length !== b.checked.length || a.notChecked.length !== b.notChecked.length) return false;
  for (let i = 0; i < a.checked.length; i++) if (a.checked[i] !== b.checked[i]) return false;
  for (let i = 0; i < a.notChecked.length; i++) {
    if (a.notChecked[i]!.check !== b.notChecked[i]!.check || a.notChecked[i]!.reason !== b.notChecked[i]!.reason) return false;
  }
  return true;
}

/** Whether an origin map holds the same entries, in the same order, as a flat copy [path, "c" | "p", origin, ...]. */
function sameOrigins(flat: readonly string[], origins: ApplicantRecord['origins']): boolean {
  if (flat.length !== 3 * origins.size) return false;
  let k = 0;
  let same = true;
  origins.forEach((o, path) => {
    if (!same) return;
    const column = 'column' in o;
    same = flat[k] === path && flat[k + 1] === (column ? 'c' : 'p') && flat[k + 2] === (column ? o.column : o.pointer);
    k += 3;
  });
  return same;
}

/**
 * What the rules that compare applicants report, by applicant position, from the end of reading
 * until each result is read back from the ResultSpill: a million-row run may carry a few hundred
 * thousand such findings, each with a list of other applicants as evidence. Reports that come in
 * ascending order of position (as identity-reuse gives them) go to a Spool; any that come out of
 * order are kept in memory.
 */
export class LateSpill {
  private readonly spool: Spool<{ index: number; late: LateFinding }>;
  private last = -1;
  private readonly outOfOrder = new Map<number, LateFinding[]>();

  constructor(rules: readonly AnyRule[], parent = tmpdir(), inMemory = IN_MEMORY) {
    const byId = new Map(rules.map((r) => [r.meta.id, r]));
    this.spool = new Spool<{ index: number; late: LateFinding }>(
      parent,
      'vet-late-',
      inMemory,
      ({ index, late }) => `${index}\t${late.rule.meta.id}\t${JSON.stringify(late.report)}`,
      (line) => {
        const a = line.indexOf('\t');
        const b = line.indexOf('\t', a + 1);
        return { index: Number(line.slice(0, a)), late: { rule: byId.get(line.slice(a + 1, b))!, report: JSON.parse(line.slice(b + 1)) as FindingReport } };
      },
    );
  }

  add(index: number, late: LateFinding): void {
    if (index < this.last) {
      const list = this.outOfOrder.get(index);
      if (list) list.push(late);
      else this.outOfOrder.set(index, [late]);
      return;
    }
    this.last = index;
    this.spool.add({ index, late });
  }

  /**
   * A cursor over the late findings: asked for positions in ascending order (as results are read
   * back), it gives each position's findings, or undefined. Call once, after the last `add`.
   */
  cursor(): (index: number) => LateFinding[] | undefined {
    const it = this.spool.items();
    let next = it.next();
    return (index) => {
      let found = this.outOfOrder.get(index);
      while (!next.done && next.value.index <= index) {
        if (next.value.index === index) (found ??= []).push(next.value.late);
        next = it.next();
      }
      return found;
    };
  }

  /** Removes the temporary file. Safe to call more than once. */
  close(): void {
    this.spool.close();
    this.outOfOrder.clear();
  }
}
