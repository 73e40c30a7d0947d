#!/usr/bin/env node
// The team ledger against the SQLite ledger: full runs (every rule, the built-in list) of the
// same synthetic export, each starting with an empty ledger, alternated and repeated, medians
// compared. The target (issue 24) is PostgreSQL within 1.5x of SQLite at 100,000 applicants.
// Not a test: timings depend on the machine. Usage: node test/bench/team-ledger.mjs [applicants] [runs]
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startCluster } from '../helpers/postgres.mjs';
import { generate } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const bin = join(root, 'bin', 'vet.js');
const n = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 3);

const { cluster, reason } = await startCluster();
if (!cluster) {
  console.log(`team ledger: skipped (${reason})`);
  process.exit(0);
}
try {
  const dir = join(root, '.vet-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `applicants-${n}-42-v3.csv`);
  if (!existsSync(file)) await generate(file, n, 42);
  const key = randomBytes(32).toString('base64');
  const vet = (args, env) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [bin, ...args], {
      env: { ...process.env, VET_AUDIT: 'off', VET_LEDGER_KEY: key, ...env },
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    });
    if (r.status !== 0 && r.status !== 1) throw new Error(`vet ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
    return { ms: performance.now() - t, stdout: r.stdout };
  };
  vet(['ledger', 'init', '--ledger', cluster.url], { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-team-bench-')) });
  const admin = new pg.Client(cluster.url);
  await admin.connect();
  const times = { sqlite: [], postgres: [] };
  let flagged;
  for (let i = 0; i < runs; i++) {
    for (const kind of i % 2 === 0 ? ['sqlite', 'postgres'] : ['postgres', 'sqlite']) {
      const home = mkdtempSync(join(tmpdir(), 'vet-team-bench-'));
      if (kind === 'postgres') await admin.query('TRUNCATE vet_identifiers, vet_applicants, vet_chunks, vet_findings_seen, vet_decisions');
      const r = vet([file, '-q', '-f', 'ndjson', ...(kind === 'postgres' ? ['--ledger', cluster.url] : [])], { VET_HOME: home });
      times[kind].push(r.ms);
      const count = r.stdout.split('\n').filter((l) => l.includes('"identity-reuse"')).length;
      if (flagged === undefined) flagged = count;
      else if (count !== flagged) console.log(`  (the ${kind} run found identity reuse in ${count} applicants, another run in ${flagged})`);
      rmSync(home, { recursive: true, force: true });
    }
  }
  await admin.end();
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const s = median(times.sqlite) / 1000;
  const p = median(times.postgres) / 1000;
  const fmt = (xs) => xs.map((x) => (x / 1000).toFixed(1)).join(', ');
  console.log(`team ledger, ${n.toLocaleString('en')} applicants, every rule, empty ledger, medians of ${runs} alternated runs:`);
  console.log(`  SQLite ledger     ${s.toFixed(1)} s  (${fmt(times.sqlite)})`);
  console.log(`  PostgreSQL ledger ${p.toFixed(1)} s  (${fmt(times.postgres)})  local server, loopback`);
  console.log(`  ratio ${(p / s).toFixed(2)} (target at most 1.5); ${flagged} applicants with identity-reuse findings in each`);
} finally {
  cluster.stop();
}
