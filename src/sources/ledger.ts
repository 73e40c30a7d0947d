import { chmodSync, existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { SourceError } from '../errors.js';
import { ensurePrivateDir, vetHome } from './home.js';
import type { SourceInfo } from '../keys/types.js';
import { keyCheck, LEDGER_KEY_FILE, LedgerHasher, loadSecret, type LedgerOptions } from './ledger-key.js';
import {
  isPostgresUrl,
  type IdentityLedger,
  type LedgerEntry,
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

export type { LedgerEntry, LedgerHash, LedgerHit, LedgerStats, PendingEntry, PendingHit };

export { LEDGER_KEY_FILE, loadSecret, type LedgerOptions };

export const LEDGER_FILE = 'ledger.sqlite';
const SCHEMA_VERSION = '3';

/**
 * The identity ledger: every vetted applicant's identifiers, stored only as keyed hashes
 * (HMAC-SHA256 under a secret made at first use, file mode 0600, kept in $VET_HOME even when the
 * ledger is elsewhere), with the applicant id, the input file's name and the time. Next week's
 * batch is checked against this week's without keeping a phone number or an address.
 */
export class Ledger {
  readonly info: SourceInfo;
  private readonly db: Database.Database | undefined;
  private readonly now: () => Date;
  /** The keyed hash of identifiers, under the secret; undefined when the ledger is off. */
  private readonly hasher: LedgerHasher | undefined;
  /** Kind names by their code in table `kinds`, and back. */
  private readonly kindCodes = new Map<string, number>();
  private readonly findStmt: Database.Statement<[LedgerHash, string]> | undefined;

  private constructor(
    readonly path: string | undefined,
    db: Database.Database | undefined,
    secret: Buffer | undefined,
    now: () => Date,
    /** This run's id: its chunks are recorded under it, for `vet ledger reconcile`. */
    readonly run: string = newRunId(),
  ) {
    this.db = db;
    this.now = now;
    this.info = path
      ? { id: 'ledger', description: `identity ledger ${path} (keyed hashes only)` }
      : { id: 'ledger', description: 'identity ledger off (--no-ledger): earlier runs not checked, this run not recorded' };
    this.hasher = secret ? new LedgerHasher(secret) : undefined;
    this.findStmt = db
      ?.prepare(
        `SELECT a.id AS applicant_id, k.name AS kind, a.file, i.seen_at, a.name_hash FROM identifiers i
         JOIN applicants a ON a.ref = i.applicant JOIN kinds k ON k.code = i.kind
         WHERE i.hash = ? AND a.id <> ? ORDER BY i.seen_at LIMIT 200`,
      )
      .safeIntegers(true);
  }

  get enabled(): boolean {
    return this.db !== undefined;
  }

  /** vet's home, where the key is: a worker thread opens this same ledger with it. */
  private home: string | undefined;

  /** Where the ledger and its key are, for a worker thread that opens it itself; undefined when off. */
  place(): { home: string; path: string; run: string } | undefined {
    return this.db ? { home: this.home!, path: this.path!, run: this.run } : undefined;
  }

  /** The time of this run, in milliseconds: every row it writes carries it. */
  runTime(): number {
    return this.now().getTime();
  }

  /**
   * Looks each identifier up (earlier sightings under other applicant ids, up to 20 after leaving
   * out `skipIds`), then records the entries in one transaction. Lookups come first, so an entry is
   * never its own hit; applicants of the same run recorded earlier are left out by the caller.
   */
  checkAndRecord(entries: readonly PendingEntry[], at: number, skipIds: { has(id: string): boolean }, held?: ReadonlySet<LedgerHash>): PendingHit[] {
    if (!this.db) return [];
    const hashed = entries.map((e) => ({
      entry: e,
      nameHash: e.nameKey !== undefined ? this.hashOf('name', e.nameKey) : undefined,
      hashes: e.identifiers.map((i) => this.hashOf(i.space, i.key)),
    }));
    const present = held ?? this.present(hashed.flatMap((h) => h.hashes));
    const out: PendingHit[] = [];
    for (const h of hashed) {
      h.hashes.forEach((hash, k) => {
        if (!present.has(hash)) return;
        const hits = this.find(hash, h.entry.applicantId, h.nameHash)
          .filter((x) => !skipIds.has(x.applicantId))
          .slice(0, 20);
        if (hits.length > 0) out.push({ index: h.entry.index, identifier: k, hits });
      });
    }
    this.record(
      hashed.map((h) => ({
        applicantId: h.entry.applicantId,
        file: h.entry.file,
        identifiers: h.entry.identifiers.map((i, k) => ({ hash: h.hashes[k]!, kind: i.kind })),
        ...(h.nameHash !== undefined ? { nameHash: h.nameHash } : {}),
      })),
      at,
    );
    return out;
  }

  /**
   * Every hash the ledger holds now, for a run that will look up many: what this run then writes
   * is never an earlier sighting, so the set need not grow. Undefined above `max` rows, where
   * lookups one by one cost less memory.
   */
  heldHashes(max = 2_000_000): Set<LedgerHash> | undefined {
    const db = this.requireDb();
    const count = this.identifierCount();
    if (count > max) return undefined;
    const out = new Set<LedgerHash>();
    if (count > 0) for (const h of db.prepare('SELECT hash FROM identifiers').pluck().safeIntegers(true).iterate() as IterableIterator<bigint>) out.add(h);
    return out;
  }

  private identifierCount(): number {
    return this.requireDb().prepare('SELECT count(*) FROM identifiers').pluck().get() as number;
  }

  /** Flags win over $VET_LEDGER ("off", or a file), which wins over the default file. */
  static open(env: NodeJS.ProcessEnv, options: LedgerOptions = {}): Ledger {
    const now = options.now ?? (() => new Date());
    const fromEnv = env.VET_LEDGER !== undefined && env.VET_LEDGER !== '' && options.path === undefined ? env.VET_LEDGER : undefined;
    if (options.off || fromEnv === 'off') return new Ledger(undefined, undefined, undefined, now);
    const home = vetHome(env);
    const path = options.path ?? fromEnv ?? join(home, LEDGER_FILE);
    ensurePrivateDir(home);
    if (path !== join(home, LEDGER_FILE)) ensurePrivateDir(dirname(path));
    const secret = loadSecret(join(home, LEDGER_KEY_FILE));
    let db: Database.Database;
    // Two first runs at once race to switch a new file to WAL; SQLite answers the loser SQLITE_BUSY
    // at once rather than through the busy timeout, so the open is tried again for a while.
    for (let attempt = 0; ; attempt++) {
      try {
        db = openDatabase(path, secret);
        break;
      } catch (e) {
        if (e instanceof SourceError) throw e;
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'SQLITE_BUSY' && attempt < OPEN_ATTEMPTS) {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20 + Math.floor(Math.random() * 80));
          continue;
        }
        throw new SourceError(
          `identity ledger ${path} cannot be opened (${err.code === 'SQLITE_NOTADB' ? 'not a vet ledger' : (err.code ?? err.message)}); pass --ledger PATH for another file or --no-ledger`,
        );
      }
    }
    const ledger = new Ledger(path, db, secret, now, options.run);
    ledger.home = home;
    return ledger;
  }

  /**
   * The keyed hash of an identifier (its comparison space and normalised key), or of a name (space
   * "name"): HMAC-SHA256 from its definition with one-shot hashes, which costs half of what a
   * new Hmac object per identifier does.
   */
  hashOf(space: string, key: string): LedgerHash {
    if (!this.hasher) throw new SourceError('the identity ledger is off');
    return this.hasher.hashOf(space, key);
  }

  /**
   * Which of these hashes the ledger holds. One pass reads about 450,000 rows a second and a
   * lookup about 140,000 a second, so the whole ledger is read when it is less than about three
   * times the hashes asked about.
   */
  present(hashes: readonly LedgerHash[]): Set<LedgerHash> {
    const out = new Set<LedgerHash>();
    if (!this.db || hashes.length === 0) return out;
    const all = this.heldHashes(3 * hashes.length);
    if (all) {
      for (const h of hashes) if (all.has(h)) out.add(h);
    } else {
      const one = this.db.prepare('SELECT 1 FROM identifiers WHERE hash = ? LIMIT 1').pluck();
      for (const h of hashes) if (one.get(h) !== undefined) out.add(h);
    }
    return out;
  }

  /** Earlier applicants (other ids) that gave the identifier with this hash, oldest first. */
  find(hash: LedgerHash, applicantId: string, nameHash: LedgerHash | undefined): LedgerHit[] {
    if (!this.findStmt) return [];
    const rows = this.findStmt.all(hash, applicantId) as { applicant_id: string; kind: string; file: string; seen_at: bigint; name_hash: bigint | null }[];
    return rows.map((row) => ({
      applicantId: row.applicant_id,
      kind: row.kind,
      file: row.file,
      seenAt: new Date(Number(row.seen_at)).toISOString(),
      sameName: nameHash !== undefined && row.name_hash !== null ? nameHash === row.name_hash : undefined,
    }));
  }

  /** The code of a kind of identifier, added to table `kinds` the first time it is written. */
  private kindCode(db: Database.Database, name: string): number {
    let code = this.kindCodes.get(name);
    if (code === undefined) {
      db.prepare('INSERT INTO kinds (name) VALUES (?) ON CONFLICT(name) DO NOTHING').run(name);
      code = db.prepare('SELECT code FROM kinds WHERE name = ?').pluck().get(name) as number;
      this.kindCodes.set(name, code);
    }
    return code;
  }

  /** Adds applicants in one transaction: a second vet process waits for it, never interleaves with it. */
  record(entries: readonly LedgerEntry[], at = this.now().getTime()): void {
    const db = this.db;
    if (!db) return;
    const applicant = db
      .prepare(
        `INSERT INTO applicants (id, name_hash, file, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name_hash = excluded.name_hash, file = excluded.file, last_seen = excluded.last_seen
         RETURNING ref`,
      )
      .pluck();
    const identifier = db.prepare(
      `INSERT INTO identifiers (hash, applicant, kind, seen_at, chunk) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(hash, applicant) DO UPDATE SET kind = excluded.kind, seen_at = excluded.seen_at, chunk = excluded.chunk`,
    );
    db.transaction(() => {
      // Chunks are numbered in the order they commit, under the run that wrote them (reconcile).
      const chunk = db.prepare('INSERT INTO chunks (run, at) VALUES (?, ?) RETURNING chunk').pluck().get(this.run, at) as number;
      // In hash order: inserting into the table's B-tree in key order costs less than at random.
      const rows: { hash: LedgerHash; ref: number; kind: number }[] = [];
      for (const e of entries) {
        const ref = applicant.get(e.applicantId, e.nameHash ?? null, basename(e.file), at, at) as number;
        for (const id of e.identifiers) rows.push({ hash: id.hash, ref, kind: this.kindCode(db, id.kind) });
      }
      rows.sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
      for (const r of rows) identifier.run(r.hash, r.ref, r.kind, at, chunk);
    }).immediate();
  }

  /** See IdentityLedger.reconcile. */
  reconcile(since: number): LaterSighting[] {
    const rows = this.requireDb()
      .prepare(
        `WITH mine AS (
           SELECT i.hash, i.applicant, i.kind, i.chunk, c.run, c.at FROM identifiers i JOIN chunks c ON c.chunk = i.chunk WHERE c.at >= ?
         ), crowded AS (
           SELECT hash FROM identifiers WHERE hash IN (SELECT hash FROM mine) GROUP BY hash HAVING count(*) > ?
         )
         SELECT a.id, a.file, k.name AS kind, m.at, m.hash, b.id AS other_id, b.file AS other_file, k2.name AS other_kind, c2.at AS other_at
         FROM mine m
         JOIN identifiers j ON j.hash = m.hash AND j.applicant <> m.applicant AND j.chunk > m.chunk
         JOIN chunks c2 ON c2.chunk = j.chunk AND c2.run <> m.run
         JOIN applicants a ON a.ref = m.applicant
         JOIN applicants b ON b.ref = j.applicant
         JOIN kinds k ON k.code = m.kind
         JOIN kinds k2 ON k2.code = j.kind
         WHERE a.name_hash IS NOT NULL AND b.name_hash IS NOT NULL AND a.name_hash <> b.name_hash
           AND m.hash NOT IN (SELECT hash FROM crowded)
         ORDER BY a.id, m.hash, j.chunk, b.id`,
      )
      .all(since, RECONCILE_MAX_SHARED) as LaterRow[];
    return laterSightings(rows);
  }

  stats(): LedgerStats {
    const db = this.requireDb();
    const byKind: Record<string, number> = {};
    const counts = db
      .prepare('SELECT k.name AS kind, count(*) AS n FROM identifiers i JOIN kinds k ON k.code = i.kind GROUP BY k.name ORDER BY k.name')
      .all() as { kind: string; n: number }[];
    for (const row of counts) byKind[row.kind] = row.n;
    const span = db.prepare('SELECT min(first_seen) AS oldest, max(last_seen) AS newest, count(*) AS n FROM applicants').get() as {
      oldest: number | null;
      newest: number | null;
      n: number;
    };
    const stats: LedgerStats = {
      path: this.path!,
      applicants: span.n,
      identifiers: Object.values(byKind).reduce((a, b) => a + b, 0),
      byKind,
      bytes: fileBytes(this.path!),
    };
    if (span.oldest !== null) stats.oldest = new Date(span.oldest).toISOString();
    if (span.newest !== null) stats.newest = new Date(span.newest).toISOString();
    return stats;
  }

  /** Erases an applicant (a request under GDPR Art. 17 or CCPA): their identifiers and their row. */
  forget(applicantId: string): { identifiers: number; applicants: number } {
    const db = this.requireDb();
    return db
      .transaction(() => ({
        identifiers: db.prepare('DELETE FROM identifiers WHERE applicant IN (SELECT ref FROM applicants WHERE id = ?)').run(applicantId).changes,
        applicants: db.prepare('DELETE FROM applicants WHERE id = ?').run(applicantId).changes,
      }))
      .immediate();
  }

  /** Drops what was last seen before `before`. */
  prune(before: Date): { identifiers: number; applicants: number; findings: number } {
    const db = this.requireDb();
    const t = before.getTime();
    const result = db
      .transaction(() => ({
        identifiers: db.prepare('DELETE FROM identifiers WHERE seen_at < ?').run(t).changes,
        applicants: db.prepare('DELETE FROM applicants WHERE last_seen < ? AND ref NOT IN (SELECT applicant FROM identifiers)').run(t).changes,
        // Reported findings too (what vet review looks up); decisions are a reviewer's record, kept until forgotten.
        findings: db.prepare('DELETE FROM findings_seen WHERE seen_at < ?').run(t).changes,
      }))
      .immediate();
    db.exec('VACUUM');
    return result;
  }

  close(): void {
    if (!this.db?.open) return;
    try {
      // Fold the write-ahead log back into the file, so that it does not grow with every run.
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Another vet process is reading or writing: it checkpoints when it closes.
    }
    this.db.close();
  }

  /** The open database, for the review decisions kept beside the identifiers (src/sources/reviews.ts). */
  database(): Database.Database {
    return this.requireDb();
  }

  private requireDb(): Database.Database {
    if (!this.db) throw new SourceError('the identity ledger is off');
    return this.db;
  }
}

