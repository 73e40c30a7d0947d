import type { SourceInfo } from '../keys/types.js';
import type { LedgerHash, LedgerStats, PendingEntry, PendingHit } from './ledger.js';

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
