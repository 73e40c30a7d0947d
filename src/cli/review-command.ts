import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import type { ReviewDecision, ReviewStore } from '../sources/reviews.js';
import { isPostgresUrl } from '../sources/ledger-store.js';
import { auditDecision, decide, decisionInput, reviewer } from './review-decide.js';
import type { CommandContext } from './lists-command.js';

const reviewsModule = () => import('../sources/reviews-open.js');

function describe(d: ReviewDecision): string {
  const state = d.undoneAt ? `undone ${d.undoneAt.slice(0, 10)} by ${d.undoneBy ?? '?'}` : d.expires ? `expires ${d.expires.slice(0, 10)}` : 'no expiry';
  return `${d.id}  ${d.at.slice(0, 10)}  ${d.decision.padEnd(9)}  applicant ${d.applicantId}  finding ${d.finding} (${d.rule}/${d.messageId})  by ${d.by}  ${state}\n    ${d.reason}\n`;
}

/** `vet review APPLICANT FINDING --decision ...`, `vet review list`, `vet review undo ID`, `vet review report.json`. */
export function reviewCommand(ctx: CommandContext): Command {
  const open = async (path: string | undefined): Promise<ReviewStore> => {
    const { openReviews } = await reviewsModule();
    const book = await openReviews(ctx.env, { ...(path ? { path: isPostgresUrl(path) ? path : resolve(ctx.cwd, path) } : {}), now: ctx.now });
    if (!book) throw new UsageError('review decisions are kept in the identity ledger, which is off (VET_LEDGER=off): pass --ledger FILE');
    return book;
  };
  const ledgerOption = () =>
    new Option('--ledger <file-or-url>', "ledger file, or a team's postgres:// URL (default: $VET_LEDGER, else ledger.sqlite in vet's home)");

  const review = new Command('review')
    .enablePositionalOptions()
    .description(
      "record what a reviewer verified about a finding (cleared, confirmed or escalated), so that the next runs show it; or walk a report's flagged findings one by one: vet review report.json",
    )
    .argument('<applicant-or-report>', 'the applicant id as the report prints it, or a JSON report to walk through')
    .argument('[finding]', 'the finding id the report prints (its first six characters or more)')
    .addOption(new Option('--decision <decision>', 'what you found').choices(['cleared', 'confirmed', 'escalated']))
    .option('--reason <text>', 'what you verified and how (kept in the ledger; erased with the applicant by vet ledger forget)')
    .option('--by <name>', 'who decided (default: your login name)')
    .option('--expires <age>', 'the decision lapses after this long, for example 365d, 26w, 12m or 1y')
    .addOption(ledgerOption())
    .action(
      async (target: string, finding: string | undefined, opts: { decision?: string; reason?: string; by?: string; expires?: string; ledger?: string }) => {
        if (finding === undefined) {
          const { interactiveReview } = await import('./review-walk.js');
          await interactiveReview(ctx, resolve(ctx.cwd, target), { ...opts, open });
          return;
        }
        if (opts.decision === undefined) throw new UsageError('--decision: say cleared, confirmed or escalated');
        const { ageFromNow } = await import('../sources/ledger.js');
        const input = decisionInput({ ...opts, decision: opts.decision }, ctx.now(), ageFromNow);
        const book = await open(opts.ledger);
        let d: ReviewDecision;
        try {
          d = await decide(book, target, finding, input);
        } finally {
          await book.close();
        }
        await auditDecision(ctx, 'review', d);
        ctx.out(
          `recorded ${d.id}: finding ${d.finding} of applicant ${d.applicantId} ${d.decision} by ${d.by}${d.expires ? `, until ${d.expires.slice(0, 10)}` : ''}\n`,
        );
      },
    );

  review
    .command('list')
    .description('the decisions recorded, oldest first (undone ones marked)')
    .option('--applicant <id>', 'only this applicant id')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(ledgerOption())
    .action(async (opts: { applicant?: string; format: 'text' | 'json'; ledger?: string }) => {
      const book = await open(opts.ledger);
      let list: ReviewDecision[];
      try {
        list = await book.list(opts.applicant);
      } finally {
        await book.close();
      }
      if (opts.format === 'json') {
        // The person hashes stay in the ledger: a listing shows what a reviewer needs.
        ctx.out(
          `${JSON.stringify(
            list.map(({ person: _p, topic: _t, basis: _b, ...d }) => d),
            null,
            2,
          )}\n`,
        );
        return;
      }
      ctx.out(list.length === 0 ? 'no review decisions recorded\n' : list.map(describe).join(''));
    });

  review
    .command('undo')
    .description('undo a decision: the finding counts again from the next run (the decision stays listed, marked undone)')
    .argument('<decision-id>', 'as vet review list prints it (d-...)')
    .option('--by <name>', 'who undid it (default: your login name)')
    .addOption(ledgerOption())
    .action(async (id: string, opts: { by?: string; ledger?: string }) => {
      const book = await open(opts.ledger);
      let d: ReviewDecision | undefined;
      let existing: ReviewDecision | undefined;
      try {
        d = await book.undo(id, reviewer(opts.by));
        if (!d) existing = await book.get(id);
      } finally {
        await book.close();
      }
      if (!d)
        throw new UsageError(
          existing ? `decision ${id} was already undone on ${existing.undoneAt!.slice(0, 10)}` : `no decision "${id}" (vet review list shows them)`,
        );
      await auditDecision(ctx, 'review-undo', d);
      ctx.out(`undone ${d.id}: finding ${d.finding} of applicant ${d.applicantId} counts again from the next run\n`);
    });
  return review;
}
