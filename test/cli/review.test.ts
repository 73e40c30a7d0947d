import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { run } from '../../src/cli/run.js';
import type { Finding, Report } from '../../src/engine/report.js';
import { FIXTURES } from '../helpers/collect.js';

// Every decision path of `vet review`, through the CLI as a reviewer uses it, on a ledger in a
// fresh home. Each test writes its own export: no id column, so ids are file:line positions and a
// decision must follow the person (e-mail, phone), not the row.

const HEADER = 'name,email,phone,city,country';
const ANN = 'Ann Example,ann@example.com,+44 7911 123456,Boston,US';
const BOB = 'Bob Example,bob@example.com,+1 617 555 0101,Boston,US';
const DAY = 86_400;
const T0 = 1_790_000_000; // 2026-09-21

function setup(): { dir: string; vet: (argv: string[], at?: number) => Promise<{ exitCode: number; stdout: string; stderr: string }> } {
  const dir = mkdtempSync(join(tmpdir(), 'vet-review-'));
  const env = { VET_HOME: join(dir, 'home') };
  return {
    dir,
    vet: (argv, at = T0) => run(argv, { cwd: dir, env: { ...env, SOURCE_DATE_EPOCH: String(at) } }),
  };
}

function write(dir: string, name: string, rows: string[]): string {
  writeFileSync(join(dir, name), [HEADER, ...rows].join('\n') + '\n');
  return name;
}

async function report(vet: ReturnType<typeof setup>['vet'], file: string, at = T0, extra: string[] = []): Promise<{ report: Report; exitCode: number }> {
  const r = await vet([file, '-f', 'json', '--fail-on', 'medium', ...extra], at);
  return { report: JSON.parse(r.stdout) as Report, exitCode: r.exitCode };
}

function findingOf(r: Report, name: string): { id: string; finding: Finding; level: string; score: number } {
  const a = r.applicants.find((x) => x.name === name)!;
  const finding = a.findings.find((f) => f.rule === 'phone-origin')!;
  return { id: a.id, finding, level: a.level, score: a.score };
}

