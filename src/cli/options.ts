import { resolve } from 'node:path';
import { parseFailOn, type VetConfig } from '../engine/config.js';
import { APPLICANT_LEVELS, FAIL_ON_VALUES, type ApplicantLevel } from '../engine/levels.js';
import type { VetOptions } from '../engine/pipeline.js';
import { UsageError } from '../errors.js';
import type { OutputFormat, SortOrder } from '../formatters/formats.js';
import type { InputFormat } from '../input/formats.js';
import { parseMapOptions } from '../input/headers.js';
import type { DateOrder } from '../input/formats.js';
import { toCountryCode, toCountryCodeStrict } from '../keys/countries.js';
import { checkEncoding } from '../input/read.js';
import { mergeIpData, type IpDataFlags } from './ip-command.js';
import { sourceDateEpoch } from './numbers.js';
import { reportOutputs, type ReportOutput } from './outputs.js';
import { isPostgresUrl } from '../sources/ledger-store.js';

/** What commander parses from `vet [options] files...`. */
export interface VetFlags extends IpDataFlags {
  /** Each -f/--format given, in order (a second one is refused, not dropped). */
  format?: OutputFormat[];
  /** Each -o/--output given: a file, its format from its extension or a `format:` prefix. */
  output?: string[];
  /** As given: a level, "none", "unchecked" or "level,unchecked" (parseFailOn). */
  failOn?: string;
  config?: string;
  rules?: string;
  inputFormat?: InputFormat;
  sheet?: string;
  ats?: string;
  map: string[];
  delimiter?: string;
  color: boolean;
  /** A path with --ledger, false with --no-ledger. */
  ledger?: string | false;
  /** --audit: "off" or a postgres:// URL for the audit trail. */
  audit?: string;
  quiet?: boolean;
  /** Exit 2 on any input error, even when an applicant reached --fail-on. */
  strict?: boolean;
  redact?: boolean;
  showIds?: boolean;
  encoding?: string;
  maxCell?: number;
  dateOrder?: DateOrder;
  defaultCountry?: string;
  maxRecord?: number;
  sort?: SortOrder;
  limit?: number;
  minLevel?: ApplicantLevel;
  onlyFlagged?: boolean;
  width?: number;
}

/** Where the run happens: the environment, the working folder and whether standard output is a terminal. */
export interface RunPlace {
  env: Record<string, string | undefined>;
  cwd: string;
  stdoutIsTTY: boolean;
  /** The terminal's width, when standard output is one. */
  stdoutColumns?: number;
}

/** What reading and vetting need, apart from the rules and the callbacks the CLI adds. */
export type RunVetOptions = Omit<VetOptions, 'rules' | 'onProgress' | 'onStep' | 'onFile' | 'onBytes' | 'onChunk' | 'onNotice' | 'stdin'>;

export interface RunOptions {
  vet: RunVetOptions;
  report: {
    /** The report on standard output when no file is written; with files, standard output gets the short summary. */
    format: OutputFormat;
    /** The report files of -o, each with its format. */
    outputs: ReportOutput[];
    /** Colour on the terminal (the report or the summary); files never have it. */
    color: boolean;
    /** Text report: order, how many flagged applicants, wrapping width on the terminal and in a file (--width only). */
    sort: SortOrder;
    limit: number;
    width?: number;
    fileWidth?: number;
    /** Which applicants the report lists (--min-level, --only-flagged). */
    listed: (level: ApplicantLevel) => boolean;
    /** HTML: list clear applicants too (--min-level clear or unchecked); by default they are counted. */
    listClear?: boolean;
  };
  quiet: boolean;
}

const DELIMITERS: ReadonlyMap<string, string> = new Map(Object.entries({ comma: ',', semicolon: ';', tab: '\t', pipe: '|', '\\t': '\t' }));

export function parseDelimiter(value: string): string {
  const d = DELIMITERS.get(value) ?? value;
  if (d.length !== 1) throw new UsageError(`--delimiter must be one character or comma, semicolon, tab, pipe`);
  return d;
}

/**
 * The flags and the environment as run options: a pure function (no file read, nothing
 * mutated), so every precedence between the config, a flag and a variable is tested on its own.
 * The config given is the loaded vet.config.json; the one returned has the flags applied.
 */
