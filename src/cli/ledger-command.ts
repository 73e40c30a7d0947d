import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import type { CommandContext } from './lists-command.js';

const ledgerModule = () => import('../sources/ledger.js');

/** `vet ledger stats | forget ID... | prune --older-than AGE`. */
export function ledgerCommand(ctx: CommandContext): Command {
  const ledger = new Command('ledger').description("inspect and erase the identity ledger (identifiers of earlier runs, stored as keyed hashes in vet's home)");
  const open = async (path: string | undefined) => {
    const { Ledger } = await ledgerModule();
    return Ledger.open(ctx.env, { ...(path ? { path: resolve(ctx.cwd, path) } : {}), now: ctx.now });
  };
  const ledgerOption = () => new Option('--ledger <file>', "ledger file (default: ledger.sqlite in vet's home)");

  ledger
    .command('stats')
    .description('how many applicants and identifiers the ledger holds, by kind, and its size')
    .addOption(ledgerOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { ledger?: string; format: 'text' | 'json' }) => {
      const l = await open(opts.ledger);
      try {
        const s = l.stats();
        if (opts.format === 'json') {
          ctx.out(`${JSON.stringify(s, null, 2)}\n`);
          return;
        }
        const kinds = Object.entries(s.byKind)
          .map(([k, n]) => `  ${k.padEnd(16)} ${n.toLocaleString('en')}`)
          .join('\n');
        ctx.out(
          `${s.path}\n` +
            `applicants       ${s.applicants.toLocaleString('en')}\n` +
            `identifiers      ${s.identifiers.toLocaleString('en')} (keyed hashes; no value is stored)\n` +
            (kinds ? `${kinds}\n` : '') +
            `size             ${(s.bytes / 1e6).toFixed(1)} MB\n` +
            (s.oldest ? `seen             ${s.oldest.slice(0, 10)} to ${s.newest!.slice(0, 10)}\n` : ''),
        );
      } finally {
        l.close();
      }
    });

  ledger
    .command('forget')
    .description("erase applicants from the ledger (a data subject's erasure request), by applicant id")
    .argument('<ids...>', 'applicant ids as they appear in the report')
    .addOption(ledgerOption())
    .action(async (ids: string[], opts: { ledger?: string }) => {
      const l = await open(opts.ledger);
      const { ReviewBook } = await import('../sources/reviews.js');
      const book = ReviewBook.open(ctx.env, { ...(opts.ledger ? { path: resolve(ctx.cwd, opts.ledger) } : {}), now: ctx.now });
      try {
        for (const id of ids) {
          // Review decisions first: they name the person by the hashes the findings recorded.
          const reviews = book?.forget(id) ?? { decisions: 0, findings: 0 };
          const r = l.forget(id);
          const none = r.applicants === 0 && r.identifiers === 0 && reviews.decisions === 0 && reviews.findings === 0;
          ctx.out(
            none
              ? `${id}: not in the ledger\n`
              : `${id}: erased (${[
                  `${r.identifiers} identifiers`,
                  reviews.decisions > 0 ? `${reviews.decisions} review decision${reviews.decisions === 1 ? '' : 's'} with their reasons` : '',
                  reviews.findings > 0 ? `${reviews.findings} reported finding${reviews.findings === 1 ? '' : 's'}` : '',
                ]
                  .filter(Boolean)
                  .join(', ')})\n`,
          );
        }
      } finally {
        book?.close();
        l.close();
      }
    });

  ledger
    .command('prune')
    .description('erase what was last seen longer ago than an age')
    .requiredOption('--older-than <age>', 'for example 365d, 52w, 12m or 1y')
    .addOption(ledgerOption())
    .action(async (opts: { olderThan: string; ledger?: string }) => {
      const { parseAge } = await ledgerModule();
      const before = parseAge(opts.olderThan, ctx.now());
      if (!before) throw new UsageError(`--older-than: "${opts.olderThan}" is not an age (expected a number and d, w, m or y, such as 365d)`);
      const l = await open(opts.ledger);
      try {
        const r = l.prune(before);
        ctx.out(`erased ${r.identifiers} identifiers and ${r.applicants} applicants last seen before ${before.toISOString().slice(0, 10)}\n`);
      } finally {
        l.close();
      }
    });
  return ledger;
}
