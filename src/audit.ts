import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceError } from './errors.js';
import { ensurePrivateDir, vetHome } from './sources/home.js';

/**
 * The audit trail: one line of JSON per vetting run in `$VET_HOME/audit.log`, each holding the
 * SHA-256 of the line before it, so that an edited or removed line breaks the chain. The last
 * line's number and hash are also kept in `audit.head`, so that removing the newest lines shows
 * too. It says what was run on which files and what came out; it never holds applicant data.
 */
export const AUDIT_FILE = 'audit.log';
export const AUDIT_HEAD = 'audit.head';
const GENESIS = '0'.repeat(64);

export interface AuditInput {
  /** As given on the command line ("<stdin>" for standard input). */
  name: string;
  sha256: string;
  bytes: number;
}

/** What a run records; `seq`, `prev` and `hash` are added when it is appended. */
export interface AuditRunBody {
  event?: undefined;
  time: string;
  vet: string;
  inputs: AuditInput[];
  /** The rules that ran, with the levels the config set in place of their defaults. */
  rules: Array<{ id: string; level?: string; messages?: Record<string, string> }>;
  scoring: { failOn: string; points: Record<string, number>; thresholds: Record<string, number> };
  /** The config file the run read, if any. */
  config?: string;
  sources: Array<{ id: string; version?: string; date?: string }>;
  counts: { applicants: number; rejected: number; failed: number; errors: number; byLevel: Record<string, number> };
  exitCode: number;
}

/**
 * A review decision made or undone (`vet review`). No applicant id and no reason: the trail cannot
 * be erased, so it holds what lets an auditor match it with the ledger (the decision and finding
 * ids, and the reason's SHA-256), not who the applicant is or what the reviewer wrote.
 */
export interface AuditReviewBody {
  event: 'review' | 'review-undo';
  time: string;
  vet: string;
  decision: { id: string; finding: string; rule: string; messageId: string; decision: string; by: string; expires?: string; reasonSha256: string };
}

export type AuditBody = AuditRunBody | AuditReviewBody;

export type AuditRecord = AuditBody & {
  seq: number;
  prev: string;
  hash: string;
};

/** The hash of a record: SHA-256 over the previous hash and the record without its own hash. */
function hashOf(record: Omit<AuditRecord, 'hash'>): string {
  return createHash('sha256').update(JSON.stringify(record)).digest('hex');
}

function withHash(body: AuditBody, seq: number, prev: string): AuditRecord {
  // Key order is fixed here, so a record hashes the same when it is read back and re-serialised.
  const record = { seq, prev, ...body };
  return { ...record, hash: hashOf(record) };
}

function unhashed(r: AuditRecord): Omit<AuditRecord, 'hash'> {
  const { hash: _, ...rest } = r;
  return rest;
}

/** Holds `audit.lock` while `fn` runs: two vet runs at once must not both append record n. */
function locked<T>(home: string, fn: () => T): T {
  const lock = join(home, 'audit.lock');
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt++) {
    try {
      closeSync(openSync(lock, 'wx', 0o600));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock left by a killed run: older than ten seconds, it is taken over.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 10_000) rmSync(lock, { force: true });
      } catch {
        // gone meanwhile
      }
      if (attempt > 500) throw new SourceError(`the audit log in ${home} is locked by another vet run (${lock})`);
      Atomics.wait(sleeper, 0, 0, 10);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

interface Head {
  seq: number;
  hash: string;
}

function readHead(home: string): Head | undefined {
  const file = join(home, AUDIT_HEAD);
  if (!existsSync(file)) return undefined;
  try {
    const head = JSON.parse(readFileSync(file, 'utf8')) as Head;
    if (typeof head.seq === 'number' && typeof head.hash === 'string') return head;
  } catch {
    // reported by verify
  }
  return { seq: -1, hash: '' };
}

