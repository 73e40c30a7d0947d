import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { run } from '../../src/cli/run.js';
import { openLedger, type PendingEntry } from '../../src/sources/ledger.js';
import type { IdentityLedger } from '../../src/sources/ledger-store.js';
import { startCluster, type Cluster } from '../helpers/postgres.js';

// One contract, two ledgers: the SQLite file and PostgreSQL (a real server, a private cluster
// started for this file). Every case runs against both, through the same interface a run uses.

let cluster: Cluster | undefined;
let reason: string | undefined;
const KEY = randomBytes(32).toString('base64');

beforeAll(async () => {
  ({ cluster, reason } = await startCluster());
  if (!cluster && process.env.CI === 'true') throw new Error(`CI=true and no PostgreSQL server could start: ${reason}`);
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
  await c.query('TRUNCATE vet_identifiers, vet_applicants');
  await c.end();
  return l;
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

  it('takes four concurrent shards without losing a row, and finds every planted ring through a member', async () => {
    if (!cluster) return console.warn(`skipped: ${reason}`);
    const dir = mkdtempSync(join(tmpdir(), 'vet-shards-'));
    const pg = (await import('pg')).default;
    const c = new pg.Client(cluster.url);
    await c.connect();
    await c.query('TRUNCATE vet_identifiers, vet_applicants');
    await c.end();
    // 2,400 applicants; 40 rings of three share a phone, their members spread over the shards.
    const rows: Array<Record<string, unknown>> = Array.from({ length: 2400 }, (_, i) => ({
      id: `S-${i}`,
      name: `Person ${i} Q${(i * 7) % 1000}`,
      email: `s${i}@example.com`,
      location: { country: 'US' },
    }));
    const rings: string[][] = [];
    for (let r = 0; r < 40; r++) {
      const members = [r * 59, r * 59 + 17, r * 59 + 30].map((i) => i % 2400);
      for (const m of members) rows[m]!.phone = `+1 415 555 ${String(1000 + r)}`;
      rings.push(members.map((m) => `S-${m}`));
    }
    for (let s = 0; s < 4; s++)
      writeFileSync(
        join(dir, `shard${s}.ndjson`),
        rows
          .filter((_, i) => i % 4 === s)
          .map((x) => JSON.stringify(x))
          .join('\n') + '\n',
      );
    const bin = new URL('../../bin/vet.js', import.meta.url).pathname;
    const outs = await Promise.all(
      [0, 1, 2, 3].map(
        (s) =>
          new Promise<string>((resolve, reject) => {
            const child = spawn(process.execPath, [bin, `shard${s}.ndjson`, '--ledger', cluster!.url, '-f', 'json', '-q'], {
              cwd: dir,
              env: { ...process.env, VET_HOME: join(dir, `home${s}`), VET_LEDGER_KEY: KEY, VET_AUDIT: 'off' },
            });
            let out = '';
            child.stdout.on('data', (d: Buffer) => (out += d.toString()));
            child.on('exit', (code) => (code === 0 || code === 1 ? resolve(out) : reject(new Error(`shard ${s} exited ${code}`))));
          }),
      ),
    );
    const flagged = new Set(
      outs.flatMap((o) =>
        (JSON.parse(o) as { applicants: Array<{ id: string; findings: Array<{ rule: string }> }> }).applicants
          .filter((a) => a.findings.some((f) => f.rule === 'identity-reuse'))
          .map((a) => a.id),
      ),
    );
    const stats = JSON.parse(
      (await run(['ledger', 'stats', '--ledger', cluster.url, '-f', 'json'], { env: { VET_HOME: join(dir, 'x'), VET_LEDGER_KEY: KEY } })).stdout,
    ) as {
      applicants: number;
    };
    expect(stats.applicants).toBe(2400);
    for (const ring of rings) expect(ring.some((id) => flagged.has(id))).toBe(true);
  }, 120_000);
});
