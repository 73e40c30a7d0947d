import { basename } from 'node:path';
import type pg from 'pg';
import { SourceError } from '../errors.js';
import type { SourceInfo } from '../keys/types.js';
import { keyCheck, LedgerHasher, teamKey, type LedgerOptions } from './ledger-key.js';
import {
  safeUrl,
  type IdentityLedger,
  type LedgerHash,
  type LedgerHit,
  type LedgerPlace,
  type LedgerStats,
  type LaterSighting,
  type PendingEntry,
  type PendingHit,
  laterSightings,
  newRunId,
  RECONCILE_MAX_SHARED,
  type LaterRow,
} from './ledger-store.js';

// The identity ledger in PostgreSQL, for a team: many recruiters, CI runners and shards against one
// database. The same keyed hashes as the SQLite ledger, under a key the team shares (VET_LEDGER_KEY
// or the key file), never stored in the database: the database holds the key's fingerprint only.
//
// Many writers: each chunk of a run looks up and records its identifiers in one transaction that
// first takes one transaction-scoped advisory lock, so chunks from any number of processes commit
// one after another and each sees every chunk committed before it. No sighting is lost between
// two processes; of two applicants sharing an identifier in two shards at the same moment, the
// later chunk reports the earlier as seen before (docs/team.md).

/** The schema version this vet knows; `vet ledger migrate` brings an older one to it. */
export const PG_SCHEMA_VERSION = 4;
const LOCK = 7_420_931;

export const MIGRATIONS: Record<number, string> = {
  1: `
    CREATE TABLE IF NOT EXISTS vet_meta (key text PRIMARY KEY, value text NOT NULL);
    CREATE TABLE IF NOT EXISTS vet_applicants (
      ref bigserial PRIMARY KEY, id text NOT NULL UNIQUE, name_hash bigint, file text NOT NULL,
      first_seen bigint NOT NULL, last_seen bigint NOT NULL
    );
    CREATE TABLE IF NOT EXISTS vet_identifiers (
      hash bigint NOT NULL, applicant bigint NOT NULL REFERENCES vet_applicants (ref) ON DELETE CASCADE,
      kind text NOT NULL, seen_at bigint NOT NULL, PRIMARY KEY (hash, applicant)
    );
    CREATE INDEX IF NOT EXISTS vet_identifiers_seen ON vet_identifiers (seen_at);
  `,
  // Each committed chunk numbered under its run, for vet ledger reconcile (rows before it have none).
  2: `
    CREATE TABLE IF NOT EXISTS vet_chunks (chunk bigserial PRIMARY KEY, run text NOT NULL, at bigint NOT NULL);
    ALTER TABLE vet_identifiers ADD COLUMN IF NOT EXISTS chunk bigint;
  `,
  // The audit trail, when --audit names this database: one row per record, its JSON as written.
  3: `
    CREATE TABLE IF NOT EXISTS vet_audit (seq bigint PRIMARY KEY, record text NOT NULL);
  `,
  // Review decisions and the findings runs reported, as in the SQLite ledger (person: JSON array of keyed hashes).
  4: `
    CREATE TABLE IF NOT EXISTS vet_findings_seen (
      applicant_id text NOT NULL, finding text NOT NULL, topic text NOT NULL, basis text NOT NULL,
      rule text NOT NULL, message_id text NOT NULL, level text NOT NULL, person text NOT NULL,
      file text NOT NULL, seen_at bigint NOT NULL, PRIMARY KEY (applicant_id, finding)
    );
    CREATE INDEX IF NOT EXISTS vet_findings_seen_at ON vet_findings_seen (seen_at);
    CREATE TABLE IF NOT EXISTS vet_decisions (
      id text PRIMARY KEY, applicant_id text NOT NULL, finding text NOT NULL, topic text NOT NULL,
      basis text NOT NULL, rule text NOT NULL, message_id text NOT NULL, person text NOT NULL,
      decision text NOT NULL, reason text NOT NULL, by text NOT NULL, at bigint NOT NULL,
      expires bigint, undone_at bigint, undone_by text
    );
    CREATE INDEX IF NOT EXISTS vet_decisions_applicant ON vet_decisions (applicant_id);
  `,
};

/**
 * PostgreSQL text cannot hold NUL: applicant ids and file names are stored with backslash and NUL
 * escaped, and read back unescaped, so any id the input has is kept as it is.
 */
export function pgText(text: string): string {
  return text.includes('\\') || text.includes('\u0000') ? text.replace(/\\/g, '\\\\').replace(/\u0000/g, '\\0') : text;
}

