import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateXML } from 'xmllint-wasm';
import type { Cluster } from './helpers/postgres.mjs';
import { clusterForTests, teamDatabase } from './helpers/team-ledger.js';

// The examples as a user copies them: their shell steps run as written, with this checkout's vet
// as `vet`, on the fixtures, against a real PostgreSQL ledger standing in for the secrets. Two
// lines are replaced, and only these: installing vet from the registry (the package test installs
// the tarball), and `vet lists update`, which downloads from OFAC (these machines have no
// internet): `vet lists import` of the fixture list instead. Steps that are actions (checkout,
// cache, upload) are not run; the files they name must exist.

const ROOT = new URL('../', import.meta.url).pathname;
const FIXTURES = join(ROOT, 'fixtures');
const KEY = randomBytes(32).toString('base64');
/** Two days after the fixture list's date: the list is current for vet doctor. */
const EPOCH = String(Date.parse('2025-11-05T00:00:00Z') / 1000);
const JUNIT_XSD = readFileSync(join(FIXTURES, 'schemas/jenkins-junit.xsd'), 'utf8');

let cluster: Cluster | undefined;
let reason: string | undefined;
const shims = mkdtempSync(join(tmpdir(), 'vet-shim-'));

beforeAll(async () => {
  writeFileSync(join(shims, 'vet'), `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin/vet.js')}" "$@"\n`);
  chmodSync(join(shims, 'vet'), 0o755);
  ({ cluster, reason } = await clusterForTests());
}, 120_000);
afterAll(() => cluster?.stop());

const teamDatabaseOf = (name: string) => teamDatabase(cluster!, name, KEY);

/** A workspace holding the export the examples read. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vet-ci-example-'));
  mkdirSync(join(dir, 'exports'));
  copyFileSync(join(FIXTURES, 'csv/generic.csv'), join(dir, 'exports/applicants.csv'));
  return dir;
}

/** The only lines not run as written, and why. */
function offline(script: string): { script: string; replaced: string[] } {
  const replaced: string[] = [];
  const lines = script.split('\n').map((line) => {
    if (/^\s*npm install -g vet-applicants\b/.test(line)) {
      replaced.push(line.trim());
      return 'true # vet is this checkout: the package test installs the tarball';
    }
    if (/^\s*vet lists update\s*$/.test(line)) {
      replaced.push(line.trim());
      return `vet lists import "${join(FIXTURES, 'ofac')}"`;
    }
    return line;
  });
  return { script: lines.join('\n'), replaced };
}

function bash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-eo', 'pipefail', '-c', script], { cwd, env: { PATH: `${shims}:${process.env.PATH}`, HOME: cwd, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** `${{ secrets.X }}`, `${{ runner.temp }}` and `${{ github.workspace }}` as the runner would give them. */
function expressions(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`the example uses \${{ ${name} }}, which this test does not provide`);
    return values[name]!;
  });
}

async function junitValid(file: string): Promise<void> {
  const r = await validateXML({ xml: [{ fileName: 'results.xml', contents: readFileSync(file, 'utf8') }], schema: [JUNIT_XSD] });
  expect(r.errors.map((e) => e.message)).toEqual([]);
}

describe('examples/github-actions.yml', () => {
  it('runs its steps: lists, doctor, vet with the team ledger from secrets, JUnit, annotations and the step summary', async () => {
    if (!cluster) return console.warn(`skipped: ${reason}`);
    const url = await teamDatabaseOf('vet_example_github');
    const dir = workspace();
    const temp = mkdtempSync(join(tmpdir(), 'vet-runner-temp-'));
    const values = { 'runner.temp': temp, 'github.workspace': dir, 'github.run_id': '1', 'secrets.VET_LEDGER_URL': url, 'secrets.VET_LEDGER_KEY': KEY };
    const workflow = parse(readFileSync(join(ROOT, 'examples/github-actions.yml'), 'utf8')) as {
      jobs: {
        vet: {
          env: Record<string, string>;
          steps: Array<{ name?: string; uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, string> }>;
        };
      };
    };
    const job = workflow.jobs.vet;
    const summary = join(temp, 'step-summary.md');
    const env: Record<string, string> = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, SOURCE_DATE_EPOCH: EPOCH };
    for (const [k, v] of Object.entries(job.env)) env[k] = expressions(v, values);
    const results: Record<string, { code: number; stdout: string; stderr: string }> = {};
    const replaced: string[] = [];
    for (const step of job.steps) {
      if (!step.run) continue;
      const o = offline(expressions(step.run, values));
      replaced.push(...o.replaced);
      const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expressions(v, values)]));
      results[step.name!] = await bash(o.script, dir, { ...env, ...stepEnv });
    }
    expect(replaced).toEqual(['npm install -g vet-applicants --allow-scripts=better-sqlite3', 'vet lists update']);
    expect(results['Install vet']).toMatchObject({ code: 0 });
    expect(results['Update the sanctions list']).toMatchObject({ code: 0 });
    const doctor = results['Check what the run relies on']!;
    expect(doctor.stdout).toContain('Everything a run relies on is in place.');
    expect(doctor.stdout).toMatch(/ok\s+ledger\s+postgres:\/\/vet@127\.0\.0\.1:\d+\/vet_example_github: reachable, schema current, key matches/);
    expect(doctor.stdout).toMatch(/ok\s+audit\s+postgres:/);
    expect(doctor.code).toBe(0);
    // generic.csv holds applicants at high and above: the step fails, as a gate should.
    const vetted = results['Vet the applicants']!;
    expect(vetted.code).toBe(1);
    expect(vetted.stdout).toMatch(/applicants vetted/);
    expect(vetted.stderr).toMatch(/^::error file=exports\/applicants.csv,line=\d+,title=vet%3A applicant /m);
    expect(readFileSync(summary, 'utf8')).toMatch(/^### vet: \d+ applicants vetted, \d+ needs? review/);
    // What the action steps pick up is there.
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    for (const path of upload.with!.path!.trim().split('\n')) expect(existsSync(join(dir, path.trim()))).toBe(true);
    const junit = job.steps.find((s) => s.uses?.startsWith('mikepenz/action-junit-report'))!;
    await junitValid(join(dir, junit.with!.report_paths!));
    const cache = job.steps.find((s) => s.uses?.startsWith('actions/cache'))!;
    expect(existsSync(expressions(cache.with!.path!, values))).toBe(true);
    // The run went to the team's database: its ledger and its audit trail.
    const pg = (await import('pg')).default;
    const c = new pg.Client(url);
    await c.connect();
    const applicants = await c.query('SELECT count(*)::int AS n FROM vet_applicants');
    const audit = await c.query('SELECT count(*)::int AS n FROM vet_audit');
    await c.end();
    expect(applicants.rows[0].n).toBeGreaterThan(0);
    expect(audit.rows[0].n).toBe(1);
  }, 300_000);
});

