import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { wholeNumber } from './numbers.js';
import { UsageError } from '../errors.js';
import { vetHome } from '../sources/home.js';
import { OFAC_BASE_URL } from '../sources/sanctions/files.js';
import type { ListMeta } from '../sources/sanctions/store.js';

// Parsing and indexing code is imported by the subcommand that needs it.
const store = () => import('../sources/sanctions/store.js');

export interface CommandContext {
  env: Record<string, string | undefined>;
  cwd: string;
  now: () => Date;
  out: (text: string) => void;
  err: (text: string) => void;
  /** For a command whose answer is its exit status (`vet audit verify`). */
  setExitCode: (code: number) => void;
  /** The terminal, for a command that asks questions (`vet review report.json`); undefined in-process. */
  terminal?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; interactive: boolean };
}

function installed(meta: ListMeta): string {
  const c = meta.counts;
  return `installed ${meta.description}: ${c.entries} entries, ${c.aliases} aliases, ${c.addresses} addresses (${c.names} names indexed), dated ${meta.date}`;
}

const DATE_SOURCES = {
  publication: "OFAC's publication date, from SDN.XML",
  user: 'the date given to vet lists import --date',
  'file-dates': "the newest file date: Last-Modified of OFAC's download (or, for lists imported before vet read the date from the data, the files' times)",
} as const;

