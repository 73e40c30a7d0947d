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

async function loaded(args: string[], input: string[] = [join(FIXTURES, 'applicants', 'clean.json')]): Promise<Set<string>> {
  const r = await exec(process.execPath, ['--import', hook, bin, ...input, ...args], {
    env: { ...process.env, VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' },
  });
  return new Set([...r.stderr.matchAll(/^LOADED (\S+)$/gm)].map((m) => m[1]!));
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
