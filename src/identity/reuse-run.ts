import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SourceError } from '../errors.js';
import { ROOT } from '../paths.js';
import { makeTempDir, removeTempDir } from '../temp.js';
import type { LedgerHash, PendingEntry, PendingHit } from '../sources/ledger.js';
import type { IdentityLedger, LedgerPlace as StorePlace } from '../sources/ledger-store.js';
import { nameKey, ReuseIndex, type IndexedFinding, type ReuseEntry, type ReuseOptions } from './reuse-index.js';

/** Batches of this size and more are indexed, checked and written by a worker thread, beside the vetting. */
const WORKER_FROM = 2_000;
/**
 * Once the worker runs, applicants go to it in chunks of this many. Held until a chunk is full,
 * an applicant's entry outlives the young generation's collections on the main thread and is
 * copied and promoted: with chunks of 2,000, about 2.8 KB an applicant were promoted.
 */
const CHUNK = 250;
/**
 * Applicants sent to the worker and not yet indexed, past which reading waits: enough for the
 * main thread to go on vetting while the worker writes a ledger transaction of a large run
 * (seconds, once the ledger is large). With 6,000 it waited for each: 1,000,000 applicants took
 * 159 s, against 135 s with 32,000, for 70 MB more at the peak.
 */
const MAX_IN_FLIGHT = 32_000;
/** The worker is the module beside this one's source or build, whichever tree this one was loaded from (the bundled command included). */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? 'src/identity/reuse-worker.ts' : 'dist/identity/reuse-worker.js', ROOT);

/**
 * Built, the worker is plain JavaScript. Run from the TypeScript source (the tests do), Node 20
 * cannot load a .ts module, so the worker first registers tsx (a dev dependency) and imports it
 * through that: the source tree never depends on the build output.
 */
