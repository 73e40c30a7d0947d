import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import type { CommandContext } from './lists-command.js';
import { isPostgresUrl } from '../sources/ledger-store.js';

const ledgerModule = () => import('../sources/ledger.js');

/** `vet ledger stats | forget ID... | prune --older-than AGE`. */
export function ledgerCommand(ctx: CommandContext): Command {
  const ledger = new Command('ledger').description("inspect and erase the identity ledger (identifiers of earlier runs, stored as keyed hashes in vet's home)");
  const where = (path: string | undefined) => (path ? { path: isPostgresUrl(path) ? path : resolve(ctx.cwd, path) } : {});
  const open = async (path: string | undefined) => {
    const { openLedger } = await ledgerModule();
    return openLedger(ctx.env, { ...where(path), now: ctx.now });
  };
  const ledgerOption = () =>
    new Option('--ledger <file-or-url>', "ledger file, or a postgres:// URL for a team ledger (default: $VET_LEDGER, else ledger.sqlite in vet's home)");

  ledger
    .command('stats')
    .description('how many applicants and identifiers the ledger holds, by kind, and its size')
    .addOption(ledgerOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { ledger?: string; format: 'text' | 'json' }) => {
      const l = await open(opts.ledger);
      try {
        const s = await l.stats();
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
        await l.close();
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
      // Review decisions live in a SQLite ledger only (for now).
      const book = l.place()?.kind === 'postgres' ? undefined : ReviewBook.open(ctx.env, { ...where(opts.ledger), now: ctx.now });
      try {
        for (const id of ids) {
          // Review decisions first: they name the person by the hashes the findings recorded.
          const reviews = book?.forget(id) ?? { decisions: 0, findings: 0 };
          const r = await l.forget(id);
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
        await l.close();
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
        const r = await l.prune(before);
        ctx.out(`erased ${r.identifiers} identifiers and ${r.applicants} applicants last seen before ${before.toISOString().slice(0, 10)}\n`);
      } finally {
        await l.close();
      }
    });
  ledger
    .command('init')
    .description("create a team ledger's schema in PostgreSQL and record the key's fingerprint; prints how to share the key")
    .requiredOption('--ledger <url>', 'the postgres:// URL of the team ledger (run as the database owner)')
    .action(async (opts: { ledger: string }) => {
      if (!isPostgresUrl(opts.ledger))
        throw new UsageError('--ledger: vet ledger init is for a PostgreSQL ledger (postgres://...); a SQLite ledger is made at first use');
      const { PgLedger } = await import('../sources/ledger-pg.js');
      const { teamKey } = await import('../sources/ledger-key.js');
      const key = teamKey(ctx.env);
      const r = await PgLedger.init(opts.ledger, key);
      const { safeUrl } = await import('../sources/ledger-store.js');
      ctx.out(
        `${r.created ? 'created' : 'brought up to date'}: the vet ledger schema in ${safeUrl(opts.ledger)}, key fingerprint ${r.fingerprint}\n` +
          `Every machine that vets against it needs the same key, never stored in the database. Give them\n` +
          `  VET_LEDGER_KEY=${key.toString('base64')}\n` +
          `through your secret store (a CI secret, a password manager), or copy the key file from vet's home (mode 0600).\n` +
          `A run with another key is refused. See docs/team.md.\n`,
      );
    });

  ledger
    .command('migrate')
    .description("bring a team ledger's schema to this vet's version (refused on a newer schema)")
    .requiredOption('--ledger <url>', 'the postgres:// URL of the team ledger (run as the database owner)')
    .action(async (opts: { ledger: string }) => {
      if (!isPostgresUrl(opts.ledger)) throw new UsageError('--ledger: vet ledger migrate is for a PostgreSQL ledger (postgres://...)');
      const { PgLedger, PG_SCHEMA_VERSION } = await import('../sources/ledger-pg.js');
      const { teamKey } = await import('../sources/ledger-key.js');
      await PgLedger.init(opts.ledger, teamKey(ctx.env));
      ctx.out(`schema at version ${PG_SCHEMA_VERSION}\n`);
    });
  return ledger;
}