/** About 15 s of 20-100 ms waits. */
const OPEN_ATTEMPTS = 250;

function openDatabase(path: string, secret: Buffer): Database.Database {
  const fresh = !existsSync(path);
  const db = new Database(path, { timeout: 15_000 });
  try {
    if (fresh) chmodSync(path, 0o600);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Up to 64 MB of pages in memory: a large run's inserts land all over the identifiers' B-tree.
    db.pragma('cache_size = -65536');
    migrate(db, secret, path);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS applicants (
    ref INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name_hash INTEGER, file TEXT NOT NULL,
    first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS kinds (code INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE IF NOT EXISTS identifiers (
    hash INTEGER NOT NULL, applicant INTEGER NOT NULL, kind INTEGER NOT NULL, seen_at INTEGER NOT NULL, chunk INTEGER,
    PRIMARY KEY (hash, applicant)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS chunks (chunk INTEGER PRIMARY KEY, run TEXT NOT NULL, at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS findings_seen (
    applicant_id TEXT NOT NULL, finding TEXT NOT NULL, topic TEXT NOT NULL, basis TEXT NOT NULL,
    rule TEXT NOT NULL, message_id TEXT NOT NULL, level TEXT NOT NULL, person TEXT NOT NULL,
    file TEXT NOT NULL, seen_at INTEGER NOT NULL,
    PRIMARY KEY (applicant_id, finding)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS decisions (
    id TEXT PRIMARY KEY, applicant_id TEXT NOT NULL, finding TEXT NOT NULL, topic TEXT NOT NULL,
    basis TEXT NOT NULL, rule TEXT NOT NULL, message_id TEXT NOT NULL, person TEXT NOT NULL,
    decision TEXT NOT NULL, reason TEXT NOT NULL, by TEXT NOT NULL, at INTEGER NOT NULL,
    expires INTEGER, undone_at INTEGER, undone_by TEXT
  );
`;

/**
 * Schema 2 keys identifiers by 64-bit integers and applicants by row number: a third of the
 * insert time of schema 1's 16-byte hashes and text ids. A schema 1 ledger is converted in place
 * (its hashes are the same HMACs, cut shorter), in one transaction. Schema 3 numbers each
 * committed chunk under its run (table chunks), for `vet ledger reconcile`; rows written before
 * it have no chunk and are never reconciled.
 */
function migrate(db: Database.Database, secret: Buffer, path: string): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
    const get = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
    const version = get.get('schema') as string | undefined;
    const check = get.get('keyCheck') as string | undefined;
    if (version !== undefined && check !== keyCheck(secret)) {
      throw new SourceError(
        `identity ledger ${path} was written under another key than ${LEDGER_KEY_FILE} in vet's home, so its hashes cannot be matched; use that home (VET_HOME) or --ledger with a new file`,
      );
    }
    if (version === '1') {
      db.exec('ALTER TABLE applicants RENAME TO applicants_1; ALTER TABLE identifiers RENAME TO identifiers_1;');
      db.exec(SCHEMA);
      db.exec(`INSERT INTO applicants (id, name_hash, file, first_seen, last_seen) SELECT id, NULL, file, first_seen, last_seen FROM applicants_1`);
      const setName = db.prepare('UPDATE applicants SET name_hash = ? WHERE id = ?');
      // .all(), not .iterate(): SQLite runs no other statement on a connection while one iterates.
      for (const row of db.prepare('SELECT id, name_hash FROM applicants_1 WHERE name_hash IS NOT NULL').all() as { id: string; name_hash: Buffer }[]) {
        setName.run(row.name_hash.readBigInt64BE(0), row.id);
      }
      db.exec(`INSERT OR IGNORE INTO kinds (name) SELECT DISTINCT kind FROM identifiers_1 ORDER BY kind`);
      const insert = db.prepare(
        `INSERT OR REPLACE INTO identifiers (hash, applicant, kind, seen_at)
         SELECT ?, a.ref, k.code, ? FROM applicants a, kinds k WHERE a.id = ? AND k.name = ?`,
      );
      for (const row of db.prepare('SELECT hash, applicant_id, kind, seen_at FROM identifiers_1').all() as {
        hash: Buffer;
        applicant_id: string;
        kind: string;
        seen_at: number;
      }[]) {
        insert.run(row.hash.readBigInt64BE(0), row.seen_at, row.applicant_id, row.kind);
      }
      db.exec('DROP TABLE identifiers_1; DROP TABLE applicants_1;');
      db.prepare("UPDATE meta SET value = ? WHERE key = 'schema'").run(SCHEMA_VERSION);
      return;
    }
    if (version === '2') {
      db.exec('ALTER TABLE identifiers ADD COLUMN chunk INTEGER');
      db.prepare("UPDATE meta SET value = ? WHERE key = 'schema'").run(SCHEMA_VERSION);
    }
    db.exec(SCHEMA);
    if (version === undefined) {
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)').run('schema', SCHEMA_VERSION, 'keyCheck', keyCheck(secret));
    } else if (version !== SCHEMA_VERSION && version !== '2') {
      throw new SourceError(`identity ledger ${path} is from another version of vet (schema ${version})`);
    }
  }).immediate();
}

function fileBytes(path: string): number {
  let total = 0;
  for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) total += statSync(f).size;
  return total;
}

