import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMPTY_HOME } from '../helpers/home.js';

const bin = new URL('../../bin/vet.js', import.meta.url).pathname;

// Large enough that the run is still reading when its temporary directories appear.
const cwd = mkdtempSync(join(tmpdir(), 'vet-signal-'));
const rows = Array.from(
  { length: 200_000 },
  (_, i) => `S-${i},Person Number${i},+1 415 ${String(200 + (i % 700)).padStart(3, '0')} ${String(i % 10_000).padStart(4, '0')}`,
);
writeFileSync(join(cwd, 'big.csv'), ['Candidate ID,Full Name,Mobile', ...rows].join('\n'));

describe('an interrupted run', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'removes its temporary files on %s and exits %i',
    async (signal, code) => {
      const tmp = mkdtempSync(join(tmpdir(), 'vet-signal-tmp-'));
      const child = spawn(process.execPath, [bin, 'big.csv', '-f', 'ndjson', '-q', '--rules', 'phone-origin,identity-reuse'], {
        cwd,
        env: { ...process.env, VET_HOME: EMPTY_HOME, VET_LEDGER: 'off', TMPDIR: tmp },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      // Waits until the run has written results and identifiers to disk.
      const deadline = Date.now() + 30_000;
      while (readdirSync(tmp).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(readdirSync(tmp).length).toBeGreaterThanOrEqual(2);
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(readdirSync(tmp)).toEqual([]);
      // Ctrl-C stops reading and writes what was read, and says so; SIGTERM stops at once, silently.
      if (signal === 'SIGINT')
        expect(stderr).toMatch(/stopping after the current record[\s\S]*interrupted after [\d,]+ records?: this report covers those only/);
      else expect(stderr).toBe('');
    },
    60_000,
  );
});
