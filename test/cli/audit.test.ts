import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { run } from '../../src/cli/run.js';
import { FIXTURES } from '../helpers/collect.js';

const APPLICANTS = join(FIXTURES, 'applicants');
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function freshHome(): { home: string; env: Record<string, string> } {
  const home = mkdtempSync(join(tmpdir(), 'vet-audit-'));
  return { home, env: { VET_HOME: home, VET_LEDGER: 'off' } };
}

/** A home with three runs recorded: clean (exit 0), flagged (exit 1), clean again from standard input. */
async function threeRuns(): Promise<{ home: string; env: Record<string, string>; lines: string[] }> {
  const { home, env } = freshHome();
  expect((await run(['clean.json'], { env, cwd: APPLICANTS })).exitCode).toBe(0);
  expect((await run(['flagged.json'], { env, cwd: APPLICANTS })).exitCode).toBe(1);
  const stdin = Readable.from([readFileSync(join(APPLICANTS, 'clean.json'))]);
  expect((await run(['-'], { env, cwd: APPLICANTS, stdin })).exitCode).toBe(0);
  return { home, env, lines: readFileSync(join(home, 'audit.log'), 'utf8').trimEnd().split('\n') };
}

describe('the audit trail', () => {
  it('records every run: inputs with their SHA-256, rules, data versions, counts and exit code, and no applicant data', async () => {
    const { home, env, lines } = await threeRuns();
    const records = lines.map((l) => JSON.parse(l));
    expect(records.map((r) => [r.seq, r.exitCode, r.counts.applicants])).toEqual([
      [1, 0, 1],
      [2, 1, 1],
      [3, 0, 1],
    ]);
    expect(records[0].inputs).toEqual([
      { name: 'clean.json', sha256: sha256(join(APPLICANTS, 'clean.json')), bytes: readFileSync(join(APPLICANTS, 'clean.json')).length },
    ]);
    expect(records[2].inputs[0]).toMatchObject({ name: '<stdin>', sha256: records[0].inputs[0].sha256 });
    expect(records[1].counts.byLevel.critical).toBe(1);
    expect(records[1].rules.map((r: { id: string }) => r.id)).toContain('sdn-alias-match');
    expect(records[1].sources.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['sanctions', 'libphonenumber']));
    expect(records[1].prev).toBe(records[0].hash);
    const log = readFileSync(join(home, 'audit.log'), 'utf8');
    for (const pii of ['John Sample', 'john.sample@example.net', '+850 2 381 2222', 'Relay Road', '198.51.100.23', 'A-2001']) expect(log).not.toContain(pii);

    const listed = await run(['audit'], { env });
    expect(listed.stdout.split('\n').filter(Boolean)).toHaveLength(3);
    expect(listed.stdout).toMatch(/^#2 .* exit 1 {2}1 applicant \(critical 1\) {2}flagged\.json \(sha256 [0-9a-f]{12}…\)$/m);
    expect(JSON.parse((await run(['audit', '--last', '1', '-f', 'json'], { env })).stdout).map((r: { seq: number }) => r.seq)).toEqual([3]);
    const bad = await run(['audit', '--last', 'abc'], { env });
    expect([bad.exitCode, bad.stderr]).toEqual([
      2,
      expect.stringMatching(/^vet: option '--last <n>' argument 'abc' is invalid\. expected a positive whole number\.\n/),
    ]);
    const verified = await run(['audit', 'verify'], { env });
    expect(verified.exitCode).toBe(0);
    expect(verified.stdout).toContain(`3 records, chain intact; newest record #3, sha256 ${records[2].hash}`);
  });

  it('digests a file vet stopped reading part way (not text) whole, and each input once', async () => {
    const { home, env } = freshHome();
    const dir = mkdtempSync(join(tmpdir(), 'vet-audit-in-'));
    // Larger than one read (256 KiB): reading stops after the first chunk shows it is binary.
    const binary = Buffer.alloc(600_000, 0);
    binary.write('end', 599_000);
    writeFileSync(join(dir, 'photo.json'), binary);
    writeFileSync(join(dir, 'a.json'), readFileSync(join(APPLICANTS, 'clean.json')));
    // A file given twice is refused before anything is read (see outputs.test.ts): nothing to record.
    expect((await run(['a.json', 'a.json'], { env, cwd: dir })).exitCode).toBe(2);
    const r = await run(['photo.json', 'a.json'], { env, cwd: dir });
    expect(r.exitCode).toBe(2);
    const [record] = readFileSync(join(home, 'audit.log'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(record.inputs).toEqual([
      { name: 'photo.json', sha256: createHash('sha256').update(binary).digest('hex'), bytes: 600_000 },
      { name: 'a.json', sha256: sha256(join(dir, 'a.json')), bytes: readFileSync(join(dir, 'a.json')).length },
    ]);
  });

  it.each([
    [
      'an edited record',
      (lines: string[]) => lines.map((l, i) => (i === 1 ? l.replace('"exitCode":1', '"exitCode":0') : l)),
      /line 2: record 2 does not match its hash \(it was edited\)/,
    ],
    ['a removed record', (lines: string[]) => lines.filter((_, i) => i !== 1), /line 2: record 3 follows record 1 \(records removed\)/],
    [
      'the newest record removed',
      (lines: string[]) => lines.slice(0, 2),
      /audit\.head names record 3, the log ends at record 2 \(the newest records were removed\)/,
    ],
    ['a line cut short', (lines: string[]) => lines.map((l, i) => (i === 0 ? l.slice(0, 40) : l)), /line 1: not a record/],
    [
      'a record rehashed after an edit',
      (lines: string[]) => {
        const r = JSON.parse(lines[0]!);
        r.counts.applicants = 0;
        const { hash: _, ...rest } = r;
        r.hash = createHash('sha256').update(JSON.stringify(rest)).digest('hex');
        return [JSON.stringify(r), ...lines.slice(1)];
      },
      /line 2: record 2 does not hold the hash of the record before it/,
    ],
  ])('vet audit verify detects %s and exits 1', async (_, tamper, problem) => {
    const { home, env, lines } = await threeRuns();
    writeFileSync(join(home, 'audit.log'), `${tamper(lines).join('\n')}\n`);
    const r = await run(['audit', 'verify'], { env });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/chain BROKEN/);
    expect(r.stderr).toMatch(problem);
  });

  it('waits for another run holding the log, and takes over a lock left by a killed run', async () => {
    const { home, env } = freshHome();
    const bin = new URL('../../bin/vet.js', import.meta.url).pathname;
    const exec = promisify(execFile);
    const lock = join(home, 'audit.lock');
    writeFileSync(lock, '');
    const waiting = exec(process.execPath, [bin, 'clean.json'], { env: { ...process.env, ...env }, cwd: APPLICANTS });
    await new Promise((r) => setTimeout(r, 1500));
    // The run is done vetting by now, but it may not append while the lock is held.
    expect(existsSync(join(home, 'audit.log'))).toBe(false);
    rmSync(lock);
    await waiting;
    expect(readFileSync(join(home, 'audit.log'), 'utf8').trimEnd().split('\n')).toHaveLength(1);

    writeFileSync(lock, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const r = await exec(process.execPath, [bin, 'clean.json'], { env: { ...process.env, ...env }, cwd: APPLICANTS });
    expect(r.stderr).toBe('');
    expect((await run(['audit', 'verify'], { env })).stdout).toMatch(/2 records, chain intact/);
    expect(existsSync(lock)).toBe(false);
  }, 30_000);

  it('keeps its files private and writes nothing with VET_AUDIT=off', async () => {
    const { home } = await threeRuns();
    const { statSync } = await import('node:fs');
    for (const f of ['audit.log', 'audit.head']) expect(statSync(join(home, f)).mode & 0o777).toBe(0o600);
    const off = freshHome();
    await run(['clean.json'], { env: { ...off.env, VET_AUDIT: 'off' }, cwd: APPLICANTS });
    expect(readdirSync(off.home).filter((f) => f.startsWith('audit'))).toEqual([]);
    expect((await run(['audit'], { env: off.env })).stdout).toBe('no runs recorded yet\n');
  });
});
