import { APPLICANT_LEVELS } from '../engine/levels.js';
import type { ApplicantResult, ReportHead } from '../engine/report.js';
import { STDIN_NAME } from '../input/read.js';
import { mdEscape } from './markdown.js';
import type { ReportWriter } from './writer.js';
import { grouped } from '../digits.js';

/** GitHub shows 10 error and 10 warning annotations a step and 50 a job: more would only be dropped. */
const MAX_ANNOTATIONS = 50;
/** Flagged applicants the step summary lists, worst first. */
const MAX_LISTED = 20;

/** A workflow command's message: `%`, CR and LF escaped as the runner reads them. */
function commandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: `:` and `,` escaped too. */
function commandProperty(text: string): string {
  return commandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** An applicant's id as annotations show it: an id that is an e-mail address keeps only its domain. */
function shownId(id: string): string {
  const at = id.lastIndexOf('@');
  return at > 0 ? `***${id.slice(at)}` : id;
}

const RANK = new Map(APPLICANT_LEVELS.map((l, i) => [l, i]));

interface Flagged {
  id: string;
  file: string;
  line: number;
  level: ApplicantResult['level'];
  score: number;
  failed: boolean;
  rules: string[];
}

/**
 * Under GitHub Actions: one `::error` annotation per applicant at --fail-on and one `::warning`
 * per other flagged applicant, for standard error (the runner reads workflow commands there too,
 * and standard output may hold the report), and a Markdown step summary. Neither holds a name,
 * an e-mail, a phone number or a finding's evidence: the applicant's id, where it was read, its
 * level and the rules that found something, which is what a reviewer needs to open the report.
 */
export function githubWriter(): ReportWriter & { summary(head: ReportHead, exitCode: number, written: string[]): string } {
  let annotated = 0;
  let notAnnotated = 0;
  let flaggedCount = 0;
  const worst: Flagged[] = [];
  const order = (x: Flagged, y: Flagged) => RANK.get(y.level)! - RANK.get(x.level)! || y.score - x.score;

  return {
    start: () => '',
    applicant(a) {
      if (a.level === 'clear') return '';
      flaggedCount++;
      const rules = [...new Set(a.findings.filter((f) => f.points > 0).map((f) => `${f.rule}/${f.messageId}`))];
      worst.push({ id: shownId(a.id), file: a.input.file, line: a.input.line, level: a.level, score: a.score, failed: a.failed, rules });
      if (worst.length >= 2 * MAX_LISTED) {
        worst.sort(order);
        worst.length = MAX_LISTED;
      }
      if (annotated >= MAX_ANNOTATIONS) {
        notAnnotated++;
        return '';
      }
      annotated++;
      const where = a.input.file !== STDIN_NAME ? `file=${commandProperty(a.input.file)},line=${a.input.line},` : '';
      const title = `vet: applicant ${shownId(a.id)} is ${a.level}`;
      const what =
        a.level === 'unchecked'
          ? 'nothing could be checked (no name, contact, address, location, identifier or IP address vet can compare)'
          : `score ${a.score}: ${rules.join(', ') || 'findings without points'}`;
      const message = `${a.level}, ${what}. A reason to verify, not a verdict: see the report for the evidence and the next step.`;
      return `::${a.failed ? 'error' : 'warning'} ${where}title=${commandProperty(title)}::${commandData(message)}\n`;
    },
    end: () =>
      notAnnotated > 0 ? `::notice title=vet::${notAnnotated} more flagged applicants are not annotated (GitHub shows at most 50): see the report\n` : '',
    summary(head, exitCode, written) {
      const s = head.summary;
      const n = (k: number, word: string) => `${grouped(k)} ${word}${k === 1 ? '' : 's'}`;
      const gate = head.scoring.failOn === 'none' ? '' : ` (${head.scoring.failOn}${head.scoring.failOn === 'critical' ? '' : ' or above'})`;
      const out: string[] = [`### vet: ${n(s.applicants, 'applicant')} vetted, ${grouped(s.failed)} need${s.failed === 1 ? 's' : ''} review${gate}`, ''];
      if (head.incomplete) out.push(`> **Incomplete:** ${mdEscape(head.incomplete)}`, '');
      out.push(
        `Exit status ${exitCode}${s.rejected > 0 || head.errors.length > 0 ? `; ${n(head.errors.length, 'input error')} (${n(s.rejected, 'record')} rejected)` : ''}.`,
        '',
      );
      out.push(`| ${[...APPLICANT_LEVELS].reverse().join(' | ')} |`, `|${' ---: |'.repeat(APPLICANT_LEVELS.length)}`);
      out.push(
        `| ${[...APPLICANT_LEVELS]
          .reverse()
          .map((l) => grouped(s.byLevel[l]))
          .join(' | ')} |`,
        '',
      );
      if (s.byFile.length > 1) {
        out.push('| input | applicants | need review | rejected |', '| --- | ---: | ---: | ---: |');
        for (const f of s.byFile) out.push(`| ${mdEscape(f.file)} | ${f.applicants} | ${f.failed} | ${f.rejected} |`);
        out.push('');
      }
      worst.sort(order);
      const listed = worst.slice(0, MAX_LISTED);
      if (listed.length > 0) {
        out.push(
          `Flagged applicants, worst first${flaggedCount > listed.length ? ` (${listed.length} of ${grouped(flaggedCount)})` : ''}:`,
          '',
          '| applicant | input | level | score | rules |',
          '| --- | --- | --- | ---: | --- |',
        );
        for (const f of listed) {
          out.push(
            `| ${mdEscape(f.id)} | ${mdEscape(`${f.file}:${f.line}`)} | ${f.failed ? `**${f.level}**` : f.level} | ${f.score} | ${mdEscape(f.rules.join(', '))} |`,
          );
        }
        out.push('');
      }
      if (written.length > 0) out.push(`Reports: ${written.map((w) => `\`${mdEscape(w)}\``).join(', ')}`, '');
      out.push(`_${mdEscape(head.notice)}_`, '');
      return out.join('\n') + '\n';
    },
  };
}
