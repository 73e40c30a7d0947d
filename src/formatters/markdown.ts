import type { Report } from '../engine/report.js';
import { APPLICANT_LEVELS } from '../engine/levels.js';
import { describeEvidence, errorLine, visible } from './shared.js';
import { writeWhole, type ReportWriter } from './writer.js';

/** Escapes text for a Markdown table cell or line: no table breaks, no HTML, no emphasis. */
export function mdEscape(text: string): string {
  return visible(
    text
      .replace(/\\/g, '\\\\')
      .replace(/([|*_`[\]<>#])/g, '\\$1')
      .replace(/\r?\n/g, ' '),
  );
}

export function markdownWriter(): ReportWriter {
  return {
    start(head) {
      const { summary, scoring } = head;
      const out: string[] = [];
      out.push(`# vet report`, '');
      if (head.incomplete) out.push(`> **Incomplete:** ${mdEscape(head.incomplete)}`, '');
      const n = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;
      const gate =
        scoring.failOn === 'none'
          ? ''
          : `, ${summary.failed} need${summary.failed === 1 ? 's' : ''} review (${scoring.failOn}${scoring.failOn === 'critical' ? '' : ' or above'})`;
      out.push(`${n(summary.applicants, 'applicant')} vetted${gate}, ${n(summary.rejected, 'rejected record')}.`, '');
      out.push('| level | applicants |', '| --- | ---: |');
      for (const level of [...APPLICANT_LEVELS].reverse()) out.push(`| ${level} | ${summary.byLevel[level]} |`);
      if (summary.notes.length > 0) out.push('', ...summary.notes.map((n) => `> **Note:** ${mdEscape(n)}`));
      if (summary.ignoredColumns.length > 0) {
        out.push(
          '',
          `Columns not read (kept in extra): ${summary.ignoredColumns.map((c) => mdEscape(`"${c.header}"${c.note ? ` (${c.note})` : ''}`)).join(', ')}`,
        );
      }
      return out.join('\n') + '\n\n';
    },
    applicant(a) {
      if (a.findings.length === 0 && a.level !== 'unchecked') return '';
      const out: string[] = [];
      out.push(`## ${mdEscape(a.id)}${a.name ? ` — ${mdEscape(a.name)}` : ''}: ${a.level} (score ${a.score})`, '');
      out.push(`Input: ${mdEscape(a.input.file)} line ${a.input.line}`, '');
      if (a.level === 'unchecked') out.push('Nothing could be checked: no name, contact, address, location, identifier or IP address vet can compare.', '');
      if (a.checks.notChecked.length > 0) out.push(`Not checked: ${mdEscape(a.checks.notChecked.map((c) => `${c.check}: ${c.reason}`).join('; '))}`, '');
      if (a.findings.length === 0) return out.join('\n') + '\n';
      out.push('| level | points | rule | finding | evidence | next step |', '| --- | ---: | --- | --- | --- | --- |');
      for (const f of a.findings) {
        const evidence = f.evidence.map((e) => mdEscape(describeEvidence(e))).join('<br>');
        const review = f.review
          ? `<br>**${f.review.status === 'decided' ? `Reviewed: ${f.review.decision}` : 'Re-opened'}** ${mdEscape(f.review.status === 'decided' ? `by ${f.review.by} on ${f.review.at.slice(0, 10)}: ${f.review.reason}` : (f.review.why ?? ''))}`
          : '';
        const next = f.nextStep ? `${mdEscape(f.nextStep)} ([how to review](${f.doc}))` : `[how to review](${f.doc})`;
        out.push(
          `| ${f.level} | ${f.points}${f.countedIn ? ` (scored under ${f.countedIn})` : ''} | ${f.rule}/${f.messageId} \`${f.id}\` | ${mdEscape(f.message)}${review} | ${evidence} | ${next} |`,
        );
      }
      return out.join('\n') + '\n\n';
    },
    end(report) {
      const out: string[] = [];
      if (report.errors.length > 0) {
        out.push('## Rejected input', '');
        for (const e of report.errors) out.push(`- ${mdEscape(errorLine(e))}`);
        out.push('');
      }
      out.push('## Sources', '');
      for (const s of report.sources) out.push(`- ${mdEscape(s.id)} ${mdEscape(s.version ?? s.date ?? '')}: ${mdEscape(s.description)}`);
      out.push('', `_${mdEscape(report.notice)}_`, '');
      return out.join('\n');
    },
  };
}

export function formatMarkdown(report: Report): string {
  return writeWhole(markdownWriter(), report);
}
