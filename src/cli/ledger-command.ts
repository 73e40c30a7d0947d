import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import type { CommandContext } from './lists-command.js';
import { KIND_NAMES } from '../identity/kinds.js';
import { isPostgresUrl, type LaterSighting } from '../sources/ledger-store.js';
import { grouped } from '../digits.js';

const ledgerModule = () => import('../sources/ledger.js');

/** --since: an ISO 8601 date or time, or an age before now (12h, 7d, 2w). */
function sinceTime(text: string, now: Date, parseAge: (text: string, now: Date) => Date | undefined): Date {
  const hours = /^(\d+)\s*h$/i.exec(text.trim());
  if (hours) return new Date(now.getTime() - Number(hours[1]) * 3_600_000);
  const age = parseAge(text, now);
  if (age) return age;
  const t = /^\d{4}-\d{2}-\d{2}/.test(text.trim()) ? Date.parse(text.trim()) : NaN;
  if (Number.isNaN(t)) throw new UsageError(`--since: "${text}" is neither a date or time (2026-12-02T09:00Z) nor an age (12h, 7d)`);
  return new Date(t);
}

function reconcileText(found: readonly LaterSighting[], applicants: number, since: Date): string {
  const from = since.toISOString().replace('.000Z', 'Z');
  if (found.length === 0) return `nothing to reconcile: no applicant vetted since ${from} shares an identifier with one recorded later by another run\n`;
  const kindName = (kind: string) => (KIND_NAMES as Record<string, string | undefined>)[kind] ?? kind;
  const lines = found.map((f) => {
    const others = f.later.map((o) => `${o.applicantId} (${o.file}, ${o.seenAt.slice(0, 10)})`).join(', ');
    const more = f.count > f.later.length ? ` and ${f.count - f.later.length} more` : '';
    return `  ${f.applicantId} (${f.file}, vetted ${f.seenAt.slice(0, 10)}): the same ${kindName(f.kind)} was given afterwards under a different name by ${others}${more}\n`;
  });
  return (
    `${applicants} applicant${applicants === 1 ? '' : 's'} vetted since ${from} share${applicants === 1 ? 's' : ''} an identifier with an applicant another run recorded afterwards:\n` +
    lines.join('') +
    `Their own reports could not show this (the later applicant's report does, as "seen before"). Review them as identity-reuse findings: docs/rules/identity-reuse.md.\n`
  );
}

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
          .map(([k, n]) => `  ${k.padEnd(16)} ${grouped(n)}`)
          .join('\n');
        ctx.out(
          `${s.path}\n` +
            `applicants       ${grouped(s.applicants)}\n` +
            `identifiers      ${grouped(s.identifiers)} (keyed hashes; no value is stored)\n` +
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
      const { openReviews } = await import('../sources/reviews-open.js');
      const book = await openReviews(ctx.env, { ...where(opts.ledger), now: ctx.now });
      try {
        for (const id of ids) {
          // Review decisions first: they name the person by the hashes the findings recorded.
          const reviews = (await book?.forget(id)) ?? { decisions: 0, findings: 0 };
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
        await book?.close();
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
    .command('reconcile')
    .description(
      'list the applicants vetted since a time whose identifiers another run recorded afterwards under another name: what concurrent shards, or later batches, could not show in their reports (exit 1 when any)',
    )
    .requiredOption('--since <time>', 'when the runs to reconcile started: a date or time (2026-12-02T09:00Z) or an age (12h, 7d)')
    .addOption(ledgerOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { since: string; ledger?: string; format: 'text' | 'json' }) => {
      const since = sinceTime(opts.since, ctx.now(), (await ledgerModule()).parseAge);
      const l = await open(opts.ledger);
      try {
        const found = await l.reconcile(since.getTime());
        const applicants = new Set(found.map((f) => f.applicantId)).size;
        ctx.setExitCode(found.length > 0 ? 1 : 0);
        if (opts.format === 'json') {
          ctx.out(`${JSON.stringify({ ledger: l.where, since: since.toISOString(), applicants, sightings: found }, null, 2)}\n`);
          return;
        }
        ctx.out(reconcileText(found, applicants, since));
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
