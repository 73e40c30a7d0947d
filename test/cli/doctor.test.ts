import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import { FIXTURES } from '../helpers/collect.js';
import type { Cluster } from '../helpers/postgres.mjs';
import { clusterForTests } from '../helpers/team-ledger.js';

// vet doctor against real homes: a list imported from the fixtures, a ledger and an audit trail
// written by real runs, then broken the way they break (time, chmod, another key, an edited
// record), and a real PostgreSQL ledger.

interface Doctor {
  exitCode: number;
  problems: number;
  checks: Array<{ check: string; status: string; found: string; fix?: string }>;
}

const DAY = 86_400;
/** The fixture list is dated 2025-11-03 (its SDN.XML). */
const LIST_DAY = Date.parse('2025-11-03T00:00:00Z') / 1000;

function newHome(): string {
  const home = join(mkdtempSync(join(tmpdir(), 'vet-doctor-')), 'home');
  return home;
}

async function doctor(env: Record<string, string>, args: string[] = [], epoch = LIST_DAY + 2 * DAY): Promise<Doctor> {
  const r = await run(['doctor', '-f', 'json', ...args], { cwd: FIXTURES, env: { SOURCE_DATE_EPOCH: String(epoch), ...env } });
  expect(r.stderr).toBe('');
  return { exitCode: r.exitCode, ...(JSON.parse(r.stdout) as Omit<Doctor, 'exitCode'>) };
}

const status = (d: Doctor, check: string) => d.checks.find((c) => c.check === check)!;

/** A home with the fixture list installed and one run recorded in its ledger and audit trail. */
async function readyHome(): Promise<string> {
  const home = newHome();
  const env = { VET_HOME: home, SOURCE_DATE_EPOCH: String(LIST_DAY + DAY) };
  expect((await run(['lists', 'import', join(FIXTURES, 'ofac')], { cwd: FIXTURES, env })).exitCode).toBe(0);
  expect((await run(['applicants/clean.json'], { cwd: FIXTURES, env })).exitCode).toBe(0);
  return home;
}

describe('vet doctor', () => {
  it('passes a home with a current list, a ledger its key opens and an intact audit chain', async () => {
    const home = await readyHome();
    const d = await doctor({ VET_HOME: home });
    expect(d.checks.map((c) => [c.check, c.status])).toEqual([
      ['home', 'ok'],
      ['list', 'ok'],
      ['ip data', 'ok'],
      ['ledger', 'ok'],
      ['audit', 'ok'],
    ]);
    expect(d).toMatchObject({ exitCode: 0, problems: 0 });
    expect(status(d, 'list').found).toMatch(/dated 2025-11-03 \(2 days old\)/);
    expect(status(d, 'ledger').found).toMatch(/key matches; 1 applicants/);
    expect(status(d, 'audit').found).toMatch(/1 record, chain intact/);
    expect(status(d, 'ip data').found).toMatch(/ip-country-dbip \d{4}-\d{2}-\d{2}/);
  });

  it('exits 1 on a list older than --max-list-age, and on no list at all', async () => {
    const home = await readyHome();
    const old = await doctor({ VET_HOME: home }, [], LIST_DAY + 30 * DAY);
    expect(old.exitCode).toBe(1);
    expect(status(old, 'list')).toMatchObject({ status: 'problem', fix: 'vet lists update' });
    expect(status(old, 'list').found).toMatch(/30 days old\): older than 7 days/);
    expect((await doctor({ VET_HOME: home }, ['--max-list-age', '60'], LIST_DAY + 30 * DAY)).exitCode).toBe(0);
    const none = await doctor({ VET_HOME: newHome(), VET_AUDIT: 'off' });
    expect(status(none, 'list').found).toMatch(/no OFAC list installed: runs screen against the \d+ entries of the built-in DPRK watchlist/);
    expect(none.exitCode).toBe(1);
    // A fresh home is not a problem in itself: the first run makes it.
    expect(status(none, 'home').status).toBe('ok');
  });

  it('exits 1 on IP data older than --max-ip-age', async () => {
    const home = await readyHome();
    const d = await doctor({ VET_HOME: home }, ['--max-ip-age', '0'], Date.now() / 1000);
    expect(status(d, 'ip data')).toMatchObject({ status: 'problem' });
    expect(status(d, 'ip data').found).toMatch(/is \d+ days old \(more than 0\)/);
  });

  it('finds a home others can read, and a key file others can read', async () => {
    const home = await readyHome();
    chmodSync(join(home, 'ledger.key'), 0o644);
    const key = await doctor({ VET_HOME: home });
    expect(status(key, 'home')).toMatchObject({ status: 'problem', fix: `chmod -R go-rwx ${home}` });
    expect(status(key, 'home').found).toContain(`${join(home, 'ledger.key')} (mode 0644)`);
    chmodSync(join(home, 'ledger.key'), 0o600);
    chmodSync(home, 0o755);
    expect(status(await doctor({ VET_HOME: home }), 'home').found).toContain(`${home} (mode 0755)`);
  });

  it('finds a ledger made with another key, and an edited audit record', async () => {
    const home = await readyHome();
    writeFileSync(join(home, 'ledger.key'), randomBytes(32), { mode: 0o600 });
    const d = await doctor({ VET_HOME: home });
    expect(status(d, 'ledger')).toMatchObject({ status: 'problem' });
    expect(status(d, 'ledger').found).toMatch(/another key/);
    const log = join(home, 'audit.log');
    writeFileSync(log, readFileSync(log, 'utf8').replace(/"applicants":1/, '"applicants":2'));
    const tampered = await doctor({ VET_HOME: home });
    expect(status(tampered, 'audit')).toMatchObject({ status: 'problem' });
    expect(status(tampered, 'audit').found).toMatch(/chain BROKEN/);
  });

  describe('with a team ledger in PostgreSQL', () => {
    let cluster: Cluster | undefined;
    let reason: string | undefined;
    const KEY = randomBytes(32).toString('base64');
    beforeAll(async () => {
      ({ cluster, reason } = await clusterForTests());
    }, 120_000);
    afterAll(() => cluster?.stop());

    it('checks that it is reachable and that the key matches, never printing a password', async () => {
      if (!cluster) return console.warn(`skipped: ${reason}`);
      const home = await readyHome();
      expect((await run(['ledger', 'init', '--ledger', cluster.url], { env: { VET_HOME: home, VET_LEDGER_KEY: KEY } })).exitCode).toBe(0);
      const ok = await doctor({ VET_HOME: home, VET_LEDGER: cluster.url, VET_LEDGER_KEY: KEY });
      expect(status(ok, 'ledger')).toMatchObject({ status: 'ok' });
      expect(status(ok, 'ledger').found).toMatch(/reachable, schema current, key matches; 0 applicants/);
      const wrong = await doctor({ VET_HOME: home, VET_LEDGER: cluster.url, VET_LEDGER_KEY: randomBytes(32).toString('base64') });
      expect(status(wrong, 'ledger').found).toMatch(/made with another key/);
      expect(wrong.exitCode).toBe(1);
      const down = await doctor({ VET_HOME: home, VET_LEDGER_KEY: KEY }, ['--ledger', 'postgres://vet:hunter2@127.0.0.1:1/vet']);
      expect(status(down, 'ledger').status).toBe('problem');
      expect(JSON.stringify(down)).not.toContain('hunter2');
    }, 120_000);
  });
});
