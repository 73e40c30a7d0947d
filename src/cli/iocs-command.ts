import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { InputError, UsageError } from '../errors.js';
import type { CommandContext } from './lists-command.js';

/** Lists larger than this are refused: an indicator list is hand-kept, not a data dump. */
const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** `vet iocs list | import FILE`: the indicators vet checks applicants against. */
export function iocsCommand(ctx: CommandContext): Command {
  const iocs = new Command('iocs').description('list the known indicators (front-company domains, addresses, companies, wallets, ...) and import your own');

  iocs
    .command('list')
    .description('list the indicators vet checks against: those shipped with vet and those you imported')
    .addOption(new Option('--kind <kind>', 'only this kind').choices(['domain', 'email', 'address', 'phone', 'wallet', 'company']))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { kind?: string; format: 'text' | 'json' }) => {
      const { loadSource } = await import('../sources/index.js');
      const source = await loadSource('iocs', { env: ctx.env });
      const shown = source.entries.filter((e) => opts.kind === undefined || e.kind === opts.kind);
      if (opts.format === 'json') {
        ctx.out(`${JSON.stringify({ source: source.info, indicators: shown }, null, 2)}\n`);
        return;
      }
      const lines = shown.map((e) =>
        [
          `${e.kind.padEnd(8)} ${e.value}${e.aliases?.length ? ` (also ${e.aliases.join(', ')})` : ''}`,
          `         ${e.origin === 'imported' ? 'imported; ' : ''}${e.source}, ${e.date}`,
          ...(e.note ? [`         ${e.note}`] : []),
        ].join('\n'),
      );
      const imported = shown.filter((e) => e.origin === 'imported').length;
      lines.push(
        '',
        `${shown.length} indicators (${shown.length - imported} shipped with vet, ${imported} imported${typeof source.info.file === 'string' ? ` into ${source.info.file}` : ''}).`,
      );
      ctx.out(lines.join('\n') + '\n');
    });

  iocs
    .command('import')
    .description("add your own indicators to vet's home: CSV with columns kind, value, source and optionally note and date, or JSON with those keys")
    .argument('<file>', 'CSV or JSON file')
    .action(async (file: string) => {
      const { parseIocList, mergeIocs } = await import('../sources/iocs/import.js');
      const { readUserIocs, writeUserIocs } = await import('../sources/iocs/index.js');
      const path = resolve(ctx.cwd, file);
      let text: string;
      try {
        if (statSync(path).size > MAX_IMPORT_BYTES) throw new UsageError(`${file}: larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; is it an indicator list?`);
        text = readFileSync(path, 'utf8');
      } catch (e) {
        if (e instanceof UsageError) throw e;
        throw new UsageError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      const { indicators, errors } = parseIocList(text, file, ctx.now().toISOString().slice(0, 10));
      if (errors.length > 0) {
        for (const e of errors.slice(0, 20)) ctx.err(`vet: ${e.message}\n`);
        throw new InputError({ file }, `${errors.length} problem(s); nothing was imported`);
      }
      if (indicators.length === 0) throw new InputError({ file }, 'no indicators in the file; nothing was imported');
      const held = readUserIocs(ctx.env)?.indicators ?? [];
      const { merged, added, updated } = mergeIocs(held, indicators);
      const written = writeUserIocs(ctx.env, merged);
      ctx.out(
        `imported ${indicators.length} indicators from ${file}: ${added} new, ${updated} already held (updated); ${merged.length} imported indicators in ${written}\n`,
      );
    });
  return iocs;
}
