import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { reportOutputs } from '../../src/cli/outputs.js';
import { exitStatus } from '../../src/cli/exit-status.js';
import { run } from '../../src/cli/run.js';
import { UsageError } from '../../src/errors.js';
import { formatJunit } from '../../src/formatters/junit.js';
import { FIXTURES } from '../helpers/collect.js';
import { EMPTY_HOME } from '../helpers/home.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const ENV = { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off', VET_AUDIT: 'off' };
const vet = (argv: string[], env: Record<string, string> = {}) => run(argv, { cwd: FIXTURES, env: { ...ENV, ...env } });
const folder = () => mkdtempSync(join(tmpdir(), 'vet-outputs-'));
const JUNIT_XSD = readFileSync(join(ROOT, 'fixtures/schemas/jenkins-junit.xsd'), 'utf8');

async function junitProblems(xml: string): Promise<string[]> {
  const r = await validateXML({ xml: [{ fileName: 'results.xml', contents: xml }], schema: [JUNIT_XSD] });
  return r.errors.map((e) => e.message);
}

/** `<testsuite name=... tests=... failures=... errors=...>` and the testcases inside each. */
function suites(xml: string) {
  return [...xml.matchAll(/<testsuite name="([^"]*)" tests="(\d+)" failures="(\d+)" errors="(\d+)"[^>]*>([\s\S]*?)<\/testsuite>/g)].map((m) => ({
    name: m[1],
    tests: Number(m[2]),
    failures: Number(m[3]),
    errors: Number(m[4]),
    testcases: (m[5]!.match(/<testcase /g) ?? []).length,
    failed: (m[5]!.match(/<failure /g) ?? []).length,
    errored: (m[5]!.match(/<error /g) ?? []).length,
  }));
}

describe('reportOutputs: each -o with its format', () => {
  it('takes the format from a prefix, else the extension, else --format, else text', () => {
    const r = reportOutputs([], ['a.json', 'b.HTML', 'c.md', 'd.xml', 'e.ndjson', 'csv:f.txt', 'g.out'], '/w');
    expect(r.files.map((f) => [f.name, f.format])).toEqual([
      ['a.json', 'json'],
      ['b.HTML', 'html'],
      ['c.md', 'markdown'],
      ['d.xml', 'junit'],
      ['e.ndjson', 'ndjson'],
      ['f.txt', 'csv'],
      ['g.out', 'text'],
    ]);
    expect(r.files[5]!.path).toBe('/w/f.txt');
    expect(reportOutputs(['csv'], ['g.out'], '/w').files[0]!.format).toBe('csv');
    expect(reportOutputs(['markdown'], ['notes.txt', 'r.json'], '/w').files.map((f) => f.format)).toEqual(['markdown', 'json']);
    expect(reportOutputs(['json'], [], '/w').stdout).toBe('json');
    expect(reportOutputs(['json', 'json'], ['r.json'], '/w').files[0]!.format).toBe('json');
  });

  it('refuses what would otherwise be dropped or guessed: two formats, a --format no file takes, one file twice', () => {
    expect(() => reportOutputs(['json', 'markdown'], ['a.json', 'b.md'], '/w')).toThrow(/--format given 2 times \(json, markdown\)/);
    expect(() => reportOutputs(['csv'], ['out.json'], '/w')).toThrow(
      /--format csv: no output is written as csv: out.json is written as json .*-o csv:out.json/,
    );
    expect(() => reportOutputs([], ['r.json', './r.json'], '/w')).toThrow(UsageError);
  });
});

