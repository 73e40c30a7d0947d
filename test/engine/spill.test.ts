import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LateSpill, ResultSpill } from '../../src/engine/spill.js';
import type { LateFinding } from '../../src/engine/batch.js';
import type { AnyRule } from '../../src/engine/rule.js';
import type { ApplicantResult } from '../../src/engine/report.js';
import { run } from '../../src/cli/run.js';
import { EMPTY_HOME } from '../helpers/home.js';

const result = (i: number): ApplicantResult => ({
  id: `A-${i}`,
  name: i % 2 ? `Jürgen Ñandú ${i}\t"quoted"\n` : null, // multi-byte, tab and newline: the line format must survive them
  input: { file: 'x.csv', line: i + 2 },
  score: i,
  level: 'clear',
  failed: false,
  findings: [],
  checks: { checked: ['phone numbers'], notChecked: i % 3 ? [] : [{ check: 'phone numbers: country', reason: 'not compared, no claimed country' }] },
});

describe('ResultSpill', () => {
  it('gives back every result and its origins in order, from memory or from a private file it then removes', () => {
    for (const inMemory of [100, 2]) {
      const parent = mkdtempSync(join(tmpdir(), 'vet-spill-'));
      const spill = new ResultSpill(true, parent, inMemory);
      const origins = (i: number) => new Map(i % 3 === 0 ? [] : ([['/phones/0', { column: i % 3 === 1 ? 'Mobile' : 'Phone' }]] as [string, never][]));
      for (let i = 0; i < 10; i++) spill.add(result(i), origins(i));
      const dirs = readdirSync(parent);
      if (inMemory === 2) {
        expect(dirs).toHaveLength(1);
        expect(statSync(join(parent, dirs[0]!)).mode & 0o777).toBe(0o700);
        expect(statSync(join(parent, dirs[0]!, 'lines.ndjson')).mode & 0o777).toBe(0o600);
      } else expect(dirs).toHaveLength(0);
      const back = [...spill.results()];
      expect(back.map((s) => s.result)).toEqual(Array.from({ length: 10 }, (_, i) => result(i)));
      expect(back.map((s) => [...s.origins])).toEqual(Array.from({ length: 10 }, (_, i) => [...origins(i)]));
      spill.close();
      expect(readdirSync(parent)).toEqual([]);
    }
  });

  it('keeps origin maps apart that differ only in order, in kind, or where one text ends and the next begins', () => {
    const spill = new ResultSpill(true, mkdtempSync(join(tmpdir(), 'vet-spill-')), 0);
    const maps: [string, never][][] = [
      [
        ['/phones/0', { column: 'Mobile' }],
        ['/emails/0', { column: 'Email' }],
      ],
      [
        ['/emails/0', { column: 'Email' }],
        ['/phones/0', { column: 'Mobile' }],
      ],
      [
        ['/phones/0', { pointer: 'Mobile' }],
        ['/emails/0', { column: 'Email' }],
      ],
      [
        ['/phones/0M', { column: 'obile' }],
        ['/emails/0', { column: 'Email' }],
      ],
      [['/phones/0', { column: 'Mobile' }]],
      [
        ['/phones/0', { column: 'Mobile' }],
        ['/emails/0', { column: 'Email' }],
      ],
    ] as never;
    // Each map twice, so that the second of each is found among those numbered before.
    for (let i = 0; i < 2 * maps.length; i++) spill.add(result(i), new Map(maps[i % maps.length]));
    expect([...spill.results()].map((s) => [...s.origins])).toEqual(Array.from({ length: 2 * maps.length }, (_, i) => maps[i % maps.length]));
    spill.close();
  });

  it('keeps checks apart that differ only in order or where one text ends and the next begins', () => {
    const spill = new ResultSpill(false, mkdtempSync(join(tmpdir(), 'vet-spill-')), 0);
    const checks: ApplicantResult['checks'][] = [
      { checked: ['phone numbers', 'addresses'], notChecked: [] },
      { checked: ['addresses', 'phone numbers'], notChecked: [] },
      { checked: ['phone numbersaddresses'], notChecked: [] },
      { checked: ['phone numbers'], notChecked: [{ check: 'addresses', reason: 'none given' }] },
      { checked: ['phone numbers'], notChecked: [{ check: 'addressesnone', reason: ' given' }] },
      { checked: ['phone numbers', 'addresses'], notChecked: [] },
    ];
    for (let i = 0; i < 2 * checks.length; i++) spill.add({ ...result(i), checks: checks[i % checks.length]! }, new Map());
    expect([...spill.results()].map((s) => s.result.checks)).toEqual(Array.from({ length: 2 * checks.length }, (_, i) => checks[i % checks.length]));
    spill.close();
  });

  it('gives results back as the engine made them, field for field and in the same order, so a report is written the same', () => {
    const spill = new ResultSpill(false, mkdtempSync(join(tmpdir(), 'vet-spill-')), 0);
    const made = Array.from({ length: 6 }, (_, i): ApplicantResult => {
      const r: ApplicantResult = result(i);
      if (i % 2) r.identity = { names: [`Name ${i}`] } as unknown as NonNullable<ApplicantResult['identity']>;
      if (i % 3) r.person = [`id\u0000A-${i}`];
      return r;
    });
    const written = made.map((r) => JSON.stringify(r));
    for (const r of made) spill.add(r, new Map());
    expect([...spill.results()].map((s) => JSON.stringify(s.result))).toEqual(written);
    spill.close();
  });

  it('past the 10,000 distinct origin maps and checks it numbers, writes each whole and gives it back the same', () => {
    const spill = new ResultSpill(true, mkdtempSync(join(tmpdir(), 'vet-spill-')), 0);
    const n = 10_003;
    const checks = (i: number): ApplicantResult['checks'] => ({ checked: [`check ${i}`], notChecked: [{ check: 'addresses', reason: `reason ${i}` }] });
    const origins = (i: number) => new Map([['/phones/0', { column: `Phone ${i}` }]] as [string, never][]);
    for (let i = 0; i < n; i++) spill.add({ ...result(i), checks: checks(i) }, origins(i));
    const back = [...spill.results()];
    expect(back).toHaveLength(n);
    // The last ones are past the limit: written with the line, read back whole, fields in order.
    for (const i of [0, 9_999, 10_000, n - 1]) {
      expect(JSON.stringify(back[i]!.result)).toBe(JSON.stringify({ ...result(i), checks: checks(i) }));
      expect([...back[i]!.origins]).toEqual([...origins(i)]);
    }
    spill.close();
  });

  it('reads back a line longer than its read block', () => {
    const spill = new ResultSpill(false, mkdtempSync(join(tmpdir(), 'vet-spill-')), 0);
    const long = { ...result(1), name: 'x'.repeat(3 << 20) };
    spill.add(result(0), new Map());
    spill.add(long, new Map());
    spill.add(result(2), new Map());
    expect([...spill.results()].map((s) => s.result)).toEqual([result(0), long, result(2)]);
    spill.close();
  });
});