/** Appends one record (a run, a review decision) and returns it. */
export function appendAudit(home: string, body: AuditBody): AuditRecord {
  ensurePrivateDir(home);
  return locked(home, () => {
    const head = readHead(home);
    const last = head && head.seq > 0 ? head : undefined;
    const record = withHash(body, (last?.seq ?? 0) + 1, last?.hash ?? GENESIS);
    appendFileSync(join(home, AUDIT_FILE), `${JSON.stringify(record)}\n`, { mode: 0o600 });
    const tmp = join(home, `${AUDIT_HEAD}.${process.pid}.tmp`);
    writeFileSync(tmp, `${JSON.stringify({ seq: record.seq, hash: record.hash })}\n`, { mode: 0o600 });
    renameSync(tmp, join(home, AUDIT_HEAD));
    return record;
  });
}

/** The records, oldest first. Lines that are not JSON are skipped here; `verifyAudit` names them. */
export function readAudit(home: string): AuditRecord[] {
  const file = join(home, AUDIT_FILE);
  if (!existsSync(file)) return [];
  const out: AuditRecord[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as AuditRecord);
    } catch {
      // see verifyAudit
    }
  }
  return out;
}

export interface AuditCheck {
  records: number;
  /** The newest record's number and hash, to note down elsewhere: a chain rewritten from the start is caught only against a copy of its head. */
  head?: Head;
  problems: string[];
}

/** Checks a chain of records as stored (one JSON text each): every one parses, numbers run on, each holds its predecessor's hash and its own. */
function checkChain(stored: ReadonlyArray<{ where: string; text: string }>): { problems: string[]; seq: number; prev: string } {
  const problems: string[] = [];
  let prev = GENESIS;
  let seq = 0;
  for (const { where, text } of stored) {
    let r: AuditRecord;
    try {
      r = JSON.parse(text) as AuditRecord;
    } catch {
      problems.push(`${where}: not a record (the line was edited or cut)`);
      continue;
    }
    if (r.seq !== seq + 1)
      problems.push(`${where}: record ${r.seq} follows record ${seq} (${r.seq > seq + 1 ? 'records removed' : 'records repeated or reordered'})`);
    if (r.prev !== prev) problems.push(`${where}: record ${r.seq} does not hold the hash of the record before it (a record before it was edited or removed)`);
    if (hashOf(unhashed(r)) !== r.hash) problems.push(`${where}: record ${r.seq} does not match its hash (it was edited)`);
    prev = r.hash;
    seq = r.seq;
  }
  return { problems, seq, prev };
}

/** Walks the chain: every line parses, numbers run on, each line holds its predecessor's hash and its own, and the head file names the last line. */
export function verifyAudit(home: string): AuditCheck {
  const file = join(home, AUDIT_FILE);
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  if (lines.at(-1) === '') lines.pop();
  const { problems, seq, prev } = checkChain(lines.map((text, i) => ({ where: `line ${i + 1}`, text })));
  const head = readHead(home);
  if (head === undefined) {
    if (lines.length > 0) problems.push(`${AUDIT_HEAD} is missing: the newest records cannot be checked`);
  } else if (head.seq !== seq || head.hash !== prev) {
    problems.push(
      head.seq < 0
        ? `${AUDIT_HEAD} is damaged`
        : `${AUDIT_HEAD} names record ${head.seq}, the log ends at record ${seq} (${head.seq > seq ? 'the newest records were removed' : 'records were added without vet'})`,
    );
  }
  return { records: lines.length, ...(seq > 0 ? { head: { seq, hash: prev } } : {}), problems };
}

/**
 * Where the trail is kept: the log in vet's home, or a team's PostgreSQL database (table
 * vet_audit, made by `vet ledger init`), chosen by --audit or VET_AUDIT. Both hold the same
 * records in the same chain.
 */
export interface AuditTrail {
  /** audit.log, or the database's URL without its password. */
  readonly where: string;
  append(body: AuditBody): Promise<AuditRecord>;
  read(): Promise<AuditRecord[]>;
  verify(): Promise<AuditCheck>;
  close(): Promise<void>;
}

