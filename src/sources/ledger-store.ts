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
export type LedgerPlace = { kind: 'sqlite'; home: string; path: string } | { kind: 'postgres'; url: string; key: Buffer };

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
  stats(): Promise<LedgerStats>;
  forget(applicantId: string): Promise<{ identifiers: number; applicants: number }>;
  prune(before: Date): Promise<{ identifiers: number; applicants: number; findings: number }>;
  close(): Promise<void>;
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