/** Parses "365d", "12w", "6m", "1y" into a date that long before `now`. */
export function parseAge(text: string, now: Date): Date | undefined {
  return shiftByAge(text, now, -1);
}

/** Parses "365d", "12w", "6m", "1y" into a date that long after `now` (an expiry). */
export function ageFromNow(text: string, now: Date): Date | undefined {
  return shiftByAge(text, now, 1);
}

function shiftByAge(text: string, now: Date, sign: 1 | -1): Date | undefined {
  const m = /^(\d+)\s*([dwmy])$/i.exec(text.trim());
  if (!m) return undefined;
  const n = sign * Number(m[1]);
  const d = new Date(now);
  switch (m[2]!.toLowerCase()) {
    case 'd':
      d.setUTCDate(d.getUTCDate() + n);
      break;
    case 'w':
      d.setUTCDate(d.getUTCDate() + 7 * n);
      break;
    case 'm':
      d.setUTCMonth(d.getUTCMonth() + n);
      break;
    default:
      d.setUTCFullYear(d.getUTCFullYear() + n);
  }
  return d;
}

/** The SQLite ledger behind the interface runs and `vet ledger` use (its calls are synchronous underneath). */
export class SqliteLedgerStore implements IdentityLedger {
  constructor(readonly ledger: Ledger) {}

