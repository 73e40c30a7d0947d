import { parse } from 'csv-parse/sync';
import { parseConfig } from '../../src/engine/config.js';
import { vet } from '../../src/engine/pipeline.js';
import type { Report } from '../../src/engine/report.js';
import { CSV_COLUMNS, csvCell, formatCsv } from '../../src/formatters/csv.js';
import { formatJson } from '../../src/formatters/json.js';
import { formatMarkdown, mdEscape } from '../../src/formatters/markdown.js';
import { formatNdjson } from '../../src/formatters/ndjson.js';
import { formatText } from '../../src/formatters/text.js';
import { RULES } from '../../src/rules/index.js';
import { FIXTURES } from '../helpers/collect.js';
import { EMPTY_HOME } from '../helpers/home.js';

let report: Report;

beforeAll(async () => {
  report = await vet(['applicants/batch.json', 'broken/field-count.csv'], {
    rules: RULES,
    config: parseConfig({}, RULES),
    cwd: FIXTURES,
    now: new Date('2026-01-02T03:04:05Z'),
    env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' },
  });
});

describe('json', () => {
  it('has the versioned report structure', () => {
    const parsed = JSON.parse(formatJson(report));
    expect(parsed).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'vet' },
      generatedAt: '2026-01-02T03:04:05.000Z',
      sources: [{ id: 'libphonenumber' }, { id: 'iocs' }, { id: 'sanctions', list: 'builtin-dprk' }, { id: 'ip' }, { id: 'ledger' }, { id: 'email' }],
      summary: { applicants: 8, rejected: 1, failed: 2, byLevel: { clear: 4, low: 1, medium: 1, high: 1, critical: 1 } },
      errors: [{ file: 'broken/field-count.csv', line: 3, message: 'row has 5 fields but the header has 4' }],
    });
    const b5 = parsed.applicants.find((a: { id: string }) => a.id === 'B-5');
    expect(b5).toMatchObject({ level: 'critical', score: 100, input: { file: 'applicants/batch.json', line: 30 } });
    expect(b5.findings[0]).toMatchObject({
      rule: 'phone-origin',
      messageId: 'northKorea',
      points: 100,
      evidence: [{ path: '/phones/0', value: '00850 2 381 2223' }],
    });
  });

  it('is the same for the same input', async () => {
    const again = await vet(['applicants/batch.json', 'broken/field-count.csv'], {
      rules: RULES,
      config: parseConfig({}, RULES),
      cwd: FIXTURES,
      now: new Date('2026-01-02T03:04:05Z'),
      env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' },
    });
    expect(formatJson(again)).toBe(formatJson(report));
  });
});

describe('ndjson', () => {
  it('writes applicants, then errors, then the summary', () => {
    const lines = formatNdjson(report)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual([...Array(8).fill('applicant'), 'error', 'summary']);
    expect(lines.at(-1)).toMatchObject({ schemaVersion: 1, summary: { applicants: 8 } });
  });
});

describe('csv', () => {
  it('writes one row per applicant and per rejected record', () => {
    const text = formatCsv(report);
    // A byte-order mark first, for Excel; csv-parse's bom option reads past it as a spreadsheet does.
    expect(text.startsWith('\uFEFFid,')).toBe(true);
    const rows = parse<Record<string, string>>(text, { columns: true, bom: true });
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(9);
    expect(rows.find((r) => r.id === 'B-5')).toMatchObject({ level: 'critical', score: '100', failed: 'true', rules: 'phone-origin' });
    expect(rows.at(-1)).toMatchObject({ level: 'rejected', file: 'broken/field-count.csv', line: '3' });
  });

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+850 2 381 2222', "'+850 2 381 2222"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', `"'\r=1"`],
    ['plain, with comma', '"plain, with comma"'],
    ['Kim "Chol"', '"Kim ""Chol"""'],
  ])('neutralises %j', (input, output) => {
    expect(csvCell(input)).toBe(output);
  });

  it('neutralises a formula in an applicant name', async () => {
    const { Readable } = await import('node:stream');
    const hostile = await vet(['-'], {
      rules: RULES,
      config: parseConfig({}, RULES),
      env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off' },
      stdin: Readable.from(['Name,Phone,Country\n"=cmd|\' /C calc\'!A0",+1 415 555 0100,US\n']),
    });
    const rows = parse<Record<string, string>>(formatCsv(hostile), { columns: true });
    expect(rows[0]!.name).toBe("'=cmd|' /C calc'!A0");
  });
});

describe('text', () => {
  it('prints a block per applicant with findings, errors and a summary', () => {
    const text = formatText(report, { color: false });
    expect(text).toContain('CRITICAL B-5  Pat Fixture');
    expect(text).toContain('+100  Phone number 00850 2 381 2223 is a North Korean (+850) number.');
    expect(text).toContain('/phones/0 = "00850 2 381 2223" (source libphonenumber, e164 +85023812223, region KP');
    expect(text).not.toContain('B-1  Alex Example');
    expect(text).toContain('broken/field-count.csv:3: row has 5 fields but the header has 4');
    expect(text).toContain('8 applicants vetted: critical 1, high 1, medium 1, low 1, clear 4; 1 record rejected');
    expect(text).toContain('reason to verify, never a reason to reject');
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('colours only when asked', () => {
    expect(formatText(report, { color: true })).toMatch(/\u001b\[/);
  });
});

describe('markdown', () => {
  it('has a summary table and a table per flagged applicant', () => {
    const md = formatMarkdown(report);
    expect(md).toContain('| critical | 1 |');
    expect(md).toContain('## B-5 — Pat Fixture: critical (score 100)');
    expect(md).toMatch(/\| critical \| 100 \| phone-origin\/northKorea `[0-9a-f]{12}` \|/);
    expect(md).toContain('## Rejected input');
  });

  it('escapes table breakers and HTML', () => {
    expect(mdEscape('a|b <script>\n*x*')).toBe('a\\|b \\<script\\> \\*x\\*');
  });
});
