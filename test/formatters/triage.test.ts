import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import type { Report } from '../../src/engine/report.js';
import { wrapWords } from '../../src/formatters/text.js';
import { FIXTURES } from '../helpers/collect.js';

// The terminal report a recruiter triages: summary first, worst first, wrapped at word boundaries,
// evidence as readable lines, a ring described once, at most --limit applicants listed.

const dir = mkdtempSync(join(tmpdir(), 'vet-triage-'));
const env = { VET_HOME: join(dir, 'home'), VET_LEDGER: 'off' };
const vet = (argv: string[]) => run(argv, { cwd: FIXTURES, env });

// Four applicants sharing one bank account (a ring), one with a North Korean number, one ordinary.
const ring = ['R-1', 'R-2', 'R-3', 'R-4'].map((id, i) => ({
  id,
  name: `Ring Member ${i + 1}`,
  email: `member${i + 1}@example.com`,
  bankAccount: 'GB33BUKB20201555556819',
  location: { country: 'US' },
}));
const batch = join(dir, 'batch.json');
writeFileSync(
  batch,
  JSON.stringify([
    { id: 'C-1', name: 'Casey Clear', email: 'casey@example.com', phone: '+1 617 555 0101', location: { city: 'Boston', country: 'US' } },
    ...ring,
    { id: 'K-1', name: 'Kim Critical', phone: '+850 2 381 2222', location: { country: 'US' } },
  ]),
);

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

describe('the terminal report', () => {
  it.each([80, 120])('at %i columns: no line longer, no word split, nothing lost, no JSON', async (width) => {
    const wide = (await vet([batch, '--limit', '0'])).stdout;
    const narrow = (await vet([batch, '--limit', '0', '--width', String(width)])).stdout;
    expect(words(narrow)).toEqual(words(wide));
    for (const line of narrow.split('\n')) {
      if (line.length > width) expect(words(line)).toHaveLength(words(line.trim()).length === 1 ? 1 : Infinity);
    }
    expect(narrow).not.toMatch(/\{"|\[\{|":/);
  });

  it('puts the summary first and the worst applicant first, and says clear ones are counted, not listed', async () => {
    const out = (await vet([batch])).stdout;
    const lines = out.split('\n');
    expect(lines[0]).toBe('6 applicants vetted: critical 1, high 4, medium 0, low 0, clear 1');
    expect(lines[1]).toBe('5 need review (high or above)');
    expect(out).toContain('1 clear applicant is counted, not listed.');
    const order = [...out.matchAll(/^(?:CRITICAL|HIGH|MEDIUM|LOW) +(\S+)/gm)].map((m) => m[1]);
    expect(order).toEqual(['K-1', 'R-1', 'R-2', 'R-3', 'R-4']);
    expect(out).not.toMatch(/^CLEAR/m);
    expect((await vet([batch, '--sort', 'input'])).stdout.match(/^(?:CRITICAL|HIGH) +(\S+)/gm)!.map((l) => l.split(/ +/)[1])).toEqual([
      'R-1',
      'R-2',
      'R-3',
      'R-4',
      'K-1',
    ]);
  });

  it('describes a ring once: the first member with its evidence, the others point to it', async () => {
    const out = (await vet([batch, '--sort', 'input'])).stdout;
    expect(out.match(/shared with applicant/g)).toHaveLength(1);
    expect(out.match(/Same ring as applicant R-1/g)).toHaveLength(3);
  });

  it('lists at most --limit flagged applicants and says how to get them all', async () => {
    const out = (await vet([batch, '--limit', '2'])).stdout;
    expect(out.match(/^(?:CRITICAL|HIGH) /gm)).toHaveLength(2);
    expect(out).toContain('… and 3 more flagged applicants not listed here (the 2 listed are the worst): --limit 0 lists all');
  });

  it('--min-level and --only-flagged choose the applicants listed in every format; the summary counts all', async () => {
    const json = JSON.parse((await vet([batch, '-f', 'json', '--min-level', 'critical'])).stdout) as Report;
    expect(json.applicants.map((a) => a.id)).toEqual(['K-1']);
    expect(json.summary.applicants).toBe(6);
    const flagged = JSON.parse((await vet([batch, '-f', 'json', '--only-flagged'])).stdout) as Report;
    expect(flagged.applicants.map((a) => a.id)).toEqual(['R-1', 'R-2', 'R-3', 'R-4', 'K-1']);
  });

  it('gives the next step and the rule doc in every format', async () => {
    const text = (await vet([batch])).stdout;
    expect(text).toMatch(/next: Stop and escalate to compliance/);
    const md = (await vet([batch, '-f', 'markdown'])).stdout;
    expect(md).toContain('[how to review](docs/rules/phone-origin.md#how-to-review)');
    const csv = (await vet([batch, '-f', 'csv'])).stdout;
    expect(csv.split('\r\n')[0]).toContain('finding_ids,next_steps,reviews');
    expect(csv).toContain('Stop and escalate to compliance');
    const json = JSON.parse((await vet([batch, '-f', 'json'])).stdout) as Report;
    const kp = json.applicants.find((a) => a.id === 'K-1')!.findings[0]!;
    expect(kp).toMatchObject({ doc: 'docs/rules/phone-origin.md#how-to-review', nextStep: expect.stringMatching(/^Stop and escalate/) });
  });

  it('an interrupted run writes what it read, marked incomplete, and exits 130', async () => {
    const controller = new AbortController();
    let sent = 0;
    async function* lines(): AsyncGenerator<string> {
      for (let i = 0; i < 1000; i++) {
        await Promise.resolve();
        yield `${JSON.stringify({ id: `S-${i}`, name: `Person ${i}`, phone: '+44 7911 123456', location: { country: 'US' } })}\n`;
        if (++sent === 5) controller.abort();
      }
    }
    const out = join(dir, 'partial.json');
    const r = await run(['-', '--input-format', 'ndjson', '-f', 'json', '-o', out], { cwd: dir, env, stdin: lines(), signal: controller.signal });
    expect(r.exitCode).toBe(130);
    expect(r.stderr).toMatch(/interrupted after \d+ records?: this report covers those only; written to .*partial\.json, marked incomplete/);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report.incomplete).toMatch(/^interrupted after \d+ records?:/);
    expect(report.summary.applicants).toBeGreaterThan(0);
    expect(report.summary.applicants).toBeLessThan(1000);
  });

  it('wraps at spaces and never cuts a word', () => {
    expect(wrapWords('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
    expect(wrapWords('averyveryverylongword x', 5)).toEqual(['averyveryverylongword', 'x']);
  });
});
