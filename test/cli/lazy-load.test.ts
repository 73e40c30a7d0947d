import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FIXTURES } from '../helpers/collect.js';
import { EMPTY_HOME } from '../helpers/home.js';

const exec = promisify(execFile);
const bin = new URL('../../bin/vet.js', import.meta.url).pathname;

// A module hook that names every vet module the process loads, on stderr.
const hook = join(mkdtempSync(join(tmpdir(), 'vet-lazy-')), 'hook.mjs');
writeFileSync(
  hook,
  `import { register } from 'node:module';
register('data:text/javascript,export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.includes("/dist/")) process._rawDebug("LOADED " + r.url.split("/dist/")[1]); return r; }');`,
);

// The modules as tsc built them: the bundle (dist/vet.bundle.js) keeps their graph, initialising
// a module reached only through a dynamic import when it is imported, and the files it reads are
// tested below.
async function loaded(args: string[], input: string[] = [join(FIXTURES, 'applicants', 'clean.json')]): Promise<Set<string>> {
  const r = await exec(process.execPath, ['--import', hook, bin, ...input, ...args], {
    env: { ...process.env, VET_HOME: EMPTY_HOME, VET_LEDGER: 'off', VET_UNBUNDLED: '1' },
  });
  return new Set([...r.stderr.matchAll(/^LOADED (\S+)$/gm)].map((m) => m[1]!));
}

// A preload that names every file the process opens or reads through node:fs, on stderr; synced
// into the ES module bindings, so that the bundle's imports of node:fs see it.
const reads = join(mkdtempSync(join(tmpdir(), 'vet-reads-')), 'reads.mjs');
writeFileSync(
  reads,
  `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
for (const name of ['readFileSync', 'openSync', 'createReadStream']) {
  const original = fs[name];
  fs[name] = function (path, ...rest) { if (typeof path === 'string') process._rawDebug('READ ' + path); return original.call(this, path, ...rest); };
}
syncBuiltinESMExports();`,
);

/** The data files the bundled command reads, by what they are. */
async function dataRead(home: string, args: string[]): Promise<string[]> {
  // An applicant with an address the IP data knows (the documentation ranges need none).
  const r = await exec(process.execPath, ['--import', reads, bin, join(FIXTURES, 'applicants', 'flagged.json'), '--fail-on', 'none', ...args], {
    env: { ...process.env, VET_HOME: home },
  });
  const files = [...r.stderr.matchAll(/^READ (.+)$/gm)].map((m) => m[1]!);
  const kinds: [string, RegExp][] = [
    ['sanctions index', /\/index\.bin$/],
    ['IP databases', /\.mmdb$/],
    ['ASN pack', /\/asn\.v8$/],
    ['e-mail domains', /\/disposable-domains\.txt$/],
    ['ledger key', /\/ledger\.key$/],
  ];
  return kinds.filter(([, pattern]) => files.some((f) => pattern.test(f))).map(([kind]) => kind);
}

const DATA = ['sources/ip/index.js', 'sources/sanctions/index.js', 'sources/sanctions/store.js', 'sources/email.js', 'sources/ledger.js'];

describe('lazy loading', () => {
  it('loads no IP, sanctions, e-mail or ledger data for --rules phone-origin, and all of it for every rule', async () => {
    const phoneOnly = await loaded(['--rules', 'phone-origin']);
    expect(phoneOnly.has('sources/phone.js')).toBe(true);
    expect(DATA.filter((m) => phoneOnly.has(m))).toEqual([]);
    const every = await loaded([]);
    expect(DATA.filter((m) => every.has(m))).toEqual(DATA);
  }, 30_000);

  it('reads, in the bundled command, no data a run with --rules phone-origin does not use, and all of it with every rule', async () => {
    const home = mkdtempSync(join(tmpdir(), 'vet-home-'));
    await exec(process.execPath, [bin, 'lists', 'import', join(FIXTURES, 'ofac')], { env: { ...process.env, VET_HOME: home } });
    expect(await dataRead(home, ['--rules', 'phone-origin', '--no-ledger'])).toEqual([]);
    expect(await dataRead(home, [])).toEqual(['sanctions index', 'IP databases', 'ASN pack', 'e-mail domains', 'ledger key']);
  }, 30_000);

  it('loads neither the readers, the rules nor libphonenumber for --version or --help', async () => {
    for (const args of [['--version'], ['--help']]) {
      const modules = await loaded(args, []);
      expect(modules.has('cli/run.js')).toBe(true);
      expect(
        [...modules].filter(
          (m) =>
            /^(input\/(normalise|read|csv)|keys\/|rules\/|engine\/pipeline|sources\/)/.test(m) &&
            m !== 'sources/home.js' &&
            m !== 'sources/ledger-store.js' &&
            !m.startsWith('sources/sanctions/files'),
        ),
      ).toEqual([]);
    }
  }, 30_000);
});