export function runOptions(flags: VetFlags, loaded: VetConfig, place: RunPlace): RunOptions {
  const { env, cwd } = place;
  let redaction = loaded.redaction;
  if (flags.redact) redaction = 'all';
  else if (flags.showIds) {
    if (redaction === 'all') throw new UsageError('--show-ids: the config asks for every personal detail to be masked ("redact": true)');
    redaction = 'none';
  }
  const failOn = flags.failOn !== undefined ? parseFailOn(flags.failOn) : undefined;
  if (flags.failOn !== undefined && failOn === undefined) {
    throw new UsageError(`--fail-on: "${flags.failOn}" is not one of ${FAIL_ON_VALUES.join(', ')}, optionally with ",unchecked" (or "unchecked" alone)`);
  }
  const defaultCountry = flags.defaultCountry !== undefined ? (toCountryCodeStrict(flags.defaultCountry) ?? toCountryCode(flags.defaultCountry)) : undefined;
  if (flags.defaultCountry !== undefined && defaultCountry === undefined) throw new UsageError(`--default-country: unknown country "${flags.defaultCountry}"`);
  const reading = {
    ...loaded.reading,
    ...(flags.dateOrder !== undefined ? { dateOrder: flags.dateOrder } : {}),
    ...(defaultCountry !== undefined ? { defaultCountry } : {}),
  };
  const config: VetConfig = {
    ...loaded,
    reading,
    failOn: failOn?.failOn ?? loaded.failOn,
    failOnUnchecked: failOn?.unchecked ?? loaded.failOnUnchecked,
    redaction,
    ipData: mergeIpData(loaded.ipData, flags, cwd),
    limits: {
      ...loaded.limits,
      ...(flags.maxCell !== undefined ? { maxCell: flags.maxCell } : {}),
      ...(flags.maxRecord !== undefined ? { maxRecord: flags.maxRecord } : {}),
    },
  };
  const only = flags.rules
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const now = sourceDateEpoch(env);
  const outputs = reportOutputs(flags.format ?? [], flags.output ?? [], cwd);
  const ledger = ledgerChoice(flags.ledger, loaded.ledger, env, cwd);
  const formats = outputs.files.length > 0 ? outputs.files.map((f) => f.format) : [outputs.stdout];
  const vet: RunVetOptions = {
    config,
    ...(only ? { only } : {}),
    overrides: parseMapOptions(flags.map),
    ...(flags.delimiter !== undefined ? { delimiter: parseDelimiter(flags.delimiter) } : {}),
    ...(flags.encoding !== undefined ? { encoding: checkEncoding(flags.encoding) } : {}),
    limits: config.limits,
    reading: config.reading,
    ...(flags.inputFormat ? { format: flags.inputFormat } : {}),
    ...(flags.sheet !== undefined ? { sheet: flags.sheet } : {}),
    ...(flags.ats !== undefined ? { ats: flags.ats } : {}),
    ...(now ? { now } : {}),
    cwd,
    env,
    ...(formats.includes('html') ? { identity: true } : {}),
    ...(ledger ? { ledger } : {}),
  };
  return {
    vet,
    report: {
      format: outputs.stdout,
      outputs: outputs.files,
      // Colour only on a terminal, never into a file, and never against NO_COLOR.
      color: flags.color && place.stdoutIsTTY && env.NO_COLOR === undefined,
      sort: flags.sort ?? 'level',
      limit: flags.limit ?? 50,
      ...(flags.width !== undefined ? { width: flags.width, fileWidth: flags.width } : place.stdoutIsTTY ? { width: place.stdoutColumns ?? 80 } : {}),
      listed: listedLevels(flags),
      ...(flags.minLevel === 'clear' || flags.minLevel === 'unchecked' ? { listClear: true } : {}),
    },
    quiet: flags.quiet === true,
  };
}

/**
 * The ledger a run (and `vet doctor`) uses: none with --no-ledger, --ledger's file or URL, else the
 * config's unless VET_LEDGER names one for the whole job; undefined leaves it to VET_LEDGER, else
 * the file in vet's home.
 */
export function ledgerChoice(
  flag: string | false | undefined,
  configLedger: string | undefined,
  env: Record<string, string | undefined>,
  cwd: string,
): { off: true } | { path: string } | undefined {
  if (flag === false) return { off: true };
  if (flag) return { path: isPostgresUrl(flag) ? flag : resolve(cwd, flag) };
  if (configLedger !== undefined && (env.VET_LEDGER === undefined || env.VET_LEDGER === '')) return { path: configLedger };
  return undefined;
}

/** Which applicant levels the report lists: --min-level, else --only-flagged (low and above), else all. */
export function listedLevels(flags: Pick<VetFlags, 'minLevel' | 'onlyFlagged'>): (level: ApplicantLevel) => boolean {
  const from = flags.minLevel ?? (flags.onlyFlagged ? 'low' : undefined);
  if (from === undefined) return () => true;
  const min = APPLICANT_LEVELS.indexOf(from);
  return (level) => APPLICANT_LEVELS.indexOf(level) >= min;
}