describe('vet review', () => {
  it('cleared: the finding adds no points on the next run and no longer trips --fail-on; the reason shows', async () => {
    const { dir, vet } = setup();
    const file = write(dir, 'export.csv', [ANN, BOB]);
    const first = await report(vet, file);
    expect(first.exitCode).toBe(1);
    const ann = findingOf(first.report, 'Ann Example');
    expect(ann.finding.id).toMatch(/^[0-9a-f]{12}$/);
    expect(ann.finding.nextStep).toMatch(/^Ask where the applicant lives/);
    const r = await vet([
      'review',
      ann.id,
      ann.finding.id.slice(0, 8),
      '--decision',
      'cleared',
      '--reason',
      'UK mobile kept after moving; confirmed on a video call',
      '--by',
      'alice',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^recorded d-[0-9a-f]{8}: finding [0-9a-f]{12} of applicant export\.csv:2 cleared by alice\n$/);
    const next = await report(vet, file, T0 + DAY);
    expect(next.exitCode).toBe(0);
    const again = findingOf(next.report, 'Ann Example');
    expect(again).toMatchObject({ level: 'clear', score: 0 });
    expect(again.finding).toMatchObject({
      id: ann.finding.id,
      points: 0,
      review: { status: 'decided', decision: 'cleared', by: 'alice', reason: 'UK mobile kept after moving; confirmed on a video call' },
    });
    expect(next.report.summary.byLevel.medium).toBe(0);
  });

  it('confirmed keeps the level; escalated makes it at least high', async () => {
    const { dir, vet } = setup();
    const file = write(dir, 'export.csv', [ANN]);
    const ann = findingOf((await report(vet, file)).report, 'Ann Example');
    await vet(['review', ann.id, ann.finding.id, '--decision', 'confirmed', '--reason', 'number confirmed foreign']);
    let f = findingOf((await report(vet, file)).report, 'Ann Example');
    expect(f).toMatchObject({ level: 'medium', score: 25, finding: { level: 'medium', review: { decision: 'confirmed' } } });
    const list = JSON.parse((await vet(['review', 'list', '-f', 'json'])).stdout) as Array<{ id: string }>;
    await vet(['review', 'undo', list[0]!.id]);
    await vet(['review', ann.id, ann.finding.id, '--decision', 'escalated', '--reason', 'pattern with other applicants']);
    f = findingOf((await report(vet, file)).report, 'Ann Example');
    expect(f.finding).toMatchObject({ level: 'high', review: { decision: 'escalated' } });
    expect(['high', 'critical']).toContain(f.level);
  });

  it('an expired decision re-opens and says so', async () => {
    const { dir, vet } = setup();
    const file = write(dir, 'export.csv', [ANN]);
    const ann = findingOf((await report(vet, file)).report, 'Ann Example');
    await vet(['review', ann.id, ann.finding.id, '--decision', 'cleared', '--reason', 'ok for now', '--expires', '7d']);
    expect(findingOf((await report(vet, file, T0 + 6 * DAY)).report, 'Ann Example').finding.review?.status).toBe('decided');
    const late = await report(vet, file, T0 + 8 * DAY);
    const f = findingOf(late.report, 'Ann Example');
    expect(late.exitCode).toBe(1);
    expect(f.finding.points).toBe(25);
    expect(f.finding.review).toMatchObject({ status: 'reopened', decision: 'cleared' });
    expect(f.finding.review!.why).toMatch(/^the decision expired on 2026-09-28/);
  });

  it('re-opens when the matched value changes (another phone), and follows the person through a re-sorted export', async () => {
    const { dir, vet } = setup();
    const ann = findingOf((await report(vet, write(dir, 'monday.csv', [BOB, ANN]))).report, 'Ann Example');
    expect(ann.id).toBe('monday.csv:3');
    await vet(['review', ann.id, ann.finding.id, '--decision', 'cleared', '--reason', 'verified']);
    // Re-sorted, under another file name: Ann is row 2 now; the decision follows her e-mail and phone.
    const sorted = findingOf((await report(vet, write(dir, 'tuesday.csv', [ANN, BOB]))).report, 'Ann Example');
    expect(sorted.id).toBe('tuesday.csv:2');
    expect(sorted.finding.review).toMatchObject({ status: 'decided', decision: 'cleared' });
    // Another foreign number: the same question about another value.
    const changed = findingOf(
      (await report(vet, write(dir, 'wednesday.csv', ['Ann Example,ann@example.com,+33 6 12 34 56 78,Boston,US']))).report,
      'Ann Example',
    );
    expect(changed.finding.id).not.toBe(ann.finding.id);
    expect(changed.finding.points).toBe(25);
    expect(changed.finding.review).toMatchObject({ status: 'reopened', decision: 'cleared' });
    expect(changed.finding.review!.why).toMatch(/matched value changed/);
  });

  it('re-opens when vet lists update brings another version of the list entry (a new alias)', async () => {
    const { dir, vet } = setup();
    const ofac = join(dir, 'ofac');
    cpSync(join(FIXTURES, 'ofac'), ofac, { recursive: true });
    expect((await vet(['lists', 'import', ofac])).exitCode).toBe(0);
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ id: 'S-1', name: 'Song Kum Hyok', email: 'song@example.com' }));
    const sanctions = async (): Promise<Finding> =>
      (JSON.parse((await vet(['a.json', '-f', 'json'])).stdout) as Report).applicants[0]!.findings.find((f) => f.rule === 'sdn-alias-match')!;
    const before = await sanctions();
    expect(before.messageId).toBe('nameOnlyMatch');
    await vet(['review', 'S-1', before.id, '--decision', 'cleared', '--reason', 'passport: born 1995 in Seoul, not the listed person']);
    expect((await sanctions()).review).toMatchObject({ status: 'decided', decision: 'cleared' });
    // The next list adds an alias to the entry: the decision was made against another version of it.
    // OFAC's files end with an end-of-file mark (0x1A): the new line goes before it.
    const alt = readFileSync(join(ofac, 'ALT.CSV'), 'latin1').replace(/\x1a$/, '');
    writeFileSync(join(ofac, 'ALT.CSV'), `${alt}100,3,"aka","SONG, Kumhyok",-0- \r\n\x1a`, 'latin1');
    expect((await vet(['lists', 'import', ofac])).exitCode).toBe(0);
    const after = await sanctions();
    expect(after.id).toBe(before.id);
    expect(after.points).toBeGreaterThan(0);
    expect(after.review).toMatchObject({ status: 'reopened', decision: 'cleared' });
    expect(after.review!.why).toMatch(/list entry changed/);
  });

  it('never applies to a different person with the same name', async () => {
    const { dir, vet } = setup();
    const ann = findingOf((await report(vet, write(dir, 'a.csv', [ANN]))).report, 'Ann Example');
    await vet(['review', ann.id, ann.finding.id, '--decision', 'cleared', '--reason', 'verified']);
    const other = findingOf((await report(vet, write(dir, 'b.csv', ['Ann Example,ann.other@example.org,+44 7700 900123,Boston,US']))).report, 'Ann Example');
    expect(other.finding.review).toBeUndefined();
    expect(other.finding.points).toBeGreaterThan(0);
  });

  it('undo counts the finding again; every decision and undo is an audit record without applicant id or reason', async () => {
    const { dir, vet } = setup();
    const file = write(dir, 'export.csv', [ANN]);
    const ann = findingOf((await report(vet, file)).report, 'Ann Example');
    const made = await vet(['review', ann.id, ann.finding.id, '--decision', 'cleared', '--reason', 'secret words']);
    const id = /recorded (d-[0-9a-f]+)/.exec(made.stdout)![1]!;
    expect((await vet(['review', 'undo', id, '--by', 'bea'])).stdout).toContain(`undone ${id}`);
    expect((await vet(['review', 'undo', id])).exitCode).toBe(2);
    expect(findingOf((await report(vet, file)).report, 'Ann Example').finding).toMatchObject({ points: 25 });
    expect(findingOf((await report(vet, file)).report, 'Ann Example').finding.review).toBeUndefined();
    const listed = (await vet(['review', 'list', '--applicant', ann.id])).stdout;
    expect(listed).toContain(`undone 2026-09-21 by bea`);
    const audit = (await vet(['audit', '-f', 'json'])).stdout;
    const records = JSON.parse(audit) as Array<{ event?: string; decision?: { id: string; by: string } }>;
    expect(records.filter((r) => r.event).map((r) => [r.event, r.decision!.id, r.decision!.by])).toEqual([
      ['review', id, expect.any(String)],
      ['review-undo', id, 'bea'],
    ]);
    expect(audit).not.toContain('secret words');
    expect(audit).not.toContain('export.csv:2');
    expect((await vet(['audit', 'verify'])).exitCode).toBe(0);
  });

  it('vet ledger forget erases the decisions and their reasons with the applicant', async () => {
    const { dir, vet } = setup();
    const file = write(dir, 'export.csv', [ANN]);
    const ann = findingOf((await report(vet, file)).report, 'Ann Example');
    await vet(['review', ann.id, ann.finding.id, '--decision', 'cleared', '--reason', 'reason with personal detail']);
    const forgot = await vet(['ledger', 'forget', ann.id]);
    expect(forgot.stdout).toMatch(/erased \(\d+ identifiers, 1 review decision with their reasons, 1 reported finding\)/);
    expect((await vet(['review', 'list'])).stdout).toBe('no review decisions recorded\n');
    expect(findingOf((await report(vet, file)).report, 'Ann Example').finding.review).toBeUndefined();
  });

  it('refuses a decision about an applicant it could not recognise next time (no id, e-mail or phone)', async () => {
    const { dir, vet } = setup();
    writeFileSync(join(dir, 'n.csv'), 'name,city,country,shipping address\nNo Contact,Boston,US,"1 Rue de Rivoli, 75001 Paris, France"\n');
    const r = JSON.parse((await vet(['n.csv', '-f', 'json'])).stdout) as Report;
    const a = r.applicants[0]!;
    const f = a.findings.find((x) => x.level !== 'info')!;
    const refused = await vet(['review', a.id, f.id, '--decision', 'cleared', '--reason', 'x']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('has no vendor id, e-mail address or phone number vet can recognise them by next time');
  });

  it('names what is wrong: an unknown finding, no decision, no reason, a bad expiry', async () => {
    const { dir, vet } = setup();
    const file = write(dir, 'export.csv', [ANN]);
    const ann = findingOf((await report(vet, file)).report, 'Ann Example');
    const unknown = await vet(['review', ann.id, 'ffffffffffff', '--decision', 'cleared', '--reason', 'x']);
    expect(unknown).toMatchObject({ exitCode: 2 });
    expect(unknown.stderr).toContain(`its findings: ${ann.finding.id} (phone-origin/countryMismatch)`);
    expect((await vet(['review', 'nobody', 'abcdef', '--decision', 'cleared', '--reason', 'x'])).stderr).toContain('has no reported finding in the ledger');
    expect((await vet(['review', ann.id, ann.finding.id, '--reason', 'x'])).stderr).toContain('--decision');
    expect((await vet(['review', ann.id, ann.finding.id, '--decision', 'cleared'])).stderr).toContain('--reason');
    expect((await vet(['review', ann.id, ann.finding.id, '--decision', 'cleared', '--reason', 'x', '--expires', 'soon'])).stderr).toContain('--expires');
  });

  it('walks a report with the keyboard: arrow keys pick the decision, Enter confirms, the reason is typed', async () => {
    const { dir, vet } = setup();
    const file = write(dir, 'export.csv', [ANN]);
    const r = await vet([file, '-f', 'json', '-o', 'report.json']);
    expect(r.exitCode).toBe(0);
    // A terminal as the walk needs one: keys in, screen out.
    const input = Object.assign(new PassThrough(), { isTTY: true });
    const output = new PassThrough();
    let shown = '';
    // Keys are sent when the prompt they answer is on the screen: no timing to depend on.
    const answered = new Set<string>();
    output.on('data', (c: Buffer) => {
      shown += c.toString();
      if (shown.includes('Decision') && !answered.has('decision')) {
        answered.add('decision');
        // Down twice (escalated), then Enter.
        // One key at a time (each its own chunk, as a keyboard sends them), in order.
        setTimeout(() => input.write('\u001b[B'), 20);
        setTimeout(() => input.write('\u001b[B'), 60);
        setTimeout(() => input.write('\r'), 100);
      }
      // Once the decision is shown as given, the reason: typed ahead, it waits in the input for the next prompt.
      if (shown.includes('\u2714') && !answered.has('reason')) {
        answered.add('reason');
        setTimeout(() => input.write('seen with two others\r'), 20);
      }
    });
    const walked = await run(['review', 'report.json', '--by', 'carol'], {
      cwd: dir,
      env: { VET_HOME: join(dir, 'home'), SOURCE_DATE_EPOCH: String(T0) },
      stdin: input,
      stdoutStream: output,
      stdoutIsTTY: true,
    });
    expect(walked.stderr).toBe('');
    expect(walked.stdout).toBe('1 decision recorded of 1 finding to review\n');
    expect(shown).toContain('next step: Ask where the applicant lives');
    const list = JSON.parse((await vet(['review', 'list', '-f', 'json'])).stdout) as Array<{ decision: string; reason: string; by: string }>;
    expect(list).toEqual([expect.objectContaining({ decision: 'escalated', reason: 'seen with two others', by: 'carol' })]);
    // Not on a terminal (a script, a pipe): it says what to use instead of waiting for keys.
    const piped = await run(['review', 'report.json'], {
      cwd: dir,
      env: { VET_HOME: join(dir, 'home') },
      stdin: new PassThrough(),
      stdoutStream: new PassThrough(),
    });
    expect(piped.exitCode).toBe(2);
    expect(piped.stderr).toContain('in a script, use vet review APPLICANT FINDING --decision');
  }, 20_000);

  it('ends a walk on Ctrl-C as "stop here" does: no stack trace, nothing recorded', async () => {
    const { dir, vet } = setup();
    const file = write(dir, 'export.csv', [ANN]);
    await vet([file, '-f', 'json', '-o', 'report.json']);
    const keys = Object.assign(new PassThrough(), { isTTY: true });
    const screen = new PassThrough();
    let seen = '';
    screen.on('data', (c: Buffer) => {
      seen += c.toString();
      if (seen.includes('Decision') && !seen.includes('\u0003sent')) {
        seen += '\u0003sent';
        setTimeout(() => keys.write('\u0003'), 20);
      }
    });
    const stopped = await run(['review', 'report.json'], {
      cwd: dir,
      env: { VET_HOME: join(dir, 'home'), SOURCE_DATE_EPOCH: String(T0) },
      stdin: keys,
      stdoutStream: screen,
      stdoutIsTTY: true,
    });
    expect(stopped).toMatchObject({ exitCode: 0, stderr: '' });
    expect(stopped.stdout).toMatch(/^0 decisions recorded of \d+ findings? to review\n$/);
    expect((await vet(['review', 'list'])).stdout).toBe('no review decisions recorded\n');
  }, 20_000);
});
