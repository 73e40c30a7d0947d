import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { run } from '../../src/cli/run.js';
import { openLedger, type PendingEntry } from '../../src/sources/ledger.js';
import type { IdentityLedger } from '../../src/sources/ledger-store.js';
import type { Cluster } from '../helpers/postgres.mjs';
import { clusterForTests, teamDatabase } from '../helpers/team-ledger.js';

// One contract, two ledgers: the SQLite file and PostgreSQL (a real server, a private cluster
// started for this file). Every case runs against both, through the same interface a run uses.

let cluster: Cluster | undefined;
let reason: string | undefined;
const KEY = randomBytes(32).toString('base64');

beforeAll(async () => {
  ({ cluster, reason } = await clusterForTests());
  if (cluster) {
    const r = await run(['ledger', 'init', '--ledger', cluster.url], { env: { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-pg-home-')), VET_LEDGER_KEY: KEY } });
    expect(r).toMatchObject({ exitCode: 0, stderr: '' });
  }
}, 120_000);

afterAll(() => cluster?.stop());

/** A fresh ledger of each kind: a new SQLite file, or the PostgreSQL ledger emptied. */
async function fresh(kind: 'sqlite' | 'postgres'): Promise<IdentityLedger | undefined> {
  const home = mkdtempSync(join(tmpdir(), 'vet-contract-'));
  if (kind === 'sqlite') return openLedger({ VET_HOME: home }, { now: () => new Date('2026-11-01T00:00:00Z') });
  if (!cluster) {
    console.warn(`skipped: ${reason}`);
    return undefined;
  }
  const l = await openLedger({ VET_HOME: home, VET_LEDGER_KEY: KEY }, { path: cluster.url, now: () => new Date('2026-11-01T00:00:00Z') });
  const pg = (await import('pg')).default;
  const c = new pg.Client(cluster.url);
  await c.connect();
  await c.query('TRUNCATE vet_identifiers, vet_applicants, vet_chunks, vet_decisions, vet_findings_seen');
  await c.end();
  return l;
}

/** A new database in the cluster with vet's schema under the test key: its URL. */
const database = (name: string, query = ''): Promise<string> => teamDatabase(cluster!, name, KEY, query);

/** The same ledger opened by another process: another run. */
async function another(first: IdentityLedger): Promise<IdentityLedger> {
  const place = first.place()!;
  if (place.kind === 'sqlite') return openLedger({ VET_HOME: place.home }, { path: place.path });
  return openLedger({ VET_HOME: mkdtempSync(join(tmpdir(), 'vet-contract-')), VET_LEDGER_KEY: KEY }, { path: place.url });
}

function entry(index: number, applicantId: string, ids: Array<[string, string]>, nameKey?: string, file = 'batch.csv'): PendingEntry {
  return { index, applicantId, file, identifiers: ids.map(([space, key]) => ({ space, key, kind: space })), ...(nameKey ? { nameKey } : {}) };
}

const none = { has: () => false };
const T1 = Date.parse('2026-10-01T00:00:00Z');
const T2 = Date.parse('2026-11-01T00:00:00Z');

describe.each(['sqlite', 'postgres'] as const)('the %s ledger', (kind) => {
  it('finds an identifier another applicant gave before, with who, where, when and whether the name matched', async () => {
    const l = await fresh(kind);
    if (!l) return;
    try {
      expect(
        await l.checkAndRecord(
          [
            entry(
              0,
              'A-1',
              [
                ['phone', '+14155550101'],
                ['email', 'a@example.com'],
              ],
              'ann',
            ),
          ],
          T1,
          none,
        ),
      ).toEqual([]);
      const hits = await l.checkAndRecord([entry(0, 'B-1', [['phone', '+14155550101']], 'bob', 'next.csv')], T2, none);
      expect(hits).toEqual([
        { index: 0, identifier: 0, hits: [{ applicantId: 'A-1', kind: 'phone', file: 'batch.csv', seenAt: new Date(T1).toISOString(), sameName: false }] },
      ]);
      // The same applicant id again is not a sighting of someone else; ids this run already has are left out.
      expect(await l.checkAndRecord([entry(0, 'A-1', [['phone', '+14155550101']], 'ann')], T2, none)).toEqual([
        expect.objectContaining({ hits: [expect.objectContaining({ applicantId: 'B-1' })] }),
      ]);
      expect(await l.checkAndRecord([entry(0, 'C-1', [['phone', '+14155550101']])], T2, { has: (id: string) => id === 'A-1' || id === 'B-1' })).toEqual([]);
    } finally {
      await l.close();
    }
  });

  it('counts, forgets and prunes', async () => {
    const l = await fresh(kind);
    if (!l) return;
    try {
      await l.checkAndRecord(
        [
          entry(0, 'A-1', [
            ['phone', '+1'],
            ['email', 'a@x'],
          ]),
          entry(1, 'B-1', [['email', 'b@x']]),
        ],
        T1,
        none,
      );
      await l.checkAndRecord([entry(0, 'C-1', [['email', 'c@x']])], T2, none);
      const s = await l.stats();
      expect(s).toMatchObject({ applicants: 3, identifiers: 4, byKind: { email: 3, phone: 1 } });
      expect(await l.forget('B-1')).toEqual({ identifiers: 1, applicants: 1 });
      expect(await l.forget('B-1')).toEqual({ identifiers: 0, applicants: 0 });
      const pruned = await l.prune(new Date(T2));
      expect(pruned).toMatchObject({ identifiers: 2, applicants: 1 });
      expect(await l.stats()).toMatchObject({ applicants: 1, identifiers: 1 });
    } finally {
      await l.close();
    }
  });

  it('reconciles: lists applicants whose identifiers another run recorded afterwards under another name, and nothing else', async () => {
    const a = await fresh(kind);
    if (!a) return;
    const b = await another(a);
    try {
      await a.checkAndRecord([entry(0, 'W-1', [['phone', '+R']], 'wanda')], T1, none);
      await a.checkAndRecord(
        [entry(0, 'X-1', [['phone', '+P']], 'xavier'), entry(1, 'X-2', [['phone', '+Q']], 'xena'), entry(2, 'X-3', [['email', 'crowd@x']], 'xu')],
        T2,
        none,
      );
      // Run b, at the same moment: sees run a's committed chunk, as a shard would.
      const seen = await b.checkAndRecord(
        [
          entry(0, 'Y-1', [['phone', '+P']], 'yolanda'),
          entry(1, 'Y-2', [['phone', '+Q']], 'xena'),
          entry(2, 'V-1', [['phone', '+R']], 'victor'),
          ...Array.from({ length: 51 }, (_, i) => entry(3 + i, `C-${i}`, [['email', 'crowd@x']], `crowd ${i}`)),
        ],
        T2,
        none,
      );
      expect(seen.find((h) => h.index === 0)?.hits.map((h) => h.applicantId)).toEqual(['X-1']);
      // A later chunk of run a: its own earlier applicants were compared in memory, not here.
      await a.checkAndRecord([entry(3, 'Z-1', [['phone', '+P']], 'zed')], T2, none);

      const found = await a.reconcile(T2);
      expect(found.map((f) => [f.applicantId, f.kind, f.count, f.later.map((o) => o.applicantId)])).toEqual([
        ['X-1', 'phone', 1, ['Y-1']],
        ['Y-1', 'phone', 1, ['Z-1']],
      ]);
      expect(found[0]).toMatchObject({ file: 'batch.csv', seenAt: new Date(T2).toISOString() });
      // From T1, the applicant vetted then is listed too.
      expect((await b.reconcile(T1)).map((f) => f.applicantId)).toEqual(['W-1', 'X-1', 'Y-1']);
      expect(await a.reconcile(T2 + 1)).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps review decisions: recorded, applied by the next run, undone, erased with the applicant', async () => {
    const l = await fresh(kind);
    if (!l) return;
    const place = l.place()!;
    await l.close();
    // A SQLite ledger's key is its home's; a team ledger's is VET_LEDGER_KEY.
    const home = place.kind === 'sqlite' ? place.home : mkdtempSync(join(tmpdir(), 'vet-review-'));
    const env = { VET_HOME: home, VET_LEDGER_KEY: KEY, VET_LEDGER: place.kind === 'sqlite' ? place.path : place.url, VET_AUDIT: 'off' };
    const fixture = new URL('../../fixtures/applicants/flagged.json', import.meta.url).pathname;
    type Out = {
      applicants: Array<{ id: string; score: number; findings: Array<{ id: string; rule: string; level: string; review?: { decision: string } }> }>;
    };
    const vet = async () => JSON.parse((await run([fixture, '-f', 'json', '-q'], { env })).stdout) as Out;
    const first = (await vet()).applicants[0]!;
    const target = first.findings.find((f) => f.rule === 'geo-mismatch' && f.level === 'high')!;
    const decided = await run(['review', first.id, target.id.slice(0, 8), '--decision', 'cleared', '--reason', 'video call; passport seen', '--by', 'rita'], {
      env,
    });
    expect(decided).toMatchObject({ exitCode: 0, stderr: '' });
    const id = /recorded (d-[0-9a-f]+)/.exec(decided.stdout)![1]!;
    const listed = JSON.parse((await run(['review', 'list', '-f', 'json'], { env })).stdout) as Array<{ id: string; decision: string; reason: string }>;
    expect(listed).toEqual([expect.objectContaining({ id, decision: 'cleared', reason: 'video call; passport seen', by: 'rita' })]);
    const again = (await vet()).applicants[0]!;
    expect(again.findings.find((f) => f.id === target.id)?.review).toMatchObject({ decision: 'cleared' });
    expect(again.score).toBeLessThan(first.score);
    expect(await run(['review', 'undo', id, '--by', 'rita'], { env })).toMatchObject({ exitCode: 0 });
    expect((await vet()).applicants[0]!.findings.find((f) => f.id === target.id)?.review).toBeUndefined();
    const forgot = await run(['ledger', 'forget', first.id], { env });
    expect(forgot.stdout).toMatch(new RegExp(`^${first.id}: erased \\(.*1 review decision with their reasons, \\d+ reported findings\\)`));
    expect(JSON.parse((await run(['review', 'list', '-f', 'json'], { env })).stdout)).toEqual([]);
  });

  it('keeps hostile applicant ids and file names as data, never SQL', async () => {
    const l = await fresh(kind);
    if (!l) return;
    const hostile = ["'; DROP TABLE vet_applicants; --", "x'); DELETE FROM identifiers; --", 'nul\u0000inside', 'back\\slash\\0', 'k'.repeat(10_240)];
    try {
      await l.checkAndRecord(
        hostile.map((id, i) => entry(i, id, [['email', 'shared@example.com']], undefined, `${id.slice(0, 50)}.csv`)),
        T1,
        none,
      );
      const hits = await l.checkAndRecord([entry(0, 'Z-1', [['email', 'shared@example.com']])], T2, none);
      expect(hits[0]!.hits.map((h) => h.applicantId).sort()).toEqual([...hostile].sort());
      expect(await l.stats()).toMatchObject({ applicants: 6 });
      expect(await l.forget('nul\u0000inside')).toEqual({ identifiers: 1, applicants: 1 });
    } finally {
      await l.close();
    }
  });
});

describe('a team ledger on PostgreSQL', () => {
  it('is refused with another key, named without its password, and when it cannot be reached', async () => {
    if (!cluster) return console.warn(`skipped: ${reason}`);
    const home = mkdtempSync(join(tmpdir(), 'vet-pg-'));
    const other = await run(['ledger', 'stats', '--ledger', cluster.url], { env: { VET_HOME: home, VET_LEDGER_KEY: randomBytes(32).toString('hex') } });
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toMatch(/was made with another key .*nothing would ever match/);
    const withPassword = cluster.url.replace('postgres://vet@', 'postgres://vet:s3cret@').replace(/:(\d+)\//, ':1/');
    const down = await run(['ledger', 'stats', '--ledger', withPassword], { env: { VET_HOME: home, VET_LEDGER_KEY: KEY } });
    expect(down.exitCode).toBe(2);
    expect(down.stderr).toMatch(/identity ledger postgres:\/\/vet:\*\*\*\*@127\.0\.0\.1:1\/vet cannot be reached/);
    expect(down.stderr).not.toContain('s3cret');
  }, 30_000);

  it('refuses an older schema until vet ledger migrate brings it up, keeping its rows', async () => {
    if (!cluster) return console.warn(`skipped: ${reason}`);
    const { MIGRATIONS, PG_SCHEMA_VERSION } = await import('../../src/sources/ledger-pg.js');
    const pg = (await import('pg')).default;
    const admin = new pg.Client(cluster.url);
    await admin.connect();
    await admin.query('DROP DATABASE IF EXISTS vet_old');
    await admin.query('CREATE DATABASE vet_old');
    await admin.end();
    const url = cluster.url.replace(/\/[^/?]+(\?|$)/, '/vet_old$1');
    const old = new pg.Client(url);
    await old.connect();
    await old.query(MIGRATIONS[1]!);
    const { keyCheck } = await import('../../src/sources/ledger-key.js');
    await old.query(`INSERT INTO vet_meta VALUES ('schema', '1'), ('keyCheck', $1)`, [keyCheck(Buffer.from(KEY, 'base64'))]);
    await old.query(`INSERT INTO vet_applicants (id, file, first_seen, last_seen) VALUES ('OLD-1', 'old.csv', 1, 1)`);
    await old.end();
    const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-old-')), VET_LEDGER_KEY: KEY };
    const refused = await run(['ledger', 'stats', '--ledger', url], { env });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('has schema 1: run "vet ledger migrate');
    const migrated = await run(['ledger', 'migrate', '--ledger', url], { env });
    expect(migrated).toMatchObject({ exitCode: 0, stdout: `schema at version ${PG_SCHEMA_VERSION}\n` });
    const stats = await run(['ledger', 'stats', '--ledger', url, '-f', 'json'], { env });
    expect(JSON.parse(stats.stdout)).toMatchObject({ applicants: 1 });
  });

  it('retries a chunk on a new connection when the server ends it, and otherwise stops with nothing half written', async () => {
    if (!cluster) return console.warn(`skipped: ${reason}`);
    const url = await database('vet_lost');
    const pg = (await import('pg')).default;
    const admin = new pg.Client(cluster.url);
    await admin.connect();
    const terminate = () => admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'vet_lost' AND application_name = 'vet'`);
    const l = await openLedger({ VET_HOME: mkdtempSync(join(tmpdir(), 'vet-lost-')), VET_LEDGER_KEY: KEY }, { path: url });
    try {
      await l.checkAndRecord([entry(0, 'L-1', [['phone', '+1']], 'lee')], T1, none);
      expect((await terminate()).rowCount).toBe(1);
      // The administrator ended the session: the chunk is tried again on a new connection.
      const hits = await l.checkAndRecord([entry(1, 'L-2', [['phone', '+1']], 'lou')], T2, none);
      expect(hits[0]?.hits.map((h) => h.applicantId)).toEqual(['L-1']);
      // Now no new connection is allowed: the run stops, naming what was recorded.
      await admin.query('ALTER DATABASE vet_lost ALLOW_CONNECTIONS false');
      await terminate();
      await expect(l.checkAndRecord([entry(2, 'L-3', [['phone', '+2']], 'lia'), entry(3, 'L-4', [['phone', '+3']], 'lou')], T2, none)).rejects.toThrow(
        /identity ledger postgres:\/\/vet@127\.0\.0\.1:\d+\/vet_lost: the connection was lost .*; this chunk of 2 applicants was not recorded \(the 2 before it were\)/,
      );
    } finally {
      await admin.query('ALTER DATABASE vet_lost ALLOW_CONNECTIONS true');
      await admin.end();
      await l.close();
    }
    const after = await openLedger({ VET_HOME: mkdtempSync(join(tmpdir(), 'vet-lost-')), VET_LEDGER_KEY: KEY }, { path: url });
    try {
      expect(await after.stats()).toMatchObject({ applicants: 2, identifiers: 2 });
    } finally {
      await after.close();
    }
  });

  it('speaks TLS as libpq reads the URL: require encrypts, verify-full checks the CA and the host', async () => {
    if (!cluster) return console.warn(`skipped: ${reason}`);
    if (!cluster.tls) {
      if (process.env.CI === 'true') throw new Error('CI=true and the test cluster has no TLS (openssl missing)');
      return console.warn('skipped: openssl is missing, so the test cluster has no TLS certificate');
    }
    // Database vet_tls refuses a connection without TLS (pg_hba hostnossl ... reject).
    const url = await database('vet_tls', '?sslmode=require');
    const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-tls-')), VET_LEDGER_KEY: KEY };
    const stats = (query: string) => run(['ledger', 'stats', '--ledger', `${url}${query}`, '-f', 'json'], { env });
    const plain = await stats('');
    expect(plain.exitCode).toBe(2);
    expect(plain.stderr).toContain('no encryption');
    expect(await stats('?sslmode=require')).toMatchObject({ exitCode: 0, stderr: '' });
    expect(await stats(`?sslmode=verify-full&sslrootcert=${cluster.tls.ca}`)).toMatchObject({ exitCode: 0, stderr: '' });
    expect(await stats(`?sslmode=verify-full&sslrootcert=${cluster.tls.ca}`.replace('127.0.0.1', 'localhost'))).toMatchObject({ exitCode: 0 });
    const wrongCa = await stats(`?sslmode=verify-full&sslrootcert=${cluster.tls.otherCa}`);
    expect(wrongCa.exitCode).toBe(2);
    expect(wrongCa.stderr).toMatch(/cannot be reached: .*(certificate|self.signed)/);
    const noCaFile = await stats('?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem');
    expect(noCaFile.exitCode).toBe(2);
    expect(noCaFile.stderr).toContain('/nonexistent/ca.pem');
  });

  it('keeps the audit trail in the database: one chain for concurrent appenders on several connections, tampering caught', async () => {
    if (!cluster) return console.warn(`skipped: ${reason}`);
    const url = await database('vet_audit');
    const home = mkdtempSync(join(tmpdir(), 'vet-audit-'));
    const fixture = new URL('../../fixtures/applicants/clean.json', import.meta.url).pathname;
    const vetted = await run([fixture, '--audit', url, '-q'], { env: { VET_HOME: home } });
    expect(vetted.stderr).toBe('');
    expect(existsSync(join(home, 'audit.log'))).toBe(false);
    const { openAudit } = await import('../../src/audit.js');
    // Four machines at once, 15 records each: one chain, numbered 1 to 61 without a gap or a repeat.
    const trails = await Promise.all([0, 1, 2, 3].map(() => openAudit({}, url)));
    const body = (i: number) => ({
      event: 'review' as const,
      time: new Date(T2).toISOString(),
      vet: 'test',
      decision: { id: `D-${i}`, finding: 'f', rule: 'r', messageId: 'm', decision: 'cleared', by: 'me', reasonSha256: 'x' },
    });
    const appended = await Promise.all(trails.map(async (t, k) => Promise.all(Array.from({ length: 15 }, (_, i) => t!.append(body(k * 15 + i))))));
    await Promise.all(trails.map((t) => t!.close()));
    expect(
      appended
        .flat()
        .map((r) => r.seq)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 60 }, (_, i) => i + 2));
    const listed = await run(['audit', '--audit', url, '-f', 'json'], { env: { VET_HOME: home } });
    const records = JSON.parse(listed.stdout) as Array<{ seq: number; exitCode?: number; inputs?: Array<{ name: string }> }>;
    expect(records).toHaveLength(61);
    expect(records[0]).toMatchObject({ seq: 1, exitCode: 0, inputs: [{ name: fixture }] });
    const intact = await run(['audit', 'verify', '--audit', url], { env: { VET_HOME: home } });
    expect(intact).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('(table vet_audit): 61 records, chain intact; newest record #61') });

    const pg = (await import('pg')).default;
    const c = new pg.Client(url);
    await c.connect();
    await c.query(`UPDATE vet_audit SET record = replace(record, '"decision":"cleared"', '"decision":"confirmed"') WHERE seq = 30`);
    await c.end();
    const broken = await run(['audit', 'verify', '--audit', url], { env: { VET_HOME: home } });
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr).toContain('row 30: record 30 does not match its hash (it was edited)');
    expect((await run(['x.json', '--audit', 'audit.log'], { env: { VET_HOME: home } })).stderr).toContain(
      '--audit: "audit.log" is neither off nor a postgres:// URL',
    );
  });

  it('runs as the least-privilege role docs/team.md grants: vetting, reconcile and the audit trail work, forget is refused', async () => {
    if (!cluster) return console.warn(`skipped: ${reason}`);
    const url = await database('vet_roles');
    const grants = [...readFileSync(new URL('../../docs/team.md', import.meta.url), 'utf8').matchAll(/^\s*(GRANT [^;]+ TO vet_run;)$/gm)].map((m) => m[1]!);
    expect(grants.length).toBeGreaterThanOrEqual(4);
    const pg = (await import('pg')).default;
    const admin = new pg.Client(url);
    await admin.connect();
    await admin.query('DROP ROLE IF EXISTS vet_run');
    await admin.query('CREATE ROLE vet_run LOGIN');
    for (const g of grants) await admin.query(g);
    await admin.end();
    const asRun = url.replace('postgres://vet@', 'postgres://vet_run@');
    const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-role-')), VET_LEDGER_KEY: KEY };
    const fixture = new URL('../../fixtures/applicants/batch.json', import.meta.url).pathname;
    for (let i = 0; i < 2; i++) {
      const vetted = await run([fixture, '--ledger', asRun, '--audit', asRun, '-q', '-f', 'json'], { env });
      expect(vetted.stderr).toBe('');
      expect([0, 1]).toContain(vetted.exitCode);
    }
    expect((await run(['ledger', 'reconcile', '--since', '1d', '--ledger', asRun], { env })).stderr).toBe('');
    expect(await run(['audit', 'verify', '--audit', asRun], { env })).toMatchObject({ exitCode: 0 });
    const forget = await run(['ledger', 'forget', 'A-1', '--ledger', asRun], { env });
    expect(forget.exitCode).toBe(2);
    expect(forget.stderr).toContain('permission denied');
  });

  it("lets two recruiters on two machines see each other's applicants", async () => {
    if (!cluster) return console.warn(`skipped: ${reason}`);
    const dir = mkdtempSync(join(tmpdir(), 'vet-team-'));
    writeFileSync(join(dir, 'monday.json'), JSON.stringify([{ id: 'M-1', name: 'Maria Lopez', email: 'maria.l@example.com', location: { country: 'US' } }]));
    writeFileSync(join(dir, 'tuesday.json'), JSON.stringify([{ id: 'T-9', name: 'Tom Berg', email: 'maria.l@example.com', location: { country: 'US' } }]));
    // Two homes: two machines, one database, one shared key.
    const first = await run(['monday.json', '--ledger', cluster.url, '-f', 'json'], { cwd: dir, env: { VET_HOME: join(dir, 'a'), VET_LEDGER_KEY: KEY } });
    expect(first.stderr).toBe('');
    const second = await run(['tuesday.json', '-f', 'json'], { cwd: dir, env: { VET_HOME: join(dir, 'b'), VET_LEDGER_KEY: KEY, VET_LEDGER: cluster.url } });
    const report = JSON.parse(second.stdout) as {
      applicants: Array<{ findings: Array<{ rule: string; messageId: string; evidence: Array<{ ledger?: Array<{ applicant: string }> }> }> }>;
    };
    const seen = report.applicants[0]!.findings.filter((f) => f.rule === 'identity-reuse');
    expect(seen.map((f) => f.messageId)).toContain('seenBefore');
    expect(JSON.stringify(seen)).toContain('M-1');
    const stats = await run(['ledger', 'stats', '--ledger', cluster.url, '-f', 'json'], { env: { VET_HOME: join(dir, 'c'), VET_LEDGER_KEY: KEY } });
    expect(JSON.parse(stats.stdout)).toMatchObject({ applicants: expect.any(Number) });
    expect(stats.stdout).not.toContain('maria');
  }, 60_000);

  it('vets 20,000 applicants in four concurrent shards and, with reconcile, finds the same reuse as one run over the whole file', async () => {
    if (!cluster) return console.warn(`skipped: ${reason}`);
    const dir = mkdtempSync(join(tmpdir(), 'vet-shards-'));
    const pg = (await import('pg')).default;
    const c = new pg.Client(cluster.url);
    await c.connect();
    await c.query('TRUNCATE vet_identifiers, vet_applicants, vet_chunks');
    await c.end();
    // 200 rings of three share a phone or an e-mail; shard s takes rows i % 4 === s, so most rings
    // span three shards and every other ring has two members in one shard.
    const N = 20_000;
    const rows: Array<Record<string, unknown>> = Array.from({ length: N }, (_, i) => ({
      id: `S-${i}`,
      name: `Person ${i} Q${(i * 7) % 1000}`,
      email: `s${i}@example.com`,
      location: { country: 'US' },
    }));
    for (let r = 0; r < 200; r++) {
      const members = [r * 97, r * 97 + 13, r * 97 + (r % 2 === 0 ? 50 : 52)];
      for (const m of members) {
        if (r % 3 === 0) rows[m]!.email = `ring${r}@example.net`;
        else rows[m]!.phone = `+1 415 555 ${String(1000 + r)}`;
      }
    }
    const ndjson = (list: typeof rows) => list.map((x) => JSON.stringify(x)).join('\n') + '\n';
    writeFileSync(join(dir, 'all.ndjson'), ndjson(rows));
    for (let s = 0; s < 4; s++) writeFileSync(join(dir, `shard${s}.ndjson`), ndjson(rows.filter((_, i) => i % 4 === s)));
    const bin = new URL('../../bin/vet.js', import.meta.url).pathname;
    const vet = (args: string[], env: Record<string, string>) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [bin, ...args], { cwd: dir, env: { ...process.env, VET_LEDGER_KEY: KEY, VET_AUDIT: 'off', ...env } });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('exit', (code) => (code === 0 || code === 1 ? resolve(out) : reject(new Error(`vet ${args.join(' ')} exited ${code}: ${err}`))));
      });
    type Evidence = { sharedWith?: Array<{ applicant: string }>; ledger?: Array<{ applicant: string }> };
    type Out = { applicants: Array<{ id: string; findings: Array<{ rule: string; evidence: Evidence[] }> }> };
    /** Applicant -> the applicants identity-reuse linked it to. */
    const links = new Map<string, Set<string>>();
    const link = (map: Map<string, Set<string>>, a: string, b: string) => (map.get(a) ?? map.set(a, new Set()).get(a)!).add(b);
    const linksOf = (out: string, into: Map<string, Set<string>>) => {
      for (const a of (JSON.parse(out) as Out).applicants)
        for (const f of a.findings.filter((x) => x.rule === 'identity-reuse'))
          for (const e of f.evidence) for (const o of [...(e.sharedWith ?? []), ...(e.ledger ?? [])]) link(into, a.id, o.applicant);
    };

    const start = new Date();
    const outs = await Promise.all(
      [0, 1, 2, 3].map((s) => vet([`shard${s}.ndjson`, '--ledger', cluster!.url, '-f', 'json', '-q', '--only-flagged'], { VET_HOME: join(dir, `home${s}`) })),
    );
    for (const o of outs) linksOf(o, links);
    const shardsAlone = [...links.values()].reduce((n, l) => n + l.size, 0);
    const reconciled = JSON.parse(
      await vet(['ledger', 'reconcile', '--since', start.toISOString(), '--ledger', cluster.url, '-f', 'json'], { VET_HOME: join(dir, 'x') }),
    ) as { sightings: Array<{ applicantId: string; later: Array<{ applicantId: string }> }> };
    for (const s of reconciled.sightings) for (const o of s.later) link(links, s.applicantId, o.applicantId);

    // One process over the whole file, with a fresh ledger of its own.
    const whole = new Map<string, Set<string>>();
    linksOf(await vet(['all.ndjson', '-f', 'json', '-q', '--only-flagged'], { VET_HOME: join(dir, 'whole') }), whole);

    const stats = JSON.parse(await vet(['ledger', 'stats', '--ledger', cluster.url, '-f', 'json'], { VET_HOME: join(dir, 'x') })) as { applicants: number };
    expect(stats.applicants).toBe(N);
    expect(whole.size).toBe(600);
    const sorted = (m: Map<string, Set<string>>) => Object.fromEntries([...m].map(([k, v]) => [k, [...v].sort()]).sort(([a], [b]) => (a! < b! ? -1 : 1)));
    expect(sorted(links)).toEqual(sorted(whole));
    // The shards alone miss the earlier member's side of every cross-shard pair: reconcile is what closes it.
    expect(shardsAlone).toBeLessThan(1200);
  }, 300_000);
});