/** `vet lists update | import | status`. */
export function listsCommand(ctx: CommandContext): Command {
  const lists = new Command('lists').description('install and inspect the OFAC sanctions list used by sdn-alias-match');

  lists
    .command('update')
    .description("download the OFAC SDN files from OFAC's Sanctions List Service (the only command that uses the network)")
    .option('--url <base>', `base URL of the files (default: VET_LIST_URL or ${OFAC_BASE_URL})`)
    .addOption(new Option('--include <list>', 'also install the non-SDN consolidated list').choices(['consolidated']))
    .option('--force', 'install even if the new list is less than half the size of the installed one')
    .addOption(new Option('--min-entries <n>', 'refuse a download with fewer entries (a truncated or wrong file)').argParser(wholeNumber(0)).default(1000))
    .addOption(new Option('--max-bytes <n>', 'refuse a file larger than this many bytes').argParser(wholeNumber(0)).default(64 * 1024 * 1024))
    .action(async (opts: { url?: string; include?: string; force?: boolean; minEntries: number; maxBytes: number }) => {
      const base = opts.url ?? ctx.env.VET_LIST_URL ?? OFAC_BASE_URL;
      const consolidated = opts.include === 'consolidated';
      const { downloadList } = await import('../sources/sanctions/download.js');
      const { installList } = await store();
      const files = await downloadList(base, consolidated, { maxBytes: opts.maxBytes });
      const meta = installList(vetHome(ctx.env), files, {
        source: base,
        includeConsolidated: consolidated,
        now: ctx.now(),
        force: opts.force === true,
        minEntries: opts.minEntries,
      });
      ctx.out(`${installed(meta)}\n`);
    });

  lists
    .command('rollback')
    .description('make the previous version of the list current again (a second rollback undoes the first)')
    .action(async () => {
      const { rollbackList } = await store();
      const { current, previous } = rollbackList(vetHome(ctx.env));
      ctx.out(`rolled back: ${installed(current)}\n  kept as previous: dated ${previous.date}, ${previous.counts.entries} entries\n`);
    });

  lists
    .command('import')
    .description('install the OFAC files from a folder (air-gapped machines): SDN.CSV, ALT.CSV, ADD.CSV and SDN_COMMENTS.CSV')
    .argument('<folder>', 'folder holding the files (names in any case)')
    .addOption(new Option('--include <list>', 'also install the non-SDN consolidated list (CONS_*.CSV)').choices(['consolidated']))
    .option('--force', 'install even if the new list is less than half the size of the installed one')
    .option('--date <YYYY-MM-DD>', "the list's publication date, when the folder has no SDN.XML to read it from (OFAC's CSV files carry none)")
    .action(async (folder: string, opts: { include?: string; force?: boolean; date?: string }) => {
      const { installList, readListFolder, folderPublishDate, checkDate } = await store();
      const dir = resolve(ctx.cwd, folder);
      const consolidated = opts.include === 'consolidated';
      const files = readListFolder(dir, consolidated);
      // The list is dated from its data or by the user, never from file times (a copy's mtime is the day it was copied).
      const given = opts.date !== undefined ? checkDate(opts.date) : undefined;
      if (opts.date !== undefined && given === undefined) throw new UsageError(`--date: "${opts.date}" is not a date (use YYYY-MM-DD)`);
      const published = folderPublishDate(dir);
      if (given !== undefined && published !== undefined && given !== published) {
        ctx.err(`vet: warning: --date ${given} differs from the publication date in SDN.XML (${published}); using ${given}\n`);
      }
      const date =
        given !== undefined
          ? { value: given, source: 'user' as const }
          : published !== undefined
            ? { value: published, source: 'publication' as const }
            : undefined;
      if (date === undefined) {
        throw new UsageError(
          `${dir}: OFAC's CSV files carry no publication date and vet does not guess it from file times: give it with --date YYYY-MM-DD (the "Last Updated" date of OFAC's Sanctions List Service), or put OFAC's SDN.XML in the folder`,
        );
      }
      const meta = installList(vetHome(ctx.env), files, { source: dir, includeConsolidated: consolidated, now: ctx.now(), force: opts.force === true, date });
      ctx.out(`${installed(meta)}\n`);
    });

  lists
    .command('status')
    .description('show the installed list, its date and counts; warn when it is old')
    .option('--max-age <days>', 'warn when the list is older than this many days', '7')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { maxAge: string; format: 'text' | 'json' }) => {
      const maxAge = Number(opts.maxAge);
      if (!Number.isInteger(maxAge) || maxAge < 0) throw new UsageError('--max-age must be a whole number of days');
      const { listAgeDays, readMeta } = await store();
      const home = vetHome(ctx.env);
      const meta = readMeta(home);
      const previous = readMeta(home, 'previous');
      const now = ctx.now();
      if (!meta) {
        const builtin = (await import('../sources/sanctions/watchlist.js')).builtinWatchlist();
        if (opts.format === 'json') {
          ctx.out(`${JSON.stringify({ home, installed: null, builtin: { id: builtin.id, date: builtin.date, entries: builtin.entries.length } }, null, 2)}\n`);
        } else {
          ctx.out(
            `No OFAC list installed under ${home}.\nvet uses its built-in DPRK IT-worker watchlist (${builtin.entries.length} entries, curated ${builtin.date}).\nRun "vet lists update" (or "vet lists import FOLDER") to screen against the full OFAC list.\n`,
          );
        }
        return;
      }
      const age = listAgeDays(meta.date, now);
      const stale = age > maxAge;
      if (opts.format === 'json') {
        ctx.out(`${JSON.stringify({ home, installed: { ...meta, ageDays: age, stale }, previous: previous ?? null }, null, 2)}\n`);
      } else {
        const c = meta.counts;
        const lines = [
          `${meta.description} (${meta.lists.join(' + ')})`,
          `  source:    ${meta.source}`,
          `  date:      ${meta.date} (${DATE_SOURCES[meta.dateSource]}), ${age} day${age === 1 ? '' : 's'} old`,
          `  installed: ${meta.installedAt}`,
          `  entries:   ${c.entries}  aliases: ${c.aliases}  addresses: ${c.addresses}  names indexed: ${c.names}`,
          `  e-mails:   ${c.emails}  wallets: ${c.wallets}`,
          ...Object.entries(meta.fileDates).map(([f, d]) => `  ${f.padEnd(17)} ${d}`),
          previous ? `  previous version kept: dated ${previous.date}, ${previous.counts.entries} entries` : '  no previous version kept',
        ];
        ctx.out(lines.join('\n') + '\n');
      }
      if (stale) ctx.err(`vet: warning: the installed list is ${age} days old (more than ${maxAge}); run "vet lists update"\n`);
    });
  return lists;
}