describe('several outputs in one run', () => {
  it('writes each file in its format from one pass, and the summary to the terminal', async () => {
    const dir = folder();
    const names = ['r.json', 'r.html', 's.md', 'results.xml', 'r.ndjson', 'r.csv', 'markdown:notes.txt'];
    const args = names.flatMap((n) => {
      const [, format, file] = /^(?:(\w+):)?(.+)$/.exec(n)!;
      return ['-o', format ? `${format}:${join(dir, file!)}` : join(dir, file!)];
    });
    const r = await vet(['applicants/batch.json', 'csv/red-flags.csv', ...args]);
    expect(r.exitCode).toBe(1);
    const read = (n: string) => readFileSync(join(dir, n), 'utf8');
    const json = JSON.parse(read('r.json'));
    expect(json.summary.applicants).toBeGreaterThan(3);
    expect(json.applicants).toHaveLength(json.summary.applicants);
    expect(read('r.html')).toMatch(/^<!DOCTYPE html>/i);
    expect(read('s.md')).toMatch(/^# vet report/);
    expect(read('notes.txt')).toBe(read('s.md'));
    expect(read('r.ndjson').trim().split('\n').at(-1)).toMatch(/^\{"type":"summary"/);
    expect(read('r.csv')).toMatch(/^\uFEFFid,name,file/);
    expect(await junitProblems(read('results.xml'))).toEqual([]);
    // The terminal: the summary and where the reports went, not the report.
    expect(r.stdout).toMatch(new RegExp(`^${json.summary.applicants} applicants vetted`));
    expect(r.stdout).toMatch(/Written: .*r\.json \(json\), .*r\.html \(html\), .*results\.xml \(junit\)/);
    expect(r.stdout).not.toMatch(/CRITICAL/);
    // Nothing left under a temporary name.
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'r.csv', 'r.html', 'r.json', 'r.ndjson', 'results.xml', 's.md']);
  });

  it('leaves the previous report as it was when the run fails, and no temporary file', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'r.json'), 'previous');
    // A ledger nobody listens on: the run stops after the files were opened.
    const r = await vet(['applicants/clean.json', '-o', join(dir, 'r.json'), '-o', join(dir, 'r.xml'), '--ledger', 'postgres://vet@127.0.0.1:1/none'], {
      VET_LEDGER_KEY: 'a'.repeat(64),
    });
    expect(r.exitCode).toBe(2);
    expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe('previous');
    expect(readdirSync(dir)).toEqual(['r.json']);
  });

  it('refuses -f json -o a.json -f markdown -o b.md instead of writing b.md alone', async () => {
    const dir = folder();
    const r = await vet(['applicants/clean.json', '-f', 'json', '-o', join(dir, 'a.json'), '-f', 'markdown', '-o', join(dir, 'b.md')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^vet: --format given 2 times \(json, markdown\): .* -o report.json -o markdown:summary.txt\n$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says at once when a report folder cannot be written', async () => {
    const r = await vet(['applicants/clean.json', '-o', '/nonexistent-dir/r.json']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--output \/nonexistent-dir\/r.json: cannot write \(ENOENT\)/);
  });
});

describe('JUnit', () => {
  it('is valid against the JUnit XSD Jenkins reads, with one testsuite per file and counts that match its testcases', async () => {
    const r = await vet(['applicants/batch.json', 'broken/broken-quote.csv', 'applicants/flagged.json', '-f', 'junit']);
    expect(await junitProblems(r.stdout)).toEqual([]);
    const s = suites(r.stdout);
    expect(s.map((x) => x.name)).toEqual(['applicants/batch.json', 'broken/broken-quote.csv', 'applicants/flagged.json']);
    for (const x of s) {
      expect(x.tests).toBe(x.testcases);
      expect(x.failures).toBe(x.failed);
      expect(x.errors).toBe(x.errored);
    }
    expect(s[1]!.errors).toBeGreaterThan(0);
    expect(s[2]).toMatchObject({ tests: 1, failures: 1 });
    const total = /<testsuites name="vet" tests="(\d+)" failures="(\d+)" errors="(\d+)"/.exec(r.stdout)!;
    expect(Number(total[1])).toBe(s.reduce((t, x) => t + x.tests, 0));
    expect(Number(total[2])).toBe(s.reduce((t, x) => t + x.failures, 0));
    // A failure carries the findings, their evidence and the next step.
    expect(r.stdout).toMatch(/<failure message="critical, score \d+: [^"]*phone-origin[^"]*" type="critical">[\s\S]*next: /);
  });

  it('counts only what it lists under --only-flagged and --fail-on', async () => {
    const r = await vet(['applicants/batch.json', 'csv/red-flags.csv', '-f', 'junit', '--only-flagged', '--fail-on', 'medium']);
    expect(await junitProblems(r.stdout)).toEqual([]);
    for (const x of suites(r.stdout)) {
      expect(x.tests).toBe(x.testcases);
      expect(x.failures).toBe(x.failed);
    }
    expect(r.stdout).not.toMatch(/: clear, score/);
  });

  it('refuses one input given twice (it was vetted twice, and would be two testsuites of one name)', async () => {
    const r = await vet(['applicants/clean.json', 'applicants/flagged.json', './applicants/clean.json', '-f', 'junit']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('vet: ./applicants/clean.json: given twice (as applicants/clean.json too); each input is vetted once\n');
    expect(r.stdout).toBe('');
  });

  it('writes an applicant of a file the head does not list in a testsuite of its own (a report put together by hand)', async () => {
    const r = await vet(['applicants/flagged.json', '-f', 'json']);
    const report = JSON.parse(r.stdout);
    report.summary.byFile = [];
    const xml = formatJunit(report);
    expect(await junitProblems(xml)).toEqual([]);
    expect(suites(xml).map((x) => [x.name, x.testcases])).toEqual([['applicants/flagged.json', 1]]);
  });

  it('stays valid XML with hostile text, and masks as every format does', async () => {
    const dir = folder();
    const file = join(dir, 'hostile & <co>.json');
    const name = 'Evil "</testcase><x>" \u0001\u202E Kim & Co';
    writeFileSync(file, JSON.stringify([{ id: 'H-1]]>', name, phone: '+850 2 381 2222', emails: ['kim.private@example.com'], location: { country: 'US' } }]));
    const plain = await vet([file, '-f', 'junit']);
    expect(await junitProblems(plain.stdout)).toEqual([]);
    expect(plain.stdout).toContain('&lt;/testcase&gt;');
    expect(plain.stdout).toContain('\\u{1}');
    const redacted = await vet([file, '-f', 'junit', '--redact']);
    expect(await junitProblems(redacted.stdout)).toEqual([]);
    for (const secret of ['Evil', 'kim.private', '381 2222', '+85023812222']) expect(redacted.stdout).not.toContain(secret);
  });
});

describe('exit status', () => {
  const head = (applicants: number, failed: number, errors: number, incomplete?: string) => ({
    summary: { applicants, failed } as never,
    errors: Array.from({ length: errors }, () => ({ file: 'x', message: 'bad' })),
    ...(incomplete ? { incomplete } : {}),
  });

  it('follows the table: interrupted, nothing to vet, --strict, --fail-on, input errors, clear', () => {
    expect(exitStatus(head(5, 1, 1, 'stopped'), false)).toBe(130);
    expect(exitStatus(head(0, 0, 0), false)).toBe(2);
    expect(exitStatus(head(0, 0, 3), false)).toBe(2);
    expect(exitStatus(head(5, 1, 1), true)).toBe(2);
    expect(exitStatus(head(5, 1, 1), false)).toBe(1);
    expect(exitStatus(head(5, 0, 1), false)).toBe(2);
    expect(exitStatus(head(5, 1, 0), true)).toBe(1);
    expect(exitStatus(head(5, 0, 0), true)).toBe(0);
  });

  it('lets --fail-on decide when rows were rejected, and --strict make them an error', async () => {
    // X-5 has a North Korean number and claims the US; line 2 is not JSON.
    expect((await vet(['broken/bad-line.ndjson'])).exitCode).toBe(1);
    expect((await vet(['broken/bad-line.ndjson', '--strict'])).exitCode).toBe(2);
    expect((await vet(['broken/bad-line.ndjson', '--fail-on', 'none'])).exitCode).toBe(2);
  });

  it('refuses an export with only a header: nothing to vet', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'export.csv'), 'Candidate ID,Full Name,Email\n');
    const r = await vet([join(dir, 'export.csv')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`vet: nothing to vet: no applicant was read from ${join(dir, 'export.csv')}`);
  });
});

