import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A private PostgreSQL cluster for tests: Debian's postgresql package, initdb in a temporary folder,
// its own port on loopback only, trust authentication for a superuser "vet". A test that cannot
// start one skips locally with the reason and fails under CI=true (.ci/run installs the package).

export interface Cluster {
  url: string;
  stop(): void;
}

function binDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Runs a PostgreSQL binary, as the postgres user when this process is root (initdb refuses root). */
function asOwner(bin: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  const [cmd, argv] = root ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin.split('/').pop()} failed: ${(r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' ')}`);
}

export async function startCluster(): Promise<{ cluster?: Cluster; reason?: string }> {
  const bin = binDir();
  if (!bin) return { reason: 'PostgreSQL is not installed (initdb not found under /usr/lib/postgresql; apt-get install -y postgresql)' };
  const dir = mkdtempSync(join(tmpdir(), 'vet-pg-'));
  try {
    chmodSync(dir, 0o700);
    if (process.getuid?.() === 0) {
      const ids = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
      const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
      chownSync(dir, Number(ids), Number(gid));
    }
    const data = join(dir, 'data');
    asOwner(join(bin, 'initdb'), ['-D', data, '-U', 'vet', '--auth=trust', '-E', 'UTF8', '--no-sync', '-A', 'trust']);
    const port = await freePort();
    asOwner(join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`,
      'start',
    ]);
    asOwner(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'vet', 'vet']);
    const stop = (): void => {
      try {
        asOwner(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    };
    return { cluster: { url: `postgres://vet@127.0.0.1:${port}/vet`, stop } };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { reason: `a PostgreSQL cluster could not start: ${(e as Error).message}` };
  }
}