  get info(): SourceInfo {
    return this.ledger.info;
  }

  get enabled(): boolean {
    return this.ledger.enabled;
  }

  get where(): string | undefined {
    return this.ledger.path;
  }

  place(): LedgerPlace | undefined {
    const p = this.ledger.place();
    return p ? { kind: 'sqlite', ...p } : undefined;
  }

  runTime(): number {
    return this.ledger.runTime();
  }

  checkAndRecord(entries: readonly PendingEntry[], at: number, skipIds: { has(id: string): boolean }, held?: ReadonlySet<LedgerHash>): Promise<PendingHit[]> {
    return Promise.resolve(this.ledger.checkAndRecord(entries, at, skipIds, held));
  }

  heldHashes(max?: number): Promise<Set<LedgerHash> | undefined> {
    return Promise.resolve(this.ledger.heldHashes(max));
  }

  stats(): Promise<LedgerStats> {
    return Promise.resolve(this.ledger.stats());
  }

  reconcile(since: number): Promise<LaterSighting[]> {
    return Promise.resolve(this.ledger.reconcile(since));
  }

  forget(applicantId: string): Promise<{ identifiers: number; applicants: number }> {
    return Promise.resolve(this.ledger.forget(applicantId));
  }

  prune(before: Date): Promise<{ identifiers: number; applicants: number; findings: number }> {
    return Promise.resolve(this.ledger.prune(before));
  }

  close(): Promise<void> {
    this.ledger.close();
    return Promise.resolve();
  }
}

/** The ledger a run or a command uses: PostgreSQL for a postgres:// URL (--ledger or VET_LEDGER), else the SQLite file. */
export async function openLedger(env: NodeJS.ProcessEnv, options: LedgerOptions = {}): Promise<IdentityLedger> {
  const target = options.path ?? (env.VET_LEDGER !== '' ? env.VET_LEDGER : undefined);
  if (!options.off && isPostgresUrl(target)) {
    const { PgLedger } = await import('./ledger-pg.js');
    return PgLedger.open(target, env, options);
  }
  return new SqliteLedgerStore(Ledger.open(env, options));
}