describe('under GitHub Actions', () => {
  it('keeps only the domain of an applicant id that is an e-mail address', async () => {
    const dir = folder();
    writeFileSync(
      join(dir, 'one.json'),
      JSON.stringify({ id: 'jane.private@example.com', name: 'Jane Example', phone: '+850 2 381 2222', location: { country: 'US' } }),
    );
    const r = await vet([join(dir, 'one.json'), '-o', join(dir, 'r.json')], { GITHUB_ACTIONS: 'true' });
    expect(r.stderr).toMatch(/^::error file=.*title=vet%3A applicant \*\*\*@example\.com is critical::/m);
    expect(r.stderr).not.toContain('jane.private');
  });

  it('annotates each flagged applicant on standard error, without personal data, and appends the step summary', async () => {
    const dir = folder();
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '## earlier step\n');
    const r = await vet(['applicants/batch.json', 'applicants/personal-data.json', '-o', join(dir, 'r.json')], {
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summary,
    });
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    const annotations = r.stderr.split('\n').filter((l) => l.startsWith('::'));
    const flagged = report.applicants.filter((a: { level: string }) => a.level !== 'clear');
    expect(annotations).toHaveLength(flagged.length);
    expect(annotations.filter((l) => l.startsWith('::error ')).length).toBe(report.summary.failed);
    expect(annotations[0]).toMatch(/^::(error|warning) file=applicants\/batch.json,line=\d+,title=vet%3A applicant \S+ is \w+::/);
    const written = readFileSync(summary, 'utf8');
    expect(written).toMatch(/^## earlier step\n### vet: \d+ applicants vetted, \d+ needs? review \(high or above\)/);
    expect(written).toContain(`Exit status ${r.exitCode}`);
    // No name, e-mail, phone or address of any applicant.
    const people = [
      ...JSON.parse(readFileSync(join(FIXTURES, 'applicants/batch.json'), 'utf8')).applicants,
      ...JSON.parse(readFileSync(join(FIXTURES, 'applicants/personal-data.json'), 'utf8')).applicants,
    ];
    for (const p of people) {
      for (const value of [p.name, ...(p.emails ?? []), p.email, ...(p.phones ?? []), p.phone].filter((v) => typeof v === 'string' && v.length > 3)) {
        expect(annotations.join('\n')).not.toContain(value);
        expect(written).not.toContain(value);
      }
    }
  });
});