export function fromPgText(text: string): string {
  return text.includes('\\') ? text.replace(/\\(\\|0)/g, (_, c: string) => (c === '0' ? '\u0000' : '\\')) : text;
}

/**
 * The URL read as libpq (psql) reads it, so a team's existing URLs mean what they say:
 * sslmode=require encrypts without checking the certificate, verify-full checks it against
 * sslrootcert (or the system's CAs) and the host name. (pg alone still reads require as verify-full.)
 */
async function configOf(url: string): Promise<pg.ClientConfig> {
  const { parse: parseUrl, toClientConfig } = await import('pg-connection-string');
  try {
    const compat = /[?&]uselibpqcompat=/i.test(url) ? {} : { useLibpqCompat: true };
    return toClientConfig(parseUrl(url, compat));
  } catch (e) {
    throw new SourceError(`identity ledger ${safeUrl(url)}: ${(e as Error).message}`);
  }
}

/**
 * pg and its URL parser are imported when a connection is made, not with this module: the bundled
 * command would otherwise load them (and Node's fetch, which pg probes for) in every run, 30 ms
 * of a single check that never uses PostgreSQL.
 */
async function clientOf(url: string): Promise<pg.Client> {
  const { default: Pg } = await import('pg');
  return new Pg.Client({
    ...(await configOf(url)),
    connectionTimeoutMillis: 10_000,
    statement_timeout: 120_000,
    application_name: 'vet',
  });
}

async function connect(url: string, what = 'identity ledger'): Promise<pg.Client> {
  const client = await clientOf(url);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw new SourceError(`${what} ${safeUrl(url)} cannot be reached: ${(e as Error).message}`);
  }
  // A lost connection surfaces on the next query; an idle error must not crash the process.
  client.on('error', () => undefined);
  return client;
}

/** Whether an error means the connection is gone (the server ended it, or the socket broke), not that a statement failed. */
function connectionLost(e: unknown): boolean {
  const raw = (e as { code?: unknown }).code;
  const code = typeof raw === 'string' ? raw : '';
  if (/^(?:57P0[123]|08\d\d\d|ECONNRESET|EPIPE|ECONNREFUSED|ETIMEDOUT)$/.test(code)) return true;
  return /Connection terminated|not queryable|connection is closed/i.test((e as Error).message ?? '');
}

async function schemaVersion(client: pg.Client): Promise<{ version?: number; check?: string }> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('vet_meta') AS t`);
  if (exists.rows[0]?.t === null) return {};
  const rows = await client.query<{ key: string; value: string }>(`SELECT key, value FROM vet_meta WHERE key IN ('schema', 'keyCheck')`);
  const meta = Object.fromEntries(rows.rows.map((r) => [r.key, r.value]));
  return { ...(meta.schema ? { version: Number(meta.schema) } : {}), ...(meta.keyCheck ? { check: meta.keyCheck } : {}) };
}

/** The schema must be there, at this vet's version: returns the key fingerprint it holds. */
async function requireSchema(client: pg.Client, url: string, what = 'identity ledger'): Promise<string | undefined> {
  const { version, check } = await schemaVersion(client);
  if (version === undefined)
    throw new SourceError(`${what} ${safeUrl(url)} has no vet schema yet: run "vet ledger init --ledger URL" once, as the database's owner`);
  if (version > PG_SCHEMA_VERSION)
    throw new SourceError(`${what} ${safeUrl(url)} has schema ${version}, newer than this vet knows (${PG_SCHEMA_VERSION}): upgrade vet`);
  if (version < PG_SCHEMA_VERSION)
    throw new SourceError(`${what} ${safeUrl(url)} has schema ${version}: run "vet ledger migrate --ledger URL" as the database's owner`);
  return check;
}

