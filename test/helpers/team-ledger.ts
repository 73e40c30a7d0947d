import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import { startCluster, type Cluster } from './postgres.mjs';

/** A private cluster for a test file, or why there is none: locally a test then skips; under CI=true there must be one. */
export async function clusterForTests(): Promise<{ cluster?: Cluster; reason?: string }> {
  const started = await startCluster();
  if (!started.cluster && process.env.CI === 'true') throw new Error(`CI=true and no PostgreSQL server could start: ${started.reason}`);
  return started;
}

/** A new database in the cluster with vet's schema under `key`, as `vet ledger init` leaves it for a team: its URL. */
export async function teamDatabase(cluster: Cluster, name: string, key: string, query = ''): Promise<string> {
  const pg = (await import('pg')).default;
  const admin = new pg.Client(cluster.url);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = cluster.url.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
  const r = await run(['ledger', 'init', '--ledger', url + query], { env: { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-pg-home-')), VET_LEDGER_KEY: key } });
  if (r.exitCode !== 0 || r.stderr !== '') throw new Error(`vet ledger init failed: ${r.stderr}`);
  return url;
}
