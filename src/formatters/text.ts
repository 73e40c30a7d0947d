import { Chalk, type ChalkInstance } from 'chalk';
import type { ApplicantLevel, FindingLevel } from '../engine/levels.js';
import { APPLICANT_LEVELS } from '../engine/levels.js';
import type { Report } from '../engine/report.js';
import { describeEvidence, errorLine, visible } from './shared.js';
import { writeWhole, type ReportWriter } from './writer.js';

export interface TextOptions {
  color: boolean;
  /** How many errors to list before "and N more". */
  maxErrors?: number;
}

function paint(chalk: ChalkInstance, level: ApplicantLevel | FindingLevel, text: string): string {
  switch (level) {
    case 'critical':
      return chalk.bold.red(text);
    case 'high':
      return chalk.red(text);
    case 'medium':
      return chalk.yellow(text);
    case 'low':
      return chalk.cyan(text);
    case 'info':
      return chalk.gray(text);
    case 'clear':
      return chalk.green(text);
    case 'unchecked':
      return chalk.magenta(text);
  }
}

/** For a person at a terminal: one block per applicant with findings, then a summary. */
export function textWriter(options: TextOptions): ReportWriter {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  return {
    start: () => '',
    applicant(a) {
      if (a.findings.length === 0 && a.level !== 'unchecked') return '';
      const out: string[] = [];
      const who = visible(a.name ? `${a.id}  ${a.name}` : a.id);
      out.push(
        `${paint(chalk, a.level, a.level.toUpperCase().padEnd(8))} ${chalk.bold(who)}  ${chalk.dim(visible(`${a.input.file}:${a.input.line}`))}  score ${a.score}`,
      );
      if (a.level === 'unchecked')
        out.push(chalk.dim('  nothing could be checked: no name, contact, address, location, identifier or IP address vet can compare'));
      for (const f of a.findings) {
        out.push(
          `  ${paint(chalk, f.level, f.level.padEnd(8))} ${`+${f.points}`.padStart(4)}  ${visible(f.message)}  ${chalk.dim(`[${f.rule}/${f.messageId}]`)}${f.countedIn ? chalk.dim(` (scored once, under ${f.countedIn})`) : ''}`,
        );
        for (const e of f.evidence) out.push(chalk.dim(`                 ${describeEvidence(e)}`));
      }
      if (a.checks.notChecked.length > 0)
        out.push(chalk.dim(`  not checked: ${visible(a.checks.notChecked.map((c) => `${c.check}: ${c.reason}`).join('; '))}`));
      return out.join('\n') + '\n\n';
    },
    end(report) {
      const out: string[] = [];
      const max = options.maxErrors ?? 50;
      if (report.errors.length > 0) {
        out.push(chalk.bold(`Rejected input (${report.errors.length}):`));
        for (const e of report.errors.slice(0, max)) out.push(`  ${chalk.red('✗')} ${errorLine(e)}`);
        if (report.errors.length > max) out.push(`  … and ${report.errors.length - max} more (see --format json)`);
        out.push('');
      }
      const { summary } = report;
      const counts = [...APPLICANT_LEVELS]
        .reverse()
        .filter((l) => l !== 'unchecked' || summary.byLevel[l] > 0)
        .map((l) => paint(chalk, l, `${l} ${summary.byLevel[l]}`))
        .join(', ');
      out.push(
        `${chalk.bold(`${summary.applicants} applicant${summary.applicants === 1 ? '' : 's'} vetted`)}: ${counts}${summary.rejected ? `; ${summary.rejected} rejected` : ''}`,
      );
      if (report.scoring.failOn !== 'none' || report.scoring.failOnUnchecked) {
        const gate = [
          report.scoring.failOn !== 'none' ? `at or above --fail-on ${report.scoring.failOn}` : '',
          report.scoring.failOnUnchecked ? 'unchecked' : '',
        ]
          .filter(Boolean)
          .join(' or ');
        out.push(`${summary.failed} ${gate}`);
      }
      for (const note of summary.notes) out.push(chalk.yellow(`Note: ${note}`));
      if (summary.ignoredColumns.length > 0) {
        const shown = summary.ignoredColumns.slice(0, 20).map((c) => `"${visible(c.header)}"${c.note ? ` (${c.note})` : ''}`);
        out.push(
          chalk.dim(
            `Columns not read (kept in extra): ${shown.join(', ')}${summary.ignoredColumns.length > 20 ? `, and ${summary.ignoredColumns.length - 20} more` : ''}`,
          ),
        );
      }
      out.push(chalk.dim(`Sources: ${report.sources.map((s) => `${s.id} ${s.version ?? s.date ?? ''}`.trim()).join('; ') || 'none'}`));
      out.push(chalk.dim(report.notice));
      return out.join('\n') + '\n';
    },
  };
}

export function formatText(report: Report, options: TextOptions): string {
  return writeWhole(textWriter(options), report);
}