/** A connection to a database with vet's schema at this version, for what needs no key (the audit trail). */
export async function connectChecked(url: string, what: string): Promise<pg.Client> {
  const client = await connect(url, what);
  try {
    await requireSchema(client, url, what);
    return client;
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
}

/** A connection to a team ledger at this vet's schema, made under this key (refused under another). */
export async function connectTeam(url: string, key: Buffer): Promise<pg.Client> {
  const client = await connect(url);
  try {
    const check = await requireSchema(client, url);
    if (check !== keyCheck(key)) {
      throw new SourceError(
        `identity ledger ${safeUrl(url)} was made with another key (its fingerprint is ${check ?? 'missing'}, this key's is ${keyCheck(key)}): set VET_LEDGER_KEY, or the key file in vet's home, to the team's key, or nothing would ever match`,
      );
    }
    return client;
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
}

export class PgLedger implements IdentityLedger {
  readonly info: SourceInfo;
  readonly enabled = true;
  private readonly hasher: LedgerHasher;

  private constructor(
    private readonly url: string,
    private client: pg.Client,
    private readonly key: Buffer,
    private readonly now: () => Date,
    /** This run's id: its chunks are recorded under it, for reconcile. */
    private readonly run: string,
  ) {
    this.hasher = new LedgerHasher(key);
    this.info = { id: 'ledger', description: `identity ledger ${safeUrl(url)} (PostgreSQL, keyed hashes only)` };
  }

  get where(): string {
    return safeUrl(this.url);
  }

  /** Opens a team ledger for a run or a command: the schema must be there, at this vet's version, under this key. */
  static async open(url: string, env: NodeJS.ProcessEnv, options: LedgerOptions = {}): Promise<PgLedger> {
    return PgLedger.connect(url, teamKey(env), options.now, options.run);
  }

  static async connect(url: string, key: Buffer, now: () => Date = () => new Date(), run = newRunId()): Promise<PgLedger> {
    return new PgLedger(url, await connectTeam(url, key), key, now, run);
  }

  /** Creates the schema (or brings it to this vet's version) and records the key's fingerprint. */
  static async init(url: string, key: Buffer): Promise<{ created: boolean; fingerprint: string }> {
    const client = await connect(url);
    try {
      const { version, check } = await schemaVersion(client);
      if (version !== undefined && version > PG_SCHEMA_VERSION)
        throw new SourceError(`identity ledger ${safeUrl(url)} has schema ${version}, newer than this vet knows: upgrade vet`);
      if (check !== undefined && check !== keyCheck(key)) {
        throw new SourceError(`identity ledger ${safeUrl(url)} already holds hashes under another key (fingerprint ${check}): use the team's key`);
      }
      await client.query('BEGIN');
      for (let v = (version ?? 0) + 1; v <= PG_SCHEMA_VERSION; v++) await client.query(MIGRATIONS[v]!);
      await client.query(`INSERT INTO vet_meta (key, value) VALUES ('schema', $1), ('keyCheck', $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [
        String(PG_SCHEMA_VERSION),
        keyCheck(key),
      ]);
      await client.query('COMMIT');
      return { created: version === undefined, fingerprint: keyCheck(key) };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  place(): LedgerPlace {
    return { kind: 'postgres', url: this.url, key: this.key, run: this.run };
  }

  runTime(): number {
    return this.now().getTime();
  }

  heldHashes(): Promise<Set<LedgerHash> | undefined> {
    // Lookups go to the server in batches: nothing to hold here.
    return Promise.resolve(undefined);
  }

  /** Applicants this run has recorded so far, for the message when a chunk cannot be. */
  private recorded = 0;

  /**
   * A chunk is one transaction: when the connection is lost (a server restart, a failover, an
   * administrator's pg_terminate_backend), nothing of it was committed, so it is tried once more on
   * a new connection; when that fails too, the run ends (exit 2) saying what was recorded.
   */
  async checkAndRecord(entries: readonly PendingEntry[], at: number, skipIds: { has(id: string): boolean }): Promise<PendingHit[]> {
    if (entries.length === 0) return [];
    const lost = (e: unknown) =>
      new SourceError(
        `identity ledger ${this.where}: ${(e as Error).message}; this chunk of ${entries.length} applicants was not recorded (the ${this.recorded} before it were)`,
      );
    try {
      return await this.checkAndRecordOnce(entries, at, skipIds);
    } catch (e) {
      if (!connectionLost(e)) throw e instanceof SourceError ? e : lost(e);
      await this.client.end().catch(() => undefined);
      try {
        this.client = await connect(this.url);
      } catch (again) {
        throw lost(new Error(`the connection was lost (${(e as Error).message}) and could not be made again (${(again as Error).message})`));
      }
      try {
        return await this.checkAndRecordOnce(entries, at, skipIds);
      } catch (again) {
        throw again instanceof SourceError ? again : lost(again);
      }
    }
  }

  private async checkAndRecordOnce(entries: readonly PendingEntry[], at: number, skipIds: { has(id: string): boolean }): Promise<PendingHit[]> {
    const hashed = entries.map((e) => ({
      entry: e,
      nameHash: e.nameKey !== undefined ? this.hasher.hashOf('name', e.nameKey) : undefined,
      hashes: e.identifiers.map((i) => this.hasher.hashOf(i.space, i.key)),
    }));
    const c = this.client;
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock($1)', [LOCK]);
      // Numbered under the lock, so chunk numbers are the order chunks commit in.
      const chunk = (await c.query<{ chunk: string }>('INSERT INTO vet_chunks (run, at) VALUES ($1, $2) RETURNING chunk', [this.run, at])).rows[0]!.chunk;
      const all = [...new Set(hashed.flatMap((h) => h.hashes.map(String)))];
      const found = await c.query<{ hash: string; id: string; kind: string; file: string; seen_at: string; name_hash: string | null }>(
        `SELECT hash, id, kind, file, seen_at, name_hash FROM (
           SELECT i.hash, a.id, i.kind, a.file, i.seen_at, a.name_hash,
                  row_number() OVER (PARTITION BY i.hash ORDER BY i.seen_at, a.id) AS n
           FROM vet_identifiers i JOIN vet_applicants a ON a.ref = i.applicant
           WHERE i.hash = ANY($1::bigint[])
         ) s WHERE n <= 200 ORDER BY seen_at, id`,
        [all],
      );
      const byHash = new Map<string, typeof found.rows>();
      for (const r of found.rows) {
        const list = byHash.get(r.hash);
        if (list) list.push(r);
        else byHash.set(r.hash, [r]);
      }
      const out: PendingHit[] = [];
      for (const h of hashed) {
        h.hashes.forEach((hash, k) => {
          const rows = byHash.get(String(hash));
          if (!rows) return;
          const hits: LedgerHit[] = rows
            .map((r) => ({ ...r, id: fromPgText(r.id), file: fromPgText(r.file) }))
            .filter((r) => r.id !== h.entry.applicantId && !skipIds.has(r.id))
            .slice(0, 20)
            .map((r) => ({
              applicantId: r.id,
              kind: r.kind,
              file: r.file,
              seenAt: new Date(Number(r.seen_at)).toISOString(),
              sameName: h.nameHash !== undefined && r.name_hash !== null ? String(h.nameHash) === r.name_hash : undefined,
            }));
          if (hits.length > 0) out.push({ index: h.entry.index, identifier: k, hits });
        });
      }
      // One row per applicant id (the last of the chunk wins), then its identifiers.
      const last = new Map<string, (typeof hashed)[number]>();
      for (const h of hashed) last.set(h.entry.applicantId, h);
      const people = [...last.values()];
      const refs = await c.query<{ id: string; ref: string }>(
        `INSERT INTO vet_applicants (id, name_hash, file, first_seen, last_seen)
         SELECT id, name_hash, file, $4, $4 FROM unnest($1::text[], $2::bigint[], $3::text[]) AS t (id, name_hash, file)
         ON CONFLICT (id) DO UPDATE SET name_hash = excluded.name_hash, file = excluded.file, last_seen = excluded.last_seen
         RETURNING id, ref`,
        [
          people.map((h) => pgText(h.entry.applicantId)),
          people.map((h) => (h.nameHash === undefined ? null : String(h.nameHash))),
          people.map((h) => pgText(basename(h.entry.file))),
          at,
        ],
      );
      const refOf = new Map(refs.rows.map((r) => [fromPgText(r.id), r.ref]));
      const rows = new Map<string, { hash: string; ref: string; kind: string }>();
      for (const h of hashed) {
        const ref = refOf.get(h.entry.applicantId)!;
        h.entry.identifiers.forEach((i, k) => rows.set(`${h.hashes[k]!}\u0000${ref}`, { hash: String(h.hashes[k]!), ref, kind: i.kind }));
      }
      const list = [...rows.values()];
      await c.query(
        `INSERT INTO vet_identifiers (hash, applicant, kind, seen_at, chunk)
         SELECT hash, applicant, kind, $4, $5 FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS t (hash, applicant, kind)
         ON CONFLICT (hash, applicant) DO UPDATE SET kind = excluded.kind, seen_at = excluded.seen_at, chunk = excluded.chunk`,
        [list.map((r) => r.hash), list.map((r) => r.ref), list.map((r) => r.kind), at, chunk],
      );
      await c.query('COMMIT');
      this.recorded += people.length;
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  async reconcile(since: number): Promise<LaterSighting[]> {
    const found = await this.client
      .query<LaterRow>(
        `WITH mine AS (
           SELECT i.hash, i.applicant, i.kind, i.chunk, c.run, c.at FROM vet_identifiers i JOIN vet_chunks c ON c.chunk = i.chunk WHERE c.at >= $1
         ), crowded AS (
           SELECT hash FROM vet_identifiers WHERE hash IN (SELECT hash FROM mine) GROUP BY hash HAVING count(*) > $2
         )
         SELECT a.id, a.file, m.kind, m.at, m.hash, b.id AS other_id, b.file AS other_file, j.kind AS other_kind, c2.at AS other_at
         FROM mine m
         JOIN vet_identifiers j ON j.hash = m.hash AND j.applicant <> m.applicant AND j.chunk > m.chunk
         JOIN vet_chunks c2 ON c2.chunk = j.chunk AND c2.run <> m.run
         JOIN vet_applicants a ON a.ref = m.applicant
         JOIN vet_applicants b ON b.ref = j.applicant
         WHERE a.name_hash IS NOT NULL AND b.name_hash IS NOT NULL AND a.name_hash <> b.name_hash
           AND m.hash NOT IN (SELECT hash FROM crowded)
         ORDER BY a.id, m.hash, j.chunk, b.id`,
        [since, RECONCILE_MAX_SHARED],
      )
      .catch((e: Error) => {
        throw new SourceError(`identity ledger ${this.where}: ${e.message}`);
      });
    return laterSightings(
      found.rows.map((r) => ({ ...r, id: fromPgText(r.id), file: fromPgText(r.file), other_id: fromPgText(r.other_id), other_file: fromPgText(r.other_file) })),
    );
  }

  async stats(): Promise<LedgerStats> {
    const kinds = await this.client.query<{ kind: string; n: string }>('SELECT kind, count(*) AS n FROM vet_identifiers GROUP BY kind ORDER BY kind');
    const span = await this.client.query<{ oldest: string | null; newest: string | null; n: string }>(
      'SELECT min(first_seen) AS oldest, max(last_seen) AS newest, count(*) AS n FROM vet_applicants',
    );
    const size = await this.client.query<{ bytes: string }>(
      `SELECT coalesce(sum(pg_total_relation_size(c)), 0) AS bytes FROM unnest(ARRAY['vet_applicants', 'vet_identifiers', 'vet_meta']::regclass[]) AS c`,
    );
    const byKind: Record<string, number> = {};
    for (const r of kinds.rows) byKind[r.kind] = Number(r.n);
    const s = span.rows[0]!;
    return {
      path: this.where,
      applicants: Number(s.n),
      identifiers: Object.values(byKind).reduce((a, b) => a + b, 0),
      byKind,
      bytes: Number(size.rows[0]!.bytes),
      ...(s.oldest !== null ? { oldest: new Date(Number(s.oldest)).toISOString() } : {}),
      ...(s.newest !== null ? { newest: new Date(Number(s.newest)).toISOString() } : {}),
    };
  }

  async forget(applicantId: string): Promise<{ identifiers: number; applicants: number }> {
    const c = this.client;
    await c.query('BEGIN');
    try {
      const ids = await c.query('DELETE FROM vet_identifiers WHERE applicant IN (SELECT ref FROM vet_applicants WHERE id = $1)', [pgText(applicantId)]);
      const apps = await c.query('DELETE FROM vet_applicants WHERE id = $1', [pgText(applicantId)]);
      await c.query('COMMIT');
      return { identifiers: ids.rowCount ?? 0, applicants: apps.rowCount ?? 0 };
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw new SourceError(`identity ledger ${this.where}: ${(e as Error).message}`);
    }
  }

  async prune(before: Date): Promise<{ identifiers: number; applicants: number; findings: number }> {
    const c = this.client;
    const t = before.getTime();
    await c.query('BEGIN');
    try {
      const ids = await c.query('DELETE FROM vet_identifiers WHERE seen_at < $1', [t]);
      const apps = await c.query(
        'DELETE FROM vet_applicants a WHERE last_seen < $1 AND NOT EXISTS (SELECT 1 FROM vet_identifiers i WHERE i.applicant = a.ref)',
        [t],
      );
      // Reported findings too (what vet review looks up); decisions are a reviewer's record, kept until forgotten.
      const findings = await c.query('DELETE FROM vet_findings_seen WHERE seen_at < $1', [t]);
      await c.query('COMMIT');
      return { identifiers: ids.rowCount ?? 0, applicants: apps.rowCount ?? 0, findings: findings.rowCount ?? 0 };
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw new SourceError(`identity ledger ${this.where}: ${(e as Error).message}`);
    }
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
