import { Command, Option } from 'commander';
import type { PersonalKind } from '../engine/redact.js';
import type { ColumnMapping } from '../input/applicant.js';
import type { CommandContext } from './lists-command.js';

interface ColumnsFlags {
  map: string[];
  delimiter?: string;
  encoding?: string;
  rows: number;
  format: 'text' | 'json';
  ats?: string;
}

/** The kind of personal data a field holds, masked as reports mask it (engine/redact). */
function kindOf(field: string | null): PersonalKind | undefined {
  if (field === null || /^(address|shippingAddress|idDocument\.address|employers\.address)/.test(field)) return field === null ? 'text' : 'address';
  if (/^(emails|references\.email)/.test(field)) return 'email';
  if (/^(phones|references\.phone)/.test(field)) return 'phone';
  if (/^(name|givenName|familyName|otherNames|idDocument\.name|payment\.accountHolder|references\.name)/.test(field)) return 'name';
  if (/^nationalId/.test(field)) return 'nationalId';
  if (/^(bankAccount|payment\.walletAddress)/.test(field)) return 'bankAccount';
  if (/^resumeText/.test(field)) return 'text';
  return undefined;
}

/** A sample value as the report's masking shows it: enough to see the shape, not the person. */
function sample(mask: (kind: PersonalKind, value: string) => string, field: string | null, value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const kind = kindOf(field);
  return kind === undefined ? text : mask(kind, text);
}

/**
 * `vet columns export.csv`: how vet reads each column of an export (the field, or "not read" and
 * why), and the first rows' values as read, masked. Nothing is vetted and nothing is stored.
 */
export function columnsCommand(ctx: CommandContext): Command {
  return new Command('columns')
    .description("show how vet reads an export's columns: the field each header maps to, what is not read and why, and the first rows' values, masked")
    .argument('<file>', 'a CSV export')
    .option('--map <field=Header>', 'read column Header as field (repeatable), as in a run', (v: string, prev: string[]) => [...prev, v], [])
    .option('--delimiter <char>', 'the CSV delimiter, as in a run')
    .option('--encoding <name>', 'the encoding, as in a run')
    .option('--ats <vendor>', 'read the headers as this applicant-tracking system writes them, as in a run')
    .addOption(new Option('--rows <n>', 'how many rows to show').default(3).argParser((v) => Math.max(0, Math.min(20, Number.parseInt(v, 10) || 0))))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (file: string, flags: ColumnsFlags) => {
      const { readApplicants, checkEncoding } = await import('../input/read.js');
      const { parseMapOptions } = await import('../input/headers.js');
      const { maskString } = await import('../engine/redact.js');
      const { parseDelimiter } = await import('./options.js');
      const mappings: Array<{ file: string; vendor?: string; columns: ColumnMapping[] }> = [];
      const rows: Array<Record<string, string>> = [];
      const problems: string[] = [];
      for await (const item of readApplicants([file], {
        cwd: ctx.cwd,
        format: 'csv',
        overrides: parseMapOptions(flags.map),
        ...(flags.delimiter !== undefined ? { delimiter: parseDelimiter(flags.delimiter) } : {}),
        ...(flags.encoding !== undefined ? { encoding: checkEncoding(flags.encoding) } : {}),
        ...(flags.ats !== undefined ? { ats: flags.ats } : {}),
      })) {
        if (item.type === 'columns') mappings.push({ file: item.file, ...(item.vendor !== undefined ? { vendor: item.vendor } : {}), columns: item.columns });
        else if (item.type === 'fatal') throw item.error;
        else if (item.type === 'rejected') problems.push(...item.errors.map((e) => e.message));
        else {
          problems.push(...(item.record.problems ?? []).map((e) => e.message));
          const columns = mappings[0]?.columns ?? [];
          const row: Record<string, string> = {};
          const byColumn = new Map<string, string[]>();
          for (const [pointer, origin] of item.record.origins)
            if ('column' in origin) byColumn.set(origin.column, [...(byColumn.get(origin.column) ?? []), pointer]);
          for (const c of columns) {
            if (c.field === null) {
              const v = item.record.applicant.extra[c.header];
              if (v !== undefined) row[c.header] = sample(maskString, null, v);
              continue;
            }
            // The pointer of the field itself ("/location/country"), else the shortest one the column fed.
            const fed = byColumn.get(c.header) ?? [];
            const own = `/${c.field.replace(/\./g, '/')}`;
            const pointer = fed.includes(own) ? own : fed.sort((a, b) => a.length - b.length)[0];
            const value = pointer !== undefined ? valueAt(item.record.applicant, pointer) : undefined;
            if (value !== undefined) row[c.header] = sample(maskString, c.field, value);
          }
          rows.push(row);
        }
        if (rows.length >= flags.rows && mappings.length > 0) break;
      }
      const columns = mappings[0]?.columns ?? [];
      if (flags.format === 'json') {
        ctx.out(`${JSON.stringify({ file, vendor: mappings[0]?.vendor ?? null, columns, rows, problems }, null, 2)}\n`);
        return;
      }
      const width = Math.min(40, Math.max(6, ...columns.map((c) => c.header.length)));
      const lines = [
        `${file}: ${columns.length} columns, ${columns.filter((c) => c.field !== null).length} read; ${mappings[0]?.vendor !== undefined ? `read as ${mappings[0].vendor}` : 'no vendor profile recognised: generic header names'}`,
      ];
      for (const c of columns) {
        lines.push(`  ${c.header.padEnd(width)}  ${c.field ?? 'not read (kept in extra)'}${c.note ? `: ${c.note}` : ''}`);
      }
      rows.forEach((row, i) => {
        lines.push(`row ${i + 1} (masked):`);
        for (const [header, value] of Object.entries(row)) lines.push(`  ${header.padEnd(width)}  ${value}`);
      });
      for (const p of problems.slice(0, 10)) lines.push(`problem: ${p}`);
      ctx.out(`${lines.join('\n')}\n`);
    });
}

/** The value at a JSON pointer in the canonical applicant. */
function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const key of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
