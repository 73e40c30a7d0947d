import { randomBytes } from 'node:crypto';
import type { SourceInfo } from '../keys/types.js';

/** Where an identifier was seen before (the file is where that applicant was last seen): never the value itself. */
export interface LedgerHit {
  applicantId: string;
  kind: string;
  file: string;
  /** ISO 8601. */
  seenAt: string;
  /** True when the earlier applicant's name key equals this one's; undefined when either has no name. */
  sameName: boolean | undefined;
}

/**
 * A keyed hash as the ledger keeps it: the first 64 bits of the HMAC, as a signed integer. Among
 * ten million identifiers the chance that any two collide is about 3 in a million.
 */
export type LedgerHash = bigint;

/** What one vetted applicant adds to the ledger: hashes from `hashOf`, never values. */
export interface LedgerEntry {
  applicantId: string;
  nameHash?: LedgerHash;
  file: string;
  identifiers: { hash: LedgerHash; kind: string }[];
}

/** An applicant of this run, as the ledger is given it: values, hashed by the ledger itself. */
export interface PendingEntry {
  /** Position in the run. */
  index: number;
  applicantId: string;
  nameKey?: string;
  file: string;
  identifiers: readonly { space: string; key: string; kind: string }[];
}

/** Earlier sightings of one identifier (by its position in the entry) of one applicant of this run. */
export interface PendingHit {
  index: number;
  identifier: number;
  hits: LedgerHit[];
}

export interface LedgerStats {
  path: string;
  applicants: number;
  identifiers: number;
  byKind: Record<string, number>;
  bytes: number;
  oldest?: string;
  newest?: string;
}

/**
 * Where a worker thread opens the run's ledger itself: a SQLite file (the key is in vet's home) or
 * a PostgreSQL URL with the key (handed over in memory, never written anywhere).
 */
export type LedgerPlace = ({ kind: 'sqlite'; home: string; path: string } | { kind: 'postgres'; url: string; key: Buffer }) & {
  /** This run's id: the worker's chunks are recorded under it, as the main thread's would be. */
  run: string;
};

/**
 * An applicant vetted in one run whose identifier was given afterwards, in another run, under
 * another name: what that applicant's report could not show (`vet ledger reconcile`).
 */
export interface LaterSighting {
  applicantId: string;
  /** The input file and time of the run that vetted the applicant. */
  file: string;
  seenAt: string;
  kind: string;
  /** How many gave it later (only the first 20 are listed). */
  count: number;
  later: LedgerHit[];
}

/** An identifier held by more applicants than this is a placeholder or a switchboard: reconcile leaves it out (identity-reuse's maxShared). */
export const RECONCILE_MAX_SHARED = 50;

/** A run's id: 16 hex characters, random. */
export function newRunId(): string {
  return randomBytes(8).toString('hex');
}

/**
 * The identity ledger as vetting and `vet ledger` use it: one interface, two implementations, a
 * SQLite file for one machine (./ledger.ts) and PostgreSQL for a team (./ledger-pg.ts). Both are
 * held to the same contract (test/sources/ledger-contract.test.ts).
 */
export interface IdentityLedger {
  readonly info: SourceInfo;
  readonly enabled: boolean;
  /** The file, or the URL without its password: for messages. */
  readonly where: string | undefined;
  place(): LedgerPlace | undefined;
  /** The time of this run, in milliseconds: every row it writes carries it. */
  runTime(): number;
  /** Looks each identifier up (earlier sightings under other applicant ids), then records the entries, in one transaction. */
  checkAndRecord(entries: readonly PendingEntry[], at: number, skipIds: { has(id: string): boolean }, held?: ReadonlySet<LedgerHash>): Promise<PendingHit[]>;
  /** Every hash held, for a run that looks up many (undefined: look up as they come). */
  heldHashes(max?: number): Promise<Set<LedgerHash> | undefined>;
  /**
   * The applicants recorded since `since` (ms) whose identifiers were recorded afterwards by
   * another run under another name, by applicant: what concurrent shards, or later batches,
   * could not show in the earlier applicant's report.
   */
  reconcile(since: number): Promise<LaterSighting[]>;
  stats(): Promise<LedgerStats>;
  forget(applicantId: string): Promise<{ identifiers: number; applicants: number }>;
  prune(before: Date): Promise<{ identifiers: number; applicants: number; findings: number }>;
  close(): Promise<void>;
}

/** One pair from a reconcile query: an applicant's identifier, and another run's later sighting of it. */
export interface LaterRow {
  id: string;
  file: string;
  kind: string;
  at: number | string;
  hash: unknown;
  other_id: string;
  other_file: string;
  other_kind: string;
  other_at: number | string;
}

/** Pairs ordered by applicant, identifier and time, grouped into one sighting per applicant and identifier. */
export function laterSightings(rows: readonly LaterRow[]): LaterSighting[] {
  const out: LaterSighting[] = [];
  let last: LaterSighting | undefined;
  let lastHash: string | undefined;
  for (const r of rows) {
    const hash = String(r.hash);
    if (!last || last.applicantId !== r.id || lastHash !== hash) {
      last = { applicantId: r.id, file: r.file, seenAt: new Date(Number(r.at)).toISOString(), kind: r.kind, count: 0, later: [] };
      lastHash = hash;
      out.push(last);
    }
    last.count++;
    if (last.later.length < 20)
      last.later.push({ applicantId: r.other_id, kind: r.other_kind, file: r.other_file, seenAt: new Date(Number(r.other_at)).toISOString(), sameName: false });
  }
  return out;
}

/** Whether a --ledger value or VET_LEDGER names a PostgreSQL database rather than a file. */
export function isPostgresUrl(value: string | undefined): value is string {
  return value !== undefined && /^postgres(?:ql)?:\/\//i.test(value);
}

/** A URL as messages may show it: the password replaced. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return url.replace(/:\/\/([^:/@]+):[^@]*@/, '://$1:****@');
  }
}
