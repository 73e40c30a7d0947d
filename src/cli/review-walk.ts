import { readFileSync } from 'node:fs';
import { UsageError, VetError } from '../errors.js';
import type { ApplicantResult, Finding, Report } from '../engine/report.js';
import type { ReviewStore } from '../sources/reviews.js';
import { evidenceLines } from '../formatters/shared.js';
import type { CommandContext } from './lists-command.js';
import { auditDecision, decide, decisionInput } from './review-decide.js';

/** The findings a walk asks about: those that add points or are at least low, not already decided. */
function open(f: Finding): boolean {
  return f.level !== 'info' && f.review?.status !== 'decided';
}

function readReport(file: string): Report {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let report: Report;
  try {
    report = JSON.parse(text) as Report;
  } catch {
    throw new UsageError(`${file}: not a JSON report (write one with vet -f json -o report.json; give an applicant id and a finding id to decide without one)`);
  }
  if (!Array.isArray(report.applicants) || report.tool?.name !== 'vet') throw new UsageError(`${file}: not a vet JSON report`);
  return report;
}

/**
 * `vet review report.json`: each flagged finding in turn, worst applicant first, with its evidence
 * and next step; the reviewer picks a decision with the arrow keys (or skips, or stops) and types
 * the reason. Each decision is recorded as `vet review ID FINDING` records it.
 */
export async function interactiveReview(
  ctx: CommandContext,
  file: string,
  opts: { by?: string; expires?: string; ledger?: string; open: (ledger: string | undefined) => Promise<ReviewStore> },
): Promise<void> {
  const report = readReport(file);
  const terminal = ctx.terminal;
  if (!terminal?.interactive)
    throw new UsageError('vet review report.json asks questions on a terminal; in a script, use vet review APPLICANT FINDING --decision ... --reason ...');
  const applicants = report.applicants
    .filter((a) => a.findings.some(open))
    .sort((a: ApplicantResult, b: ApplicantResult) => b.score - a.score || a.input.line - b.input.line);
  const total = applicants.reduce((n, a) => n + a.findings.filter(open).length, 0);
  const say = (text: string): void => void terminal.output.write(text);
  if (total === 0) {
    say(`${file}: no finding left to review\n`);
    return;
  }
  const { default: select } = await import('@inquirer/select');
  const { default: input } = await import('@inquirer/input');
  const { ageFromNow } = await import('../sources/ledger.js');
  const io = { input: terminal.input, output: terminal.output };
  const book = await opts.open(opts.ledger);
  let asked = 0;
  let recorded = 0;
  // Ctrl-C at a prompt ends the walk like "stop here": what was recorded stays.
  const ask = async <T>(prompt: Promise<T>): Promise<T | undefined> => {
    try {
      return await prompt;
    } catch (e) {
      if ((e as Error).name === 'ExitPromptError') return undefined;
      throw e;
    }
  };
  try {
    walk: for (const a of applicants) {
      for (const f of a.findings.filter(open)) {
        asked++;
        say(`\n[${asked}/${total}] applicant ${a.id}${a.name ? ` (${a.name})` : ''}, ${a.level}, ${a.input.file}:${a.input.line}\n`);
        say(`  finding ${f.id}  ${f.level}  ${f.message}\n`);
        for (const line of evidenceLines(f)) say(`    ${line}\n`);
        if (f.nextStep) say(`  next step: ${f.nextStep}\n`);
        if (f.review?.status === 'reopened') say(`  re-opened: ${f.review.why ?? ''} (was ${f.review.decision} by ${f.review.by})\n`);
        const choice = await ask(
          select(
            {
              message: 'Decision',
              choices: [
                { name: 'cleared: verified, not a concern', value: 'cleared' },
                { name: 'confirmed: verified, the finding holds', value: 'confirmed' },
                { name: 'escalated: needs compliance or security', value: 'escalated' },
                { name: 'skip this finding', value: 'skip' },
                { name: 'stop here', value: 'stop' },
              ],
            },
            io,
          ),
        );
        if (choice === undefined || choice === 'stop') break walk;
        if (choice === 'skip') continue;
        const reason = await ask(input({ message: 'What did you verify, and how?', required: true }, io));
        if (reason === undefined) break walk;
        try {
          const d = await decide(
            book,
            a.id,
            f.id,
            decisionInput(
              { decision: choice, reason, ...(opts.by ? { by: opts.by } : {}), ...(opts.expires ? { expires: opts.expires } : {}) },
              ctx.now(),
              ageFromNow,
            ),
          );
          await auditDecision(ctx, 'review', d);
          recorded++;
          say(`  recorded ${d.id}\n`);
        } catch (e) {
          if (!(e instanceof VetError)) throw e;
          say(`  not recorded: ${e.message}\n`);
        }
      }
    }
  } finally {
    await book.close();
  }
  ctx.out(`${recorded} decision${recorded === 1 ? '' : 's'} recorded of ${total} finding${total === 1 ? '' : 's'} to review\n`);
}
