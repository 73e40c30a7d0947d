import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { formatDuration, progressText } from '../../src/cli/progress.js';
import { run } from '../../src/cli/run.js';
import { FIXTURES } from '../helpers/collect.js';
import { RULES } from '../../src/rules/index.js';
import { EMPTY_HOME } from '../helpers/home.js';

const require = createRequire(import.meta.url);
const ROOT = new URL('../../', import.meta.url).pathname;
const vet = (argv: string[], io = {}) => run(argv, { cwd: FIXTURES, env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' }, ...io });

describe('vet (in-process)', () => {
  it('exits 0 for a clean applicant', async () => {
    const r = await vet(['applicants/clean.json']);
    expect(r).toMatchObject({ exitCode: 0, stderr: '' });
    expect(r.stdout).toContain('1 applicant vetted: critical 0, high 0, medium 0, low 0, clear 1');
  });

  it('exits 1 when an applicant reaches --fail-on', async () => {
    const r = await vet(['applicants/flagged.json']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('CRITICAL A-2001');
  });

  it('moves the gate with --fail-on', async () => {
    expect((await vet(['applicants/batch.json', '--fail-on', 'none'])).exitCode).toBe(0);
    expect((await vet(['fixtures-free.json', '--fail-on', 'loud'])).exitCode).toBe(2);
    expect((await vet(['csv/generic.csv', '--fail-on', 'critical'])).exitCode).toBe(0);
    expect((await vet(['csv/generic.csv', '--fail-on', 'high'])).exitCode).toBe(1);
  });

  it('reports the good rows beside rejected ones: --fail-on decides (1), else the rejected rows do (2)', async () => {
    expect((await vet(['broken/broken-quote.csv', '--fail-on', 'none'])).exitCode).toBe(2);
    const r = await vet(['broken/broken-quote.csv', '--format', 'json']);
    expect(r.exitCode).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ applicants: 2, rejected: 1 });
    expect(report.applicants[1].level).toBe('critical');
    expect(r.stderr).toBe('vet: broken/broken-quote.csv:3: column "Email": text after the closing quote of a quoted field\n');
  });

  it.each([
    [[], /no input/],
    [['--format', 'xml', 'applicants/clean.json'], /argument 'xml' is invalid/],
    [['--bogus', 'applicants/clean.json'], /unknown option '--bogus'/],
    [['--rules', 'nope', 'applicants/clean.json'], /unknown rule "nope"/],
    [['--map', 'phonez=Cell', 'csv/generic.csv'], /unknown field "phonez" \(did you mean "phones?"\?\)/],
    [['--map', 'constructor=Name', 'csv/generic.csv'], /unknown field "constructor"/],
    [['--output', '/nonexistent-dir/out.json', 'applicants/clean.json'], /--output \/nonexistent-dir\/out.json: cannot write \(ENOENT\)/],
    [['--config', 'missing.json', 'applicants/clean.json'], /missing.json: no such file/],
    [['--delimiter', 'ab', 'csv/generic.csv'], /--delimiter must be one character/],
  ])('exits 2 with one line for %j', async (argv, message) => {
    const r = await vet(argv);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("reports a failure that is not the input's fault as a bug, without a stack trace", async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('device went away'));
      },
    });
    const r = await vet(['-'], { stdin: failing });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^vet: Unexpected error: device went away\nvet \d+\.\d+\.\d+ on Node v\d+/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reads standard input', async () => {
    const text = readFileSync(join(FIXTURES, 'applicants/batch.ndjson'), 'utf8');
    const r = await vet(['-', '--format', 'ndjson'], { stdin: Readable.from([text]) });
    expect(r.exitCode).toBe(1);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(4);
  });

  it('honours --rules, --map, --delimiter and --input-format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vet-cli-'));
    writeFileSync(join(dir, 'export.txt'), 'Who|Cell #|Where\nKim Example|+850 2 381 2222|US\n');
    const r = await run(
      [
        'export.txt',
        '--input-format',
        'csv',
        '--delimiter',
        'pipe',
        '--map',
        'name=Who',
        '--map',
        'phones=Cell #',
        '--map',
        'location.country=Where',
        '--format',
        'json',
        '--rules',
        'phone-origin',
      ],
      { cwd: dir, env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' } },
    );
    const report = JSON.parse(r.stdout);
    expect(report.applicants[0]).toMatchObject({ name: 'Kim Example', level: 'critical' });
    expect(report.applicants[0].findings[0].evidence[0]).toMatchObject({ column: 'Cell #' });
    expect(report.rules).toEqual([{ id: 'phone-origin', status: 'stable' }]);
  });

  it('reads vet.config.json from the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vet-cli-'));
    writeFileSync(join(dir, 'vet.config.json'), JSON.stringify({ rules: Object.fromEntries(RULES.map((rule) => [rule.meta.id, 'off'])) }));
    writeFileSync(join(dir, 'a.json'), readFileSync(join(FIXTURES, 'applicants/flagged.json')));
    const r = await run(['a.json', '--format', 'json'], { cwd: dir, env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' } });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).rules).toEqual([]);
    writeFileSync(join(dir, 'vet.config.json'), JSON.stringify({ rulez: {} }));
    const bad = await run(['a.json'], { cwd: dir, env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' } });
    expect(bad).toMatchObject({ exitCode: 2, stdout: '' });
    expect(bad.stderr).toMatch(/vet.config.json: unknown key "rulez" in the config \(did you mean "rules"\?\)/);
  });

  it('writes --output, with the short summary on standard output (none with --quiet)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vet-cli-'));
    const r = await vet(['applicants/flagged.json', '--format', 'csv', '--output', join(dir, 'out.csv')]);
    expect(r.stdout).toMatch(/^1 applicant vetted: critical 1/);
    expect(r.stdout).toContain(`Written: ${join(dir, 'out.csv')} (csv)`);
    expect(r.stdout).not.toContain('A-2001');
    expect((await vet(['applicants/flagged.json', '--quiet', '-o', join(dir, 'again.csv')])).stdout).toBe('');
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toMatch(/^\uFEFFid,name,file/);
  });

  it('streams the report to a slow standard output whole, and stops quietly when the reader goes away', async () => {
    const { Writable } = require('node:stream') as typeof import('node:stream');
    const rows = [
      'Candidate ID,Full Name,Mobile',
      ...Array.from({ length: 3000 }, (_, i) => `S-${i},Person Number${i},+1 415 555 ${String(i).padStart(4, '0')}`),
    ].join('\n');
    const cwd = mkdtempSync(join(tmpdir(), 'vet-stream-'));
    writeFileSync(join(cwd, 'big.csv'), rows);
    const argv = ['big.csv', '-f', 'json', '--rules', 'phone-origin'];
    const env = { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off', SOURCE_DATE_EPOCH: '1767225600' };
    const whole = await run(argv, { cwd, env });
    // A reader slower than vet: every write waits, and the small buffer fills.
    let written = '';
    const slow = new Writable({ highWaterMark: 1024, write: (chunk, _e, done) => void setTimeout(() => ((written += String(chunk)), done()), 1) });
    const streamed = await run(argv, { cwd, env, stdoutStream: slow });
    expect(streamed).toMatchObject({ exitCode: 0, stdout: '' });
    expect(written).toBe(whole.stdout);
    // "vet big.csv | head": the pipe closes after the first piece.
    const closing = new Writable({ write: (_c, _e, done) => done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })) });
    const cut = await run(argv, { cwd, env, stdoutStream: closing });
    expect(cut).toMatchObject({ exitCode: 0, stderr: '' });
  });

  it('colours text only on a terminal without NO_COLOR or --no-color', async () => {
    const ansi = /\u001b\[/;
    expect((await vet(['applicants/flagged.json'], { stdoutIsTTY: true })).stdout).toMatch(ansi);
    expect((await vet(['applicants/flagged.json'], { stdoutIsTTY: true, env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off', NO_COLOR: '1' } })).stdout).not.toMatch(
      ansi,
    );
    expect((await vet(['applicants/flagged.json', '--no-color'], { stdoutIsTTY: true })).stdout).not.toMatch(ansi);
    expect((await vet(['applicants/flagged.json'])).stdout).not.toMatch(ansi);
  });

  it('fixes generatedAt with SOURCE_DATE_EPOCH', async () => {
    const r = await vet(['applicants/clean.json', '-f', 'json'], { env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off', SOURCE_DATE_EPOCH: '1767225600' } });
    expect(JSON.parse(r.stdout).generatedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('documents every option and the exit status in --help', async () => {
    const r = await vet(['--help']);
    expect(r.exitCode).toBe(0);
    for (const flag of ['--format', '--output', '--fail-on', '--config', '--rules', '--input-format', '--map', '--delimiter', '--no-color', '--version']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toMatch(
      /Exit status \(the first line that applies\):\n\s+130 [^]*\n\s+2 .*nothing to vet[^]*\n\s+1 .*--fail-on[^]*\n\s+2 .*input errors[^]*\n\s+0 /,
    );
  });

  it('prints the version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(await vet(['--version'])).toEqual({ exitCode: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('lists the rules', async () => {
    const text = await vet(['rules']);
    expect(text.stdout).toContain('phone-origin  (stable, default medium)');
    const json = JSON.parse((await vet(['rules', '--format', 'json'])).stdout);
    expect(json[0]).toMatchObject({ id: 'phone-origin', docs: 'docs/rules/phone-origin.md', messages: expect.arrayContaining(['northKorea']) });
  });
});

describe('bin/vet.js', () => {
  it('runs as a process with the same exit codes and output', async () => {
    const bin = join(ROOT, 'bin/vet.js');
    const exec = promisify(execFile);
    const ok = await exec(process.execPath, [bin, 'applicants/clean.json', '--format', 'json'], {
      cwd: FIXTURES,
      env: { ...process.env, VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' },
    });
    expect(JSON.parse(ok.stdout).summary.applicants).toBe(1);
    const failed = await exec(process.execPath, [bin, 'applicants/flagged.json'], {
      cwd: FIXTURES,
      env: { ...process.env, VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' },
    }).catch((e: { code: number; stdout: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    const broken = await exec(process.execPath, [bin, 'broken/wrong-type.json'], {
      cwd: FIXTURES,
      env: { ...process.env, VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(broken).toMatchObject({ code: 2, stderr: expect.stringContaining('broken/wrong-type.json:4:12: field /phone') });
  });
});

describe('progress', () => {
  const { Writable } = require('node:stream') as typeof import('node:stream');
  const many = Array.from({ length: 2500 }, (_, i) => JSON.stringify({ id: `P-${i}`, phone: '+1 415 555 0100', location: { country: 'US' } })).join('\n');

  function fakeStderr(isTTY: boolean) {
    let written = '';
    const stream = Object.assign(
      new Writable({
        write(chunk, _enc, done) {
          written += String(chunk);
          done();
        },
      }),
      // What a terminal stream has beyond Writable; a stream without them is tested below.
      { isTTY, columns: 80, cursorTo: () => true, clearLine: () => true, moveCursor: () => true },
    );
    return { stream, written: () => written };
  }

  it('shows rows read, vetted and flagged and the rate on a terminal for a large batch, and the time left for a file', async () => {
    const err = fakeStderr(true);
    // One in ten with a North Korean number: flagged by phone-origin as it is read.
    const mixed = many
      .split('\n')
      .map((line, i) => (i % 10 === 0 ? line.replace('+1 415 555 0100', '+850 2 381 2222') : line))
      .join('\n');
    const r = await vet(['-', '-f', 'json', '--rules', 'phone-origin,identity-reuse', '--no-ledger'], {
      stdin: Readable.from([mixed]),
      stderrStream: err.stream,
    });
    expect(JSON.parse(r.stdout).summary.applicants).toBe(2500);
    // The first count once 1,000 are read (every 64th record is looked at), the last when writing.
    expect(err.written()).toMatch(/read 1,024 rows, vetted 1,024, flagged 103, [\d,]+\/s/);
    expect(err.written()).toMatch(/read 2,500 rows, vetted 2,500, flagged 250, [\d,]+\/s; comparing applicants/);
    expect(err.written()).not.toContain('ETA'); // standard input has no size
    expect(r.stderr).toBe('');

    const file = join(mkdtempSync(join(tmpdir(), 'vet-progress-')), 'many.ndjson');
    writeFileSync(file, mixed);
    const fromFile = fakeStderr(true);
    await vet([file, '-f', 'json', '--rules', 'phone-origin'], { stderrStream: fromFile.stream });
    expect(fromFile.written()).toMatch(/read 1,024 rows, .*\/s, \d+%, ETA \d+s/);
  });

  it('says how long is left from the share of the input read', () => {
    expect(progressText({ read: 250_000, vetted: 249_990, flagged: 12_000 }, 20_000, { read: 25e6, total: 100e6 })).toBe(
      'read 250,000 rows, vetted 249,990, flagged 12,000, 12,500/s, 25%, ETA 1m 00s',
    );
    expect(progressText({ read: 10, vetted: 10, flagged: 0 }, 1000, undefined)).toBe('read 10 rows, vetted 10, flagged 0, 10/s');
    expect([formatDuration(59.4), formatDuration(3600 * 2 + 61), formatDuration(NaN)]).toEqual(['59s', '2h 01m', '?']);
  });

  it('stays silent with --quiet, even on a terminal', async () => {
    const err = fakeStderr(true);
    const r = await vet(['-', '-f', 'json', '--quiet'], { stdin: Readable.from([many]), stderrStream: err.stream });
    expect(JSON.parse(r.stdout).summary.applicants).toBe(2500);
    expect(err.written()).toBe('');
  });

  it('never fails the run when the terminal cannot show progress', async () => {
    const broken = Object.assign(new Writable({ write: (_c, _e, done) => done() }), { isTTY: true });
    const r = await vet(['-', '-f', 'json'], { stdin: Readable.from([many]), stderrStream: broken });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).summary.applicants).toBe(2500);
  });

  it('stays silent when stderr is not a terminal', async () => {
    const err = fakeStderr(false);
    await vet(['-', '-f', 'json'], { stdin: Readable.from([many]), stderrStream: err.stream });
    expect(err.written()).toBe('');
  });
});
