import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { InputError, UsageError } from '../errors.js';
import { MATCH_THRESHOLD } from '../names/threshold.js';
import type { SanctionsSource } from '../sources/sanctions/index.js';
import type { ScreenOptions } from '../sources/sanctions/screen.js';
import type { CommandContext } from './lists-command.js';

interface SdnFlags {
  dob?: string;
  country?: string;
  minScore?: string;
  format: 'text' | 'json';
  file?: string;
}

function score(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`${flag} must be a number from 0 to 1`);
  return n;
}

function readText(ctx: CommandContext, file: string): string {
  try {
    return readFileSync(resolve(ctx.cwd, file), 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new InputError({ file }, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

interface SdnResult {
  query: string;
  list: { id: string; date: string };
  matches: { entryId: string; name: string; matchedName: string; score: number; type: string; programs: string[]; reasons: string[] }[];
}

function sdnResult(
  s: SanctionsSource,
  screenName: typeof import('../sources/sanctions/screen.js').screenName,
  query: string,
  options: ScreenOptions,
): SdnResult {
  return {
    query,
    list: { id: s.list.id, date: s.list.date },
    matches: screenName(s, query, options).map((m) => ({
      entryId: m.entry.uid,
      name: m.entry.name,
      matchedName: m.matchedName,
      score: m.score,
      type: m.entry.type,
      programs: m.entry.programs,
      reasons: m.reasons,
    })),
  };
}

/** `vet sdn NAME` and `vet match NAME NAME`: the matcher by hand, for reviewers and compliance teams. */
export function sdnCommands(ctx: CommandContext): Command[] {
  const sdn = new Command('sdn')
    .description('search the sanctions list for a name (the installed OFAC list, else the built-in watchlist)')
    .argument('[name]', 'the name to search, in any script or order')
    .option('--dob <date>', 'date of birth (YYYY-MM-DD, YYYY-MM or YYYY): raises matches that agree, lowers those that do not')
    .option('--country <cc>', 'nationality or country (alpha-2, alpha-3 or name): raises matches that agree')
    .option('--min-score <s>', `lowest score shown, 0..1 (default ${MATCH_THRESHOLD})`)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--file <names.txt>', 'screen one name per line; prints one JSON object per line (NDJSON)')
    .action(async (name: string | undefined, flags: SdnFlags) => {
      if ((name === undefined) === (flags.file === undefined)) throw new UsageError('give a name or --file NAMES.txt (one of them)');
      // One import at a time: jest's ESM loader (vm modules) fails on parallel imports that share modules.
      const { toCountryCodeStrict } = await import('../keys/countries.js');
      const { parseDateOfBirth } = await import('../input/normalise.js');
      const { loadSource } = await import('../sources/index.js');
      const { screenName } = await import('../sources/sanctions/screen.js');
      const options: ScreenOptions = {};
      const min = score(flags.minScore, '--min-score');
      if (min !== undefined) options.minScore = min;
      if (flags.dob !== undefined) {
        const d = parseDateOfBirth(flags.dob);
        if ('error' in d) throw new UsageError(`--dob: ${d.error} (use YYYY-MM-DD, YYYY-MM or YYYY)`);
        options.dateOfBirth = d.value;
      }
      if (flags.country !== undefined) {
        const cc = toCountryCodeStrict(flags.country);
        if (cc === undefined) throw new UsageError(`--country: unknown country "${flags.country}"`);
        options.countries = [cc];
        options.nationality = cc;
      }
      const s = await loadSource('sanctions', { env: ctx.env });
      if (flags.file !== undefined) {
        for (const line of readText(ctx, flags.file).split(/\r?\n/)) {
          const q = line.trim();
          if (q.length > 0) ctx.out(`${JSON.stringify(sdnResult(s, screenName, q, options))}\n`);
        }
        return;
      }
      const result = sdnResult(s, screenName, name!, options);
      if (flags.format === 'json') {
        ctx.out(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const lines = [`${s.info.description}`, `list ${s.list.id}, dated ${s.list.date}`, ''];
      if (result.matches.length === 0) lines.push(`No match for "${name}" at or above ${options.minScore ?? MATCH_THRESHOLD}.`);
      for (const m of result.matches) {
        lines.push(`${m.score.toFixed(3)}  ${m.entryId}  ${m.name}  [${m.type}; ${m.programs.join(', ')}]`);
        if (m.matchedName !== m.name) lines.push(`       matched alias: ${m.matchedName}`);
        for (const r of m.reasons) lines.push(`       ${r}`);
      }
      lines.push('', 'A match is a reason to verify the identity, never a verdict on its own.');
      ctx.out(lines.join('\n') + '\n');
    });

  const match = new Command('match')
    .description('compare two names and explain the score')
    .argument('[nameA]')
    .argument('[nameB]')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--file <pairs.csv>', 'compare the pairs of a two-column CSV file with a header row; prints one JSON object per line')
    .action(async (a: string | undefined, b: string | undefined, flags: { format: 'text' | 'json'; file?: string }) => {
      const { compareNames, explain } = await import('../names/match.js');
      const one = (x: string, y: string): { score: number; match: boolean; threshold: number; explanation: string[] } => {
        const c = compareNames(x, y);
        return { score: c.score, match: c.score >= MATCH_THRESHOLD, threshold: MATCH_THRESHOLD, explanation: explain(c) };
      };
      if (flags.file !== undefined) {
        if (a !== undefined) throw new UsageError('give two names or --file PAIRS.csv, not both');
        const { parse } = await import('csv-parse/sync');
        let rows: string[][];
        try {
          rows = parse(readText(ctx, flags.file), { relax_column_count: true, skip_empty_lines: true });
        } catch (e) {
          const line = (e as { lines?: number }).lines;
          throw new InputError({ file: flags.file, ...(line !== undefined ? { line } : {}) }, 'not a valid CSV file');
        }
        rows.slice(1).forEach((row, i) => {
          if (row.length < 2) throw new InputError({ file: flags.file!, line: i + 2 }, 'expected two columns (name A, name B)');
          ctx.out(`${JSON.stringify({ nameA: row[0], nameB: row[1], ...one(row[0]!, row[1]!) })}\n`);
        });
        return;
      }
      if (a === undefined || b === undefined) throw new UsageError('give two names, or --file PAIRS.csv');
      const r = one(a, b);
      if (flags.format === 'json') ctx.out(`${JSON.stringify(r, null, 2)}\n`);
      else ctx.out(`${r.score.toFixed(3)}  ${r.match ? 'match' : 'no match'} (threshold ${r.threshold})\n${r.explanation.map((l) => `  ${l}\n`).join('')}`);
    });
  return [sdn, match];
}
