import { Chalk, type ChalkInstance } from 'chalk';
import type { ApplicantLevel, FindingLevel } from '../engine/levels.js';
import { APPLICANT_LEVELS } from '../engine/levels.js';
import type { ApplicantResult, Finding, Report, ReportHead } from '../engine/report.js';
import type { SortOrder } from './formats.js';
import { describeEvidence, errorLine, visible } from './shared.js';
import { writeWhole, type ReportWriter } from './writer.js';
import { grouped } from '../digits.js';

export interface TextOptions {
  color: boolean;
  /** How many errors to list before "and N more". */
  maxErrors?: number;
  /** Wrap lines at this many columns, at word boundaries (undefined: no wrapping, for a file or a pipe). */
  width?: number;
  /** Worst first (level, then score), highest score first, or as read. */
  sort?: SortOrder;
  /** How many flagged applicants to list (0: all). */
  limit?: number;
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

/**
 * Splits text into lines of at most `width` columns at spaces; a word longer than a line is kept
 * whole on its own line, never cut. The first line has `first` columns, the others `rest`.
 */
export function wrapWords(text: string, first: number, rest = first): string[] {
  const words = text.split(/ +/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const room = lines.length === 0 ? first : rest;
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= room) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

const RANK: Record<ApplicantLevel, number> = Object.fromEntries(APPLICANT_LEVELS.map((l, i) => [l, i])) as Record<ApplicantLevel, number>;

interface Kept {
  a: ApplicantResult;
  seq: number;
}

function order(sort: SortOrder): (x: Kept, y: Kept) => number {
  if (sort === 'input') return (x, y) => x.seq - y.seq;
  if (sort === 'score') return (x, y) => y.a.score - x.a.score || x.seq - y.seq;
  return (x, y) => RANK[y.a.level] - RANK[x.a.level] || y.a.score - x.a.score || x.seq - y.seq;
}

function plural(n: number, word: string): string {
  return `${grouped(n)} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * For a person at a terminal: the summary first (levels, the rules that fired most, what could not
 * be checked), then the flagged applicants worst first, each finding with its id, evidence as
 * readable lines, the next step and any review decision; an identity ring's shared identifier is
 * described once, with the first member shown. At most `limit` applicants are listed, kept in a
 * bounded buffer however large the batch.
 */
export function textWriter(options: TextOptions): ReportWriter & { summary(head: ReportHead): string } {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const sort = options.sort ?? 'level';
  const limit = options.limit ?? 50;
  const width = options.width;
  const compare = order(sort);
  const kept: Kept[] = [];
  let flagged = 0;
  // Identifiers of identity rings already described: the applicant they were shown with.
  const rings = new Map<string, string>();

  /** Lines of `text` after a plain prefix of `indent` columns, wrapped to the width. */
  const wrap = (indent: number, text: string, hang = indent): string[] =>
    width === undefined ? [text] : wrapWords(text, Math.max(20, width - indent), Math.max(20, width - hang));

  const findingLines = (a: ApplicantResult, f: Finding): string[] => {
    const out: string[] = [];
    const head = `  ${f.level.padEnd(8)} ${`+${f.points}`.padStart(4)}  `;
    const tag = `[${f.rule}/${f.messageId} ${f.id}]`;
    const ringKey =
      f.rule === 'identity-reuse' && f.evidence[0]
        ? `${f.messageId}\u0000${f.evidence[0].path.replace(/\/\d+$/, '')}\u0000${JSON.stringify(f.evidence[0].value)}`
        : undefined;
    const shownWith = ringKey !== undefined ? rings.get(ringKey) : undefined;
    const text = shownWith !== undefined ? `Same ring as applicant ${shownWith} (described there): ${f.message}` : f.message;
    const lines = wrap(head.length, `${visible(text)} ${tag}${f.countedIn ? ` (scored once, under ${f.countedIn})` : ''}`, 17);
    lines.forEach((l, i) => out.push(i === 0 ? `  ${paint(chalk, f.level, f.level.padEnd(8))} ${`+${f.points}`.padStart(4)}  ${l}` : `${' '.repeat(17)}${l}`));
    if (ringKey !== undefined && shownWith === undefined) rings.set(ringKey, a.id);
    if (shownWith === undefined) {
      for (const e of f.evidence)
        for (const l of wrap(17, describeEvidence(e), 19).map((x, i) => (i === 0 ? x : `  ${x}`))) out.push(chalk.dim(`${' '.repeat(17)}${l}`));
    }
    if (f.review) {
      const r = f.review;
      const said =
        r.status === 'decided'
          ? `reviewed: ${r.decision} by ${r.by} on ${r.at.slice(0, 10)}${r.expires ? ` (until ${r.expires.slice(0, 10)})` : ''}: ${r.reason}`
          : `re-opened: ${r.why ?? ''} (was ${r.decision} by ${r.by} on ${r.at.slice(0, 10)})`;
      for (const l of wrap(17, visible(said), 19)) out.push(`${' '.repeat(17)}${r.status === 'decided' ? chalk.green(l) : chalk.yellow(l)}`);
    }
    if (f.nextStep && f.review?.status !== 'decided') {
      for (const l of wrap(17, `next: ${f.nextStep} (${f.doc.replace(/#.*$/, '')})`, 23)) out.push(chalk.dim(`${' '.repeat(17)}${l}`));
    }
    return out;
  };

  const block = (a: ApplicantResult): string => {
    const out: string[] = [];
    const who = visible(a.name ? `${a.id}  ${a.name}` : a.id);
    out.push(
      `${paint(chalk, a.level, a.level.toUpperCase().padEnd(8))} ${chalk.bold(who)}  ${chalk.dim(visible(`${a.input.file}:${a.input.line}`))}  score ${a.score}`,
    );
    if (a.level === 'unchecked') {
      for (const l of wrap(2, 'nothing could be checked: no name, contact, address, location, identifier or IP address vet can compare'))
        out.push(chalk.dim(`  ${l}`));
    }
    for (const f of a.findings) out.push(...findingLines(a, f));
    if (a.checks.notChecked.length > 0) {
      const text = `not checked: ${visible(a.checks.notChecked.map((c) => `${c.check}: ${c.reason}`).join('; '))}`;
      for (const l of wrap(2, text, 4).map((x, i) => (i === 0 ? x : `  ${x}`))) out.push(chalk.dim(`  ${l}`));
    }
    return out.join('\n') + '\n\n';
  };

  const summary = (head: ReportHead, listing = true): string => {
    const out: string[] = [];
    const { summary: s, scoring } = head;
    if (head.incomplete) out.push(chalk.bold.yellow(`INCOMPLETE: ${head.incomplete}`));
    const counts = [...APPLICANT_LEVELS]
      .reverse()
      .filter((l) => l !== 'unchecked' || s.byLevel[l] > 0)
      .map((l) => paint(chalk, l, `${l} ${grouped(s.byLevel[l])}`))
      .join(', ');
    out.push(`${chalk.bold(`${plural(s.applicants, 'applicant')} vetted`)}: ${counts}${s.rejected ? `; ${plural(s.rejected, 'record')} rejected` : ''}`);
    if (scoring.failOn !== 'none' || scoring.failOnUnchecked) {
      const gate = [
        scoring.failOn !== 'none' ? `${scoring.failOn}${scoring.failOn === 'critical' ? '' : ' or above'}` : '',
        scoring.failOnUnchecked ? 'unchecked' : '',
      ]
        .filter(Boolean)
        .join(', or ');
      out.push(chalk.bold(`${grouped(s.failed)} need${s.failed === 1 ? 's' : ''} review (${gate})`));
    }
    const rules = Object.entries(s.byRule)
      .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
      .slice(0, 5)
      .map(([r, n]) => `${r} ${grouped(n)}`);
    if (rules.length > 0) out.push(...wrap(0, `Top rules: ${rules.join(', ')}`));
    const unchecked = Object.entries(s.notChecked)
      .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
      .slice(0, 3)
      .map(([c, n]) => `${visible(c)} (${plural(n, 'applicant')})`);
    if (s.byLevel.unchecked > 0) unchecked.unshift(`nothing at all for ${plural(s.byLevel.unchecked, 'applicant')}`);
    if (unchecked.length > 0) out.push(...wrap(0, `Not checked: ${unchecked.join('; ')}`).map((l) => chalk.dim(l)));
    for (const note of s.notes) out.push(...wrap(0, `Note: ${note}`).map((l) => chalk.yellow(l)));
    if (s.ignoredColumns.length > 0) {
      const shown = s.ignoredColumns.slice(0, 20).map((c) => `"${visible(c.header)}"${c.note ? ` (${c.note})` : ''}`);
      const text = `Columns not read (kept in extra): ${shown.join(', ')}${s.ignoredColumns.length > 20 ? `, and ${s.ignoredColumns.length - 20} more` : ''}`;
      out.push(...wrap(0, text).map((l) => chalk.dim(l)));
    }
    const clear = s.byLevel.clear;
    if (clear > 0 && listing) out.push(chalk.dim(`${plural(clear, 'clear applicant')} ${clear === 1 ? 'is' : 'are'} counted, not listed.`));
    return out.join('\n') + '\n\n';
  };

  return {
    start: (head) => summary(head),
    summary: (head) => summary(head, false),
    applicant(a) {
      if (a.findings.length === 0 && a.level !== 'unchecked') return '';
      flagged++;
      if (sort === 'input') return limit === 0 || flagged <= limit ? block(a) : '';
      kept.push({ a, seq: flagged });
      // Bounded however many are flagged: trimmed to the `limit` worst whenever it doubles.
      if (limit > 0 && kept.length >= 2 * limit) {
        kept.sort(compare);
        kept.length = limit;
      }
      return '';
    },
    end(report) {
      const out: string[] = [];
      kept.sort(compare);
      const listed = limit === 0 ? kept : kept.slice(0, limit);
      let text = listed.map((k) => block(k.a)).join('');
      const hidden = limit === 0 ? 0 : flagged - Math.min(flagged, limit);
      if (hidden > 0) {
        text += `${chalk.bold(`… and ${plural(hidden, 'more flagged applicant')} not listed here`)} (the ${limit} listed are the ${sort === 'input' ? 'first read' : 'worst'}): --limit 0 lists all; --format csv -o flagged.csv or -f json -o report.json writes every one.\n\n`;
      }
      const max = options.maxErrors ?? 50;
      if (report.errors.length > 0) {
        out.push(chalk.bold(`Rejected input (${report.errors.length}):`));
        for (const e of report.errors.slice(0, max)) out.push(`  ${chalk.red('✗')} ${errorLine(e)}`);
        if (report.errors.length > max) out.push(`  … and ${report.errors.length - max} more (see --format json)`);
        out.push('');
      }
      out.push(
        ...wrap(0, `Sources: ${report.sources.map((s) => `${s.id} ${s.version ?? s.date ?? ''}`.trim()).join('; ') || 'none'}`).map((l) => chalk.dim(l)),
      );
      out.push(...wrap(0, report.notice).map((l) => chalk.dim(l)));
      return text + out.join('\n') + '\n';
    },
  };
}

/** The summary alone (levels, top rules, what could not be checked): what the terminal shows when the report goes to files. */
export function textSummary(head: ReportHead, options: TextOptions): string {
  return textWriter(options).summary(head);
}

export function formatText(report: Report, options: TextOptions): string {
  return writeWhole(textWriter(options), report);
}