class FileAudit implements AuditTrail {
  readonly where = AUDIT_FILE;
  constructor(private readonly home: string) {}
  append(body: AuditBody): Promise<AuditRecord> {
    return Promise.resolve(appendAudit(this.home, body));
  }
  read(): Promise<AuditRecord[]> {
    return Promise.resolve(readAudit(this.home));
  }
  verify(): Promise<AuditCheck> {
    return Promise.resolve(verifyAudit(this.home));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Serialises appenders from every machine: one record number, one predecessor. */
const AUDIT_LOCK = 7_420_932;

/**
 * The trail in PostgreSQL: one row per record, the record's JSON text as written (so its hash can
 * be checked again), appended under a transaction-scoped advisory lock so that concurrent vet
 * processes on several machines each take the next number in turn. The vetting role needs INSERT
 * and SELECT only; without UPDATE or DELETE it cannot rewrite what it wrote (docs/team.md).
 */
class PgAudit implements AuditTrail {
  private constructor(
    readonly where: string,
    private readonly client: import('pg').Client,
  ) {}

  static async open(url: string): Promise<PgAudit> {
    const { connectChecked } = await import('./sources/ledger-pg.js');
    const { safeUrl } = await import('./sources/ledger-store.js');
    return new PgAudit(`${safeUrl(url)} (table vet_audit)`, await connectChecked(url, 'audit trail'));
  }

  private fail(e: unknown): never {
    throw new SourceError(`audit trail ${this.where}: ${(e as Error).message}`);
  }

  /** One transaction at a time on this connection: appends made at once wait their turn here. */
  private turn: Promise<unknown> = Promise.resolve();

  append(body: AuditBody): Promise<AuditRecord> {
    const next = this.turn.then(() => this.appendNow(body));
    this.turn = next.catch(() => undefined);
    return next;
  }

  private async appendNow(body: AuditBody): Promise<AuditRecord> {
    const c = this.client;
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
      const last = await c.query<{ record: string }>('SELECT record FROM vet_audit ORDER BY seq DESC LIMIT 1');
      const before = last.rows[0] ? (JSON.parse(last.rows[0].record) as AuditRecord) : undefined;
      const record = withHash(body, (before?.seq ?? 0) + 1, before?.hash ?? GENESIS);
      await c.query('INSERT INTO vet_audit (seq, record) VALUES ($1, $2)', [record.seq, JSON.stringify(record)]);
      await c.query('COMMIT');
      return record;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      this.fail(e);
    }
  }

  private async stored(): Promise<Array<{ seq: string; record: string }>> {
    return (await this.client.query<{ seq: string; record: string }>('SELECT seq, record FROM vet_audit ORDER BY seq').catch((e: unknown) => this.fail(e)))
      .rows;
  }

  async read(): Promise<AuditRecord[]> {
    const out: AuditRecord[] = [];
    for (const r of await this.stored()) {
      try {
        out.push(JSON.parse(r.record) as AuditRecord);
      } catch {
        // see verify
      }
    }
    return out;
  }

  async verify(): Promise<AuditCheck> {
    const rows = await this.stored();
    const { problems, seq, prev } = checkChain(rows.map((r) => ({ where: `row ${r.seq}`, text: r.record })));
    return { records: rows.length, ...(seq > 0 ? { head: { seq, hash: prev } } : {}), problems };
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

/**
 * The audit trail a run or a command uses: `target` (--audit) or else VET_AUDIT, a postgres:// URL
 * or "off"; else the log in vet's home. Undefined when off.
 */
export async function openAudit(env: Record<string, string | undefined>, target?: string): Promise<AuditTrail | undefined> {
  const where = target ?? (env.VET_AUDIT !== '' ? env.VET_AUDIT : undefined);
  if (where === 'off') return undefined;
  if (where === undefined) return new FileAudit(vetHome(env));
  if (/^postgres(?:ql)?:\/\//i.test(where)) return PgAudit.open(where);
  throw new SourceError(`VET_AUDIT must be "off" or a postgres:// URL, not "${where}"`);
}
