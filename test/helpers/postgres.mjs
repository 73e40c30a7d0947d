import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A private PostgreSQL cluster for tests: Debian's postgresql package, initdb in a temporary folder,
// its own port on loopback only, trust authentication for a superuser "vet". A test that cannot
// start one skips locally with the reason and fails under CI=true (.ci/run installs the package).
// Plain JavaScript, so that the benches (test/bench/team-ledger.mjs) start one the same way.

/** A test CA and a server certificate it signs, made with openssl in `dir`; undefined without openssl. */
function makeCertificates(dir) {
  const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=vet test CA');
    openssl('req', '-x509', ...ec, '-keyout', 'other.key', '-out', 'other-ca.pem', '-days', '2', '-subj', '/CN=another CA');
    openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    openssl(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
      '-days',
      '2',
      '-extfile',
      'san.ext',
    );
    chmodSync(join(dir, 'server.key'), 0o600);
    return { ca: join(dir, 'ca.pem'), otherCa: join(dir, 'other-ca.pem'), cert: join(dir, 'server.crt'), key: join(dir, 'server.key') };
  } catch {
    return undefined;
  }
}

function binDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Runs a PostgreSQL binary, as the postgres user when this process is root (initdb refuses root). */
function asOwner(bin, args) {
  const root = process.getuid?.() === 0;
  const [cmd, argv] = root ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin.split('/').pop()} failed: ${(r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' ')}`);
}

/** Starts the cluster; its types are in postgres.d.mts. */
export async function startCluster() {
  const bin = binDir();
  if (!bin) return { reason: 'PostgreSQL is not installed (initdb not found under /usr/lib/postgresql; apt-get install -y postgresql)' };
  const dir = mkdtempSync(join(tmpdir(), 'vet-pg-'));
  try {
    chmodSync(dir, 0o700);
    const certs = makeCertificates(dir);
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
      if (certs) for (const f of [certs.cert, certs.key]) chownSync(f, uid, gid);
    }
    const data = join(dir, 'data');
    asOwner(join(bin, 'initdb'), ['-D', data, '-U', 'vet', '--auth=trust', '-E', 'UTF8', '--no-sync', '-A', 'trust']);
    const tlsOptions = certs ? ` -c ssl=on -c ssl_cert_file=${certs.cert} -c ssl_key_file=${certs.key}` : '';
    if (certs) {
      const hba = join(data, 'pg_hba.conf');
      writeFileSync(hba, `hostnossl vet_tls all 127.0.0.1/32 reject\n${readFileSync(hba, 'utf8')}`);
    }
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
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40${tlsOptions}`,
      'start',
    ]);
    asOwner(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'vet', 'vet']);
    const stop = () => {
      try {
        asOwner(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    };
    return {
      cluster: { url: `postgres://vet@127.0.0.1:${port}/vet`, ...(certs ? { tls: { ca: certs.ca, otherCa: certs.otherCa } } : {}), stop },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { reason: `a PostgreSQL cluster could not start: ${e.message}` };
  }
}
