import type { Ora } from 'ora';
import { grouped } from '../digits.js';

/** What a run has done so far. */
export interface Counts {
  /** Records read, vetted or rejected. */
  read: number;
  vetted: number;
  /** Applicants with at least one finding so far (rules that compare applicants report later). */
  flagged: number;
}

/** The spinner shows once a run has read this many records or taken this long: a small one never sees it. */
const SHOW_FROM_RECORDS = 1000;
const SHOW_AFTER_MS = 1000;
/** Repainted at most this often. */
const EVERY_MS = 100;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/**
 * One progress line: counts, rate, and the time left when the input's size is known (files, not
 * standard input), estimated from the share of its bytes read so far.
 */
export function progressText(counts: Counts, elapsedMs: number, bytes: { read: number; total: number } | undefined): string {
  const n = (x: number) => grouped(x);
  const rate = elapsedMs > 0 ? (counts.vetted * 1000) / elapsedMs : 0;
  let text = `read ${n(counts.read)} rows, vetted ${n(counts.vetted)}, flagged ${n(counts.flagged)}, ${n(Math.round(rate))}/s`;
  if (bytes && bytes.total > 0 && bytes.read > 0) {
    const done = Math.min(1, bytes.read / bytes.total);
    text += `, ${Math.floor(done * 100)}%, ETA ${formatDuration(((1 - done) * elapsedMs) / done / 1000)}`;
  }
  return text;
}

/**
 * Progress on standard error, for a person at a terminal only: nothing is written when stderr is
 * piped or redirected (a CI log) or with --quiet. Progress is cosmetic, so a terminal that cannot
 * show it never fails the run.
 */
export class Progress {
  private spinner: Ora | undefined;
  private readonly started = Date.now();
  private lastPaint = 0;
  private bytesRead = 0;
  private bytesTotal = 0;
  private sizeKnown = true;
  /** Set when the terminal could not show the spinner: progress then stays off. */
  private broken = false;
  counts: Counts = { read: 0, vetted: 0, flagged: 0 };

  private constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly ora: typeof import('ora').default,
  ) {}

  /** A Progress when `stream` is a terminal and the user did not ask for quiet, else undefined. */
  static async create(stream: (NodeJS.WritableStream & { isTTY?: boolean }) | undefined, quiet: boolean): Promise<Progress | undefined> {
    if (quiet || stream?.isTTY !== true) return undefined;
    return new Progress(stream, (await import('ora')).default);
  }

  fileSize(bytes: number): void {
    this.bytesTotal += bytes;
  }

  /** Standard input has no size: no ETA. */
  unsizedInput(): void {
    this.sizeKnown = false;
  }

  bytes(n: number): void {
    this.bytesRead += n;
  }

  /** Cheap enough to call after every record: it repaints at most every 100 ms. */
  tick(): void {
    const c = this.counts;
    if (this.broken || (c.read & 63) !== 0) return;
    const now = Date.now();
    if (this.spinner ? now - this.lastPaint < EVERY_MS : c.read < SHOW_FROM_RECORDS && now - this.started < SHOW_AFTER_MS) return;
    this.lastPaint = now;
    const bytes = this.sizeKnown ? { read: this.bytesRead, total: this.bytesTotal } : undefined;
    this.show(progressText(c, now - this.started, bytes));
  }

  /** A step after reading (comparing applicants, writing the report), shown if the spinner is. */
  step(text: string): void {
    if (this.spinner) this.show(`${progressText(this.counts, Date.now() - this.started, undefined)}; ${text}`);
  }

  private show(text: string): void {
    try {
      if (this.spinner) {
        this.spinner.text = text;
        this.spinner.render(); // ora repaints on a timer; a fast batch would never show the count
      } else {
        // discardStdin would swallow "vet -" input.
        this.spinner = this.ora({ stream: this.stream, text, isEnabled: true, discardStdin: false }).start();
      }
    } catch {
      this.spinner = undefined;
      this.broken = true;
    }
  }

  stop(): void {
    try {
      this.spinner?.stop();
    } catch {
      // as above
    }
    this.spinner = undefined;
  }
}