describe('examples/gitlab-ci.yml', () => {
  it('runs before_script and script: lists, doctor, vet with the team ledger from CI/CD variables, and the JUnit report', async () => {
    if (!cluster) return console.warn(`skipped: ${reason}`);
    const url = await teamDatabaseOf('vet_example_gitlab');
    const dir = workspace();
    const pipeline = parse(readFileSync(join(ROOT, 'examples/gitlab-ci.yml'), 'utf8')) as Record<
      string,
      {
        variables: Record<string, string>;
        cache: { paths: string[] };
        before_script: string[];
        script: string[];
        artifacts: { paths: string[]; reports: { junit: string } };
      }
    >;
    const job = pipeline['vet-applicants']!;
    const env: Record<string, string> = { CI_PROJECT_DIR: dir, VET_LEDGER: url, VET_LEDGER_KEY: KEY, SOURCE_DATE_EPOCH: EPOCH, VET_AUDIT: 'off' };
    // GitLab expands $VARIABLES inside variables.
    for (const [k, v] of Object.entries(job.variables)) env[k] = v.replace(/\$(\w+)/g, (_, name: string) => env[name] ?? '');
    const replaced: string[] = [];
    const codes: number[] = [];
    let last = { code: 0, stdout: '', stderr: '' };
    for (const line of [...job.before_script, ...job.script]) {
      const o = offline(line);
      replaced.push(...o.replaced);
      last = await bash(o.script, dir, env);
      codes.push(last.code);
    }
    expect(replaced).toEqual(['npm install -g vet-applicants --allow-scripts=better-sqlite3', 'vet lists update']);
    // Every before_script line passes (doctor included); the vet line fails the job on high applicants.
    expect(codes).toEqual([0, 0, 0, 0, 1]);
    expect(last.stdout).toMatch(/applicants vetted/);
    for (const path of job.artifacts.paths) expect(existsSync(join(dir, path))).toBe(true);
    await junitValid(join(dir, job.artifacts.reports.junit));
    for (const path of job.cache.paths) expect(existsSync(join(dir, path))).toBe(true);
  }, 300_000);
});

describe('examples/pre-hire-hook.mjs', () => {
  const hook = (body: string) =>
    new Promise<{ code: number; answer: Record<string, unknown> }>((resolve) => {
      const home = mkdtempSync(join(tmpdir(), 'vet-hook-'));
      const child = spawn(process.execPath, [join(ROOT, 'examples/pre-hire-hook.mjs')], {
        env: { PATH: `${shims}:${process.env.PATH}`, VET_HOME: home, VET_LEDGER: 'off', VET_AUDIT: 'off' },
      });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      child.on('close', (code) => resolve({ code: code ?? -1, answer: JSON.parse(out) as Record<string, unknown> }));
      child.stdin.end(body);
    });

  it("answers a Greenhouse webhook's candidate with the verdict, and no name, e-mail or phone", async () => {
    const body = readFileSync(join(FIXTURES, 'webhooks/greenhouse-application.json'), 'utf8');
    const held = await hook(body);
    expect(held.code).toBe(1);
    expect(held.answer).toMatchObject({ verdict: 'hold', applicant: 'greenhouse-800001', level: 'critical' });
    expect(held.answer.findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'phone-origin', message: 'northKorea' })]));
    for (const secret of ['John', 'Sample', 'john.sample', '381 2222', '85023812222']) expect(JSON.stringify(held.answer)).not.toContain(secret);
    const clear = await hook(readFileSync(join(FIXTURES, 'webhooks/greenhouse-stage-change-clear.json'), 'utf8'));
    expect(clear).toMatchObject({ code: 0, answer: { verdict: 'proceed', level: 'clear' } });
  });

  it('says it cannot decide on a body that is not JSON or not an applicant', async () => {
    expect(await hook('{"action": ')).toMatchObject({ code: 2, answer: { verdict: 'error' } });
    const wrong = await hook(JSON.stringify({ id: 'X-1', name: 'Typed Example', phone: 42 }));
    expect(wrong).toMatchObject({ code: 2, answer: { verdict: 'error' } });
    expect(String(wrong.answer.reason)).toMatch(/phone/);
  });
});
