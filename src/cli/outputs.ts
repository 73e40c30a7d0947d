import { basename, extname, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../errors.js';
import { FORMAT_OF_EXTENSION, OUTPUT_FORMATS, type OutputFormat } from '../formatters/formats.js';

/** One report file of a run: its format, its resolved path, and its name as the user wrote it. */
export interface ReportOutput {
  format: OutputFormat;
  path: string;
  name: string;
  /** How the format was chosen, for messages. */
  by: 'prefix' | 'extension' | '--format' | 'default';
}

const PREFIX = new RegExp(`^(${OUTPUT_FORMATS.join('|')}):(.+)$`);

/** For commander: each -f/--format checked against the formats and collected, so a second one is seen, not dropped. */
export function collectFormat(value: string, previous: OutputFormat[] = []): OutputFormat[] {
  if (!(OUTPUT_FORMATS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`Allowed choices are ${OUTPUT_FORMATS.join(', ')}.`);
  }
  return [...previous, value as OutputFormat];
}

/**
 * The report files of `-o` (repeatable): the format from a `format:` prefix, else from the
 * extension, else from --format, else text. --format applies to standard output when there is no
 * -o; with -o it must be used by at least one of them, so that `-f csv -o out.json` is refused
 * rather than writing JSON the user did not ask for. Two --format values are refused: one run has
 * one standard output, and each file names its own format.
 */
export function reportOutputs(formats: readonly OutputFormat[], outputs: readonly string[], cwd: string): { stdout: OutputFormat; files: ReportOutput[] } {
  const distinct = [...new Set(formats)];
  if (distinct.length > 1) {
    throw new UsageError(
      `--format given ${distinct.length} times (${distinct.join(', ')}): a run writes one format to standard output; for several reports give each file its format by its extension or a prefix, e.g. -o report.json -o markdown:summary.txt`,
    );
  }
  const given = distinct[0];
  const files: ReportOutput[] = outputs.map((raw) => {
    const prefixed = PREFIX.exec(raw);
    if (prefixed) return { format: prefixed[1] as OutputFormat, name: prefixed[2]!, path: resolve(cwd, prefixed[2]!), by: 'prefix' as const };
    const fromExtension = FORMAT_OF_EXTENSION[extname(raw).toLowerCase()];
    const path = resolve(cwd, raw);
    if (fromExtension) return { format: fromExtension, name: raw, path, by: 'extension' as const };
    return { format: given ?? 'text', name: raw, path, by: given ? ('--format' as const) : ('default' as const) };
  });
  for (const f of files) if (basename(f.path) === '' || f.name === '') throw new UsageError(`--output: "${f.name}" names no file`);
  const seen = new Map<string, string>();
  for (const f of files) {
    const earlier = seen.get(f.path);
    if (earlier !== undefined) throw new UsageError(`--output: ${earlier} and ${f.name} are the same file`);
    seen.set(f.path, f.name);
  }
  if (given !== undefined && files.length > 0 && !files.some((f) => f.format === given)) {
    const how = files.map((f) => `${f.name} is written as ${f.format} (from its ${f.by === 'prefix' ? 'prefix' : 'extension'})`).join(', ');
    throw new UsageError(`--format ${given}: no output is written as ${given}: ${how}; to write ${given} under another name use -o ${given}:${files[0]!.name}`);
  }
  return { stdout: given ?? 'text', files };
}
