import { reachesFailOn } from '../engine/config.js';
import { APPLICANT_LEVELS, emptyLevelCounts, type ApplicantLevel } from '../engine/levels.js';
import type { ApplicantResult, FileSummary, Report, ReportError, ReportHead } from '../engine/report.js';
import { describeEvidence, errorLine, visible } from './shared.js';
import { writeWhole, type ReportWriter } from './writer.js';

// Characters XML 1.0 cannot hold at all (most control characters, lone surrogates, U+FFFE/FFFF).
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text for an element's content: what XML cannot hold is shown escaped, `&` and `<` as entities. */
function xmlText(text: string): string {
  return text
    .replace(NOT_XML, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A one-line attribute value: hidden and control characters shown (as every format shows them), quotes escaped. */
function xmlAttr(text: string): string {
  return xmlText(visible(text)).replace(/"/g, '&quot;');
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

export interface JunitOptions {
  /** Which applicants the report lists (--min-level, --only-flagged): the counts are of those. */
  listed?: (level: ApplicantLevel) => boolean;
}

/** What a reviewer reads in a failure or in the output of a passed applicant with findings: every finding, its evidence and next step. */
function findingsText(a: ApplicantResult): string {
  const lines: string[] = [];
  if (a.level === 'unchecked') lines.push('Nothing could be checked: no name, contact, address, location, identifier or IP address vet can compare.');
  for (const f of a.findings) {
    lines.push(
      `${f.level} +${f.points}  ${visible(f.message)}  [${f.rule}/${f.messageId} ${f.id}]${f.countedIn ? ` (scored once, under ${f.countedIn})` : ''}`,
    );
    for (const e of f.evidence) lines.push(`    ${describeEvidence(e)}`);
    if (f.review) {
      const r = f.review;
      lines.push(
        r.status === 'decided'
          ? `    reviewed: ${r.decision} by ${visible(r.by)} on ${r.at.slice(0, 10)}: ${visible(r.reason)}`
          : `    re-opened: ${visible(r.why ?? '')}`,
      );
    }
    if (f.nextStep && f.review?.status !== 'decided') lines.push(`    next: ${f.nextStep} (${f.doc.replace(/#.*$/, '')})`);
  }
  if (a.checks.notChecked.length > 0) lines.push(`Not checked: ${visible(a.checks.notChecked.map((c) => `${c.check}: ${c.reason}`).join('; '))}`);
  return lines.join('\n');
}

/**
 * JUnit XML, as Jenkins, GitLab and most CI systems show test results: one testsuite per input
 * file, one testcase per applicant listed, a failure for each applicant at --fail-on (its
 * findings, evidence and next steps as the text), and an error testcase per rejected record or
 * unreadable field. Written one applicant at a time: the head's per-file counts give each
 * testsuite's totals before its testcases.
 */
export function junitWriter(options: JunitOptions = {}): ReportWriter {
  const listed = options.listed ?? (() => true);
  let head: ReportHead;
  let files: FileSummary[] = [];
  const errorsOf = new Map<string, ReportError[]>();
  // Index in `files` of the testsuite open now, and of the next to write.
  let open = -1;

  const counts = (f: FileSummary) => {
    let tests = 0;
    let failures = 0;
    for (const level of APPLICANT_LEVELS) {
      if (!listed(level)) continue;
      tests += f.byLevel[level];
      if (reachesFailOn(level, head.scoring.failOn, head.scoring.failOnUnchecked)) failures += f.byLevel[level];
    }
    const errors = errorsOf.get(f.file)?.length ?? 0;
    return { tests: tests + errors, failures, errors };
  };

  const suiteStart = (f: FileSummary): string => {
    const c = counts(f);
    const properties = [
      ['vet.version', head.tool.version],
      ['vet.failOn', `${head.scoring.failOn}${head.scoring.failOnUnchecked ? ',unchecked' : ''}`],
      ['vet.redaction', head.redaction],
      ...head.sources.map((s) => [`vet.source.${s.id}`, s.version ?? s.date ?? ''] as const),
    ];
    return (
      `  <testsuite${attrs({ name: f.file, tests: c.tests, failures: c.failures, errors: c.errors, skipped: 0, time: 0, timestamp: head.generatedAt.slice(0, 19) })}>\n` +
      `    <properties>\n${properties.map(([name, value]) => `      <property${attrs({ name, value })}/>\n`).join('')}    </properties>\n`
    );
  };

  const suiteEnd = (f: FileSummary): string =>
    (errorsOf.get(f.file) ?? [])
      .map((e) => {
        const where = `${e.line !== undefined ? `line ${e.line}` : 'file'}${e.field ? ` ${e.field}` : ''}`;
        return `    <testcase${attrs({ name: `input error at ${where}`, classname: classname(f.file), time: 0 })}>\n      <error${attrs({ message: e.message, type: 'input' })}>${xmlText(errorLine(e))}</error>\n    </testcase>\n`;
      })
      .join('') + '  </testsuite>\n';

  /**
   * Closes the open testsuite, writes those that come before `file` (files with errors alone), and
   * opens `file`'s; at the end (`file` undefined), writes the rest.
   */
  const moveTo = (file: string | undefined): string => {
    if (file !== undefined && open >= 0 && files[open]!.file === file) return '';
    let out = open >= 0 ? suiteEnd(files[open]!) : '';
    let target = file === undefined ? files.length : files.findIndex((f, i) => i > open && f.file === file);
    // A file the head does not list ahead (a report put together by hand): a testsuite of its own.
    if (target === -1) {
      files.push({ file: file!, applicants: 0, failed: 0, rejected: 0, byLevel: emptyLevelCounts() });
      target = files.length - 1;
    }
    for (let i = open + 1; i < target; i++) out += suiteStart(files[i]!) + suiteEnd(files[i]!);
    open = target;
    if (target < files.length) out += suiteStart(files[target]!);
    return out;
  };

  return {
    start(h) {
      head = h;
      files = [...h.summary.byFile];
      for (const e of h.errors) {
        if (!files.some((f) => f.file === e.file)) files.push({ file: e.file, applicants: 0, failed: 0, rejected: 0, byLevel: emptyLevelCounts() });
        errorsOf.set(e.file, [...(errorsOf.get(e.file) ?? []), e]);
      }
      const total = files.map(counts).reduce((t, c) => ({ tests: t.tests + c.tests, failures: t.failures + c.failures, errors: t.errors + c.errors }), {
        tests: 0,
        failures: 0,
        errors: 0,
      });
      return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attrs({ name: 'vet', ...total, time: 0 })}>\n`;
    },
    applicant(a) {
      let out = moveTo(a.input.file);
      const name = a.name ? `${a.id} ${a.name}` : a.id;
      const testcase = attrs({ name: `${name} (line ${a.input.line}): ${a.level}, score ${a.score}`, classname: classname(a.input.file), time: 0 });
      const text = findingsText(a);
      if (a.failed) {
        const rules = [...new Set(a.findings.filter((f) => f.points > 0).map((f) => f.rule))].join(', ');
        const message = `${a.level}, score ${a.score}${rules ? `: ${rules}` : ''} - a reason to verify, not a verdict`;
        out += `    <testcase${testcase}>\n      <failure${attrs({ message, type: a.level })}>${xmlText(text)}</failure>\n    </testcase>\n`;
      } else if (text !== '') out += `    <testcase${testcase}>\n      <system-out>${xmlText(text)}</system-out>\n    </testcase>\n`;
      else out += `    <testcase${testcase}/>\n`;
      return out;
    },
    end() {
      return moveTo(undefined) + '</testsuites>\n';
    },
  };
}

/** Jenkins reads dots in a classname as packages: the file's name is kept whole, its folders left out. */
function classname(file: string): string {
  return `vet.${file.replace(/^.*[/\\]/, '').replace(/[.\s]/g, '_')}`;
}

export function formatJunit(report: Report, options: JunitOptions = {}): string {
  return writeWhole(junitWriter(options), report);
}