describe('LateSpill', () => {
  const rules = [{ meta: { id: 'first' } }, { meta: { id: 'second' } }] as unknown as AnyRule[];
  const late = (rule: number, n: number): LateFinding => ({ rule: rules[rule]!, report: { messageId: 'm', data: { n, text: 'Jürgen\t"x"\n' }, evidence: [] } });

  it('gives each position its findings in order, from memory or a file it removes, and keeps those out of order too', () => {
    for (const inMemory of [100, 1]) {
      const parent = mkdtempSync(join(tmpdir(), 'vet-late-'));
      const spill = new LateSpill(rules, parent, inMemory);
      spill.add(1, late(0, 1));
      spill.add(1, late(0, 2));
      spill.add(4, late(0, 3));
      spill.add(7, late(0, 4));
      // a second rule starts over from the first applicant
      spill.add(0, late(1, 5));
      spill.add(4, late(1, 6));
      expect(readdirSync(parent)).toHaveLength(inMemory === 1 ? 1 : 0);
      const at = spill.cursor();
      const got = Array.from({ length: 9 }, (_, i) => at(i)?.map((f) => `${f.rule.meta.id}:${f.report.data!.n}`));
      expect(got).toEqual([['second:5'], ['first:1', 'first:2'], undefined, undefined, ['second:6', 'first:3'], undefined, undefined, ['first:4'], undefined]);
      spill.close();
      expect(readdirSync(parent)).toEqual([]);
    }
  });
});

describe('a run larger than what is kept in memory', () => {
  it('reports identity reuse between the first and the last row, located in the CSV, and leaves no temporary file', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'vet-spill-run-'));
    const tmp = mkdtempSync(join(tmpdir(), 'vet-spill-tmp-'));
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `C-${i},Person Number${i},${i === 2999 ? '+1 415 555 0000' : `+1 415 555 ${String(i).padStart(4, '0')}`}`,
    );
    writeFileSync(join(cwd, 'big.csv'), ['Candidate ID,Full Name,Mobile', ...rows].join('\n'));
    const r = await run(['big.csv', '-f', 'json', '--rules', 'identity-reuse'], { cwd, env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off', TMPDIR: tmp } });
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ applicants: 3000, byLevel: { high: 2, clear: 2998 } });
    const flagged = report.applicants.filter((a: { findings: unknown[] }) => a.findings.length > 0);
    expect(flagged.map((a: { id: string; findings: { evidence: { column?: string }[] }[] }) => [a.id, a.findings[0]!.evidence[0]!.column])).toEqual([
      ['C-0', 'Mobile'],
      ['C-2999', 'Mobile'],
    ]);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