function startThread(workerData: unknown): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData });
  // Its ESM entry, found from its package.json: require.resolve would give the CommonJS one.
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsx = new URL('dist/esm/api/index.mjs', pathToFileURL(manifest)).href;
  const code = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(WORKER_URL.href)});`;
  return new Worker(code, { eval: true, workerData });
}

/**
 * Applicants per ledger transaction in a large run: a quarter of those the run has written, from
 * 10,000 to 40,000. The identifiers go into a B-tree by keyed hash, that is at random: every
 * transaction dirties most of its pages once the tree is large, so a fixed 10,000 made writing the
 * millionth applicant ten times the cost of the first (the record time of a 1,000,000-applicant
 * ledger: 64 s in 100 transactions, 25 s in 21). No more than 40,000, because a transaction's
 * rows and hashes are live while it runs (about 170 MB for 100,000 applicants), and the worker's
 * heap then grew to several times that before its next full collection: 1,000,000 applicants
 * peaked at 1,200-1,245 MB with 100,000 and 861-991 MB with 40,000 (wall times 97-121 s and
 * 92-106 s, within this machine's noise). The longest transaction is well within the 15 s
 * another vet process waits for the ledger.
 */
export function ledgerChunk(written: number): number {
  return Math.min(40_000, Math.max(10_000, Math.floor(written / 4)));
}

/** What a worker thread needs to open the run's ledger itself: where it is, and the time that stamps its rows. */
export type LedgerPlace = StorePlace & { at: number };

/** What the worker thread says: a chunk indexed, findings as they are made, the end, or a failure. */
export type FromWorker =
  | { type: 'indexed'; entries: number }
  | { type: 'findings'; findings: IndexedFinding[] }
  | { type: 'done' }
  | { type: 'error'; message: string; source: boolean };

interface WorkerState {
  thread: Worker;
  dir: string;
  /** Settles when the worker has sent its last finding; rejects when it fails. */
  done: Promise<void>;
  inFlight: number;
  caughtUp: (() => void) | undefined;
  emit: ((found: IndexedFinding) => void) | undefined;
}

/**
 * The index and the ledger of one run, in whichever thread does the work. Chunks of applicants are
 * indexed, looked up in the ledger (against what it held before the run) and written to it in one
 * transaction each, so that a second vet process interleaves with a large run and loses nothing.
 */
export class ReuseCore {
  private readonly index: ReuseIndex;
  private readonly hits: PendingHit[] = [];
  private pending: PendingEntry[] = [];
  /** Applicants this run has written to the ledger. */
  private written = 0;

  constructor(
    options: ReuseOptions,
    private readonly ledger: IdentityLedger | undefined,
    private readonly at: number,
    /** What the ledger held before this run, for a run that looks up many identifiers. */
    private readonly held?: ReadonlySet<LedgerHash>,
    tmp?: string,
  ) {
    this.index = new ReuseIndex(options, tmp);
  }

  /** Indexes a chunk; when enough are pending, checks and writes them in the ledger (awaited: one chunk at a time). */
  async addChunk(entries: readonly ReuseEntry[]): Promise<void> {
    for (const e of entries) {
      const identifiers = this.index.add(e);
      if (!this.ledger) continue;
      const key = nameKey(e.name);
      this.pending.push({ index: e.index, applicantId: e.id, file: e.file, identifiers, ...(key !== undefined ? { nameKey: key } : {}) });
    }
    if (this.pending.length >= ledgerChunk(this.written)) await this.flush();
  }

  /** Checks and writes what is pending, in one transaction. */
  private async flush(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    this.written += pending.length;
    if (this.ledger && pending.length > 0) this.hits.push(...(await this.ledger.checkAndRecord(pending, this.at, this.index.ids, this.held)));
  }

  /** Writes what is pending (call before `findings`). */
  async finish(): Promise<void> {
    await this.flush();
  }

  /** Every finding; the index's temporary file goes when they are all given. */
  *findings(): Generator<IndexedFinding> {
    try {
      yield* this.index.findings(this.hits);
    } finally {
      this.index.close();
    }
  }
}

/**
 * One run's applicants on their way into the index and the ledger. A small run is indexed, checked
 * and written at the end, in this thread. A large one goes to a worker thread in chunks as the
 * applicants are read, so that normalising, indexing, hashing and writing use the second core
 * while the other rules run on the first.
 */
export class ReuseRun {
  private pending: ReuseEntry[] = [];
  private worker: WorkerState | undefined;

  constructor(
    private readonly options: ReuseOptions,
    private readonly ledger: IdentityLedger | undefined,
    private readonly at: number,
    /** Where temporary files go (undefined: the system's temporary directory). */
    private readonly tmp?: string,
  ) {}

  add(entry: ReuseEntry): void {
    this.pending.push(entry);
    if (this.pending.length < (this.worker ? CHUNK : WORKER_FROM)) return;
    this.worker ??= this.startWorker();
    this.worker.thread.postMessage({ type: 'entries', entries: this.pending });
    this.worker.inFlight += this.pending.length;
    this.pending = [];
  }

  /**
   * A promise while the worker is more than MAX_IN_FLIGHT chunks behind, so that reading waits for
   * it instead of queueing the whole input in its message port; undefined when it keeps up.
   */
  wait(): Promise<void> | undefined {
    const w = this.worker;
    if (!w || w.inFlight < MAX_IN_FLIGHT) return undefined;
    // A worker that fails while reading waits rejects `done`, and with it the wait.
    return Promise.race([new Promise<void>((resolve) => (w.caughtUp = resolve)), w.done]);
  }

  private startWorker(): WorkerState {
    const place = this.ledger?.place();
    const ledger: LedgerPlace | undefined = place ? { ...place, at: this.at } : undefined;
    // Made and removed here, so that a worker stopped halfway leaves nothing behind.
    const dir = makeTempDir(this.tmp ?? tmpdir(), 'vet-reuse-');
    const thread = startThread({ options: this.options, ledger, tmp: dir });
    const state: WorkerState = { thread, dir, done: Promise.resolve(), inFlight: 0, caughtUp: undefined, emit: undefined };
    // Listening from the start: a failure in the first chunk is not lost while the rules run.
    state.done = new Promise<void>((resolve, reject) => {
      const fail = (why: string, source: boolean) => {
        if (!source) reject(new Error(why));
        else reject(new SourceError(why.startsWith('identity ledger') ? why : `identity ledger ${this.ledger?.where ?? ''}: ${why}`));
      };
      thread.on('message', (m: FromWorker) => {
        switch (m.type) {
          case 'indexed':
            state.inFlight -= m.entries;
            if (state.inFlight < MAX_IN_FLIGHT) state.caughtUp?.();
            state.caughtUp = undefined;
            break;
          case 'findings':
            try {
              for (const f of m.findings) state.emit?.(f);
            } catch (e) {
              // A finding the engine refuses (a fault of the rule) ends the run through `done`,
              // not as an exception thrown from this listener.
              reject(e instanceof Error ? e : new Error(String(e)));
              break;
            }
            // Taken in: the worker may send more (it waits while PARCELS_IN_FLIGHT are not).
            thread.postMessage({ type: 'taken' });
            break;
          case 'done':
            resolve();
            break;
          case 'error':
            fail(m.message, m.source);
        }
      });
      thread.on('error', (e) => fail(e.message, false));
      thread.on('exit', (code) => fail(`the identity-reuse worker stopped (exit ${code})`, false));
    });
    state.done.catch(() => undefined); // awaited in end()
    return state;
  }

  /**
   * Sends what is left, waits until everything is indexed, checked and written, and gives the
   * findings to `emit` as they come, by ascending applicant position.
   */
  async end(emit: (found: IndexedFinding) => void): Promise<void> {
    if (!this.worker) {
      const core = new ReuseCore(this.options, this.ledger, this.at, undefined, this.tmp);
      await core.addChunk(this.pending);
      await core.finish();
      for (const found of core.findings()) emit(found);
      return;
    }
    const w = this.worker;
    w.emit = emit;
    w.thread.postMessage({ type: 'entries', entries: this.pending });
    this.pending = [];
    w.thread.postMessage({ type: 'end' });
    try {
      await w.done;
    } finally {
      await this.abort();
    }
  }

  /** Stops the worker, if any, and removes its temporary files. Safe to call more than once. */
  async abort(): Promise<void> {
    this.pending = [];
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    await worker.thread.terminate();
    removeTempDir(worker.dir);
  }
}
