import { ATS_IDS } from '../input/ats-profiles.js';
import type { Readable } from 'node:stream';
import { columnsCommand } from './columns-command.js';
import { Command, CommanderError, Option } from 'commander';
import { APPLICANT_LEVELS, FAIL_ON_VALUES } from '../engine/levels.js';
import { VetError, UsageError } from '../errors.js';
import { OUTPUT_FORMATS, SORT_ORDERS } from '../formatters/formats.js';
import { DATE_ORDERS, INPUT_FORMATS } from '../input/formats.js';
import { LIMIT_CEILING } from '../input/limits.js';
import { VERSION } from '../version.js';
import { addIpDataOptions, ipCommand, sourcesCommand } from './ip-command.js';
import { auditCommand } from './audit-command.js';
import { doctorCommand } from './doctor-command.js';
import { iocsCommand } from './iocs-command.js';
import { ledgerCommand } from './ledger-command.js';
import { isPostgresUrl } from '../sources/ledger-store.js';
import { reportCommand } from './report-command.js';
import { reviewCommand } from './review-command.js';
import { listsCommand, type CommandContext } from './lists-command.js';
import { wholeNumber } from './numbers.js';
import type { VetFlags } from './options.js';
import type { ReportWriter } from '../formatters/writer.js';
import type { Sink } from './sink.js';
import { appendFile } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { collectFormat } from './outputs.js';
import { EXIT_STATUS_HELP, exitStatus } from './exit-status.js';
import { size, sourceDateEpoch } from './numbers.js';
import { sdnCommands } from './sdn-command.js';

// Only the command definitions are loaded up front. What a command runs is imported when it runs,
// so that "vet sdn NAME" does not load the report pipeline, nor "vet --help" the sanctions index.

export interface CliIo {
  stdin?: Readable | AsyncIterable<string | Buffer>;
  /** Whether standard output is a terminal: decides colour. */
  stdoutIsTTY?: boolean;
  /** The terminal's width, for wrapping the text report. */
  stdoutColumns?: number;
  /** Where the report goes, as it is written; without it, it is returned as `stdout`. */
  stdoutStream?: NodeJS.WritableStream;
  /** Standard error as a stream, for the progress spinner; used only when it is a terminal. */
  stderrStream?: NodeJS.WritableStream & { isTTY?: boolean };
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Aborted on Ctrl-C: the run stops reading, writes the report of what it read (marked incomplete) and exits 130. */
  signal?: AbortSignal;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const EXAMPLES = `
Examples:
  vet applicant.json                     one applicant, report on the terminal
  vet export.csv --format csv -o out.csv batch, spreadsheet-safe CSV report
  vet export.csv --map phones="Cell #"   map a column vet does not recognise
  cat applicants.ndjson | vet -          read standard input
  vet export.csv --fail-on medium        CI gate: exit 1 from medium up
  vet export.csv -o report.html -o results.xml
                                         an HTML report and JUnit results; the summary on the terminal`;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * The whole CLI as a function: parses argv (without "node vet"), runs, and returns what to print
 * and the exit code. Never throws; bin/vet.js only writes the result out.
 */
export async function run(argv: string[], io: CliIo = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  const env = io.env ?? {};
  const cwd = io.cwd ?? process.cwd();
  const fixedNow = sourceDateEpoch(env);
  const output = {
    writeOut: (s: string) => (stdout += s),
    writeErr: (s: string) => (stderr += s),
    outputError: (s: string, write: (s: string) => void) => write(s.replace(/^error: /, 'vet: ')),
  };

  const program = new Command('vet')
    .description('Screen job applicants for the DPRK remote IT-worker fraud pattern. Offline; applicant data never leaves this machine.')
    .version(VERSION, '-V, --version')
    .argument('[files...]', 'applicant files: .json (one, an array or {"applicants": [...]}), .ndjson/.jsonl, .csv, .xlsx; "-" for standard input')
    .addOption(
      new Option(
        '-f, --format <format>',
        `report format on standard output, or of an -o file whose name has no known extension: ${OUTPUT_FORMATS.join(', ')} (default: text)`,
      ).argParser(collectFormat),
    )
    .option(
      '-o, --output <file>',
      'write the report to this file (repeatable), in the format of its extension (.json .ndjson .csv .md .html, .xml for junit; else --format or text) or of a prefix (markdown:summary.txt); standard output then gets the short summary',
      collect,
      [],
    )
    .option('--strict', 'exit 2 on any input error, even when an applicant reached --fail-on (default: --fail-on decides)')
    .addOption(
      new Option('--sort <order>', 'text report: applicants worst first (level), highest score first (score), or as read (input)')
        .choices(SORT_ORDERS)
        .default('level'),
    )
    .addOption(new Option('--limit <n>', 'text report: list at most this many flagged applicants (0: all)').argParser(wholeNumber(0)).default(50))
    .addOption(
      new Option('--min-level <level>', 'list only applicants at this level or above, in every format (the summary still counts all)').choices(
        APPLICANT_LEVELS,
      ),
    )
    .option('--only-flagged', 'list only applicants with a level above clear, in every format (the text report never lists clear ones)')
    .addOption(
      new Option('--width <columns>', "text report: wrap lines at this width (default: the terminal's; no wrapping into a file or pipe)").argParser(
        wholeNumber(20),
      ),
    )
    .option(
      '--fail-on <level>',
      `exit 1 when an applicant reaches this level: ${FAIL_ON_VALUES.join(', ')}; add ",unchecked" (or give "unchecked" alone) to fail on applicants nothing could be checked of (default: high, or failOn in the config)`,
    )
    .option('-c, --config <file>', 'config file (default: ./vet.config.json when present)')
    .option('--rules <ids>', 'run only these rules, comma-separated (see "vet rules")')
    .addOption(new Option('--input-format <format>', 'read every input as this format instead of guessing from the name or content').choices(INPUT_FORMATS))
    .option('--map <field=Header>', 'CSV: read column Header as field (repeatable), e.g. --map phones="Cell #"', collect, [])
    .option('--sheet <name>', '.xlsx: read this sheet instead of the first')
    .addOption(
      new Option('--ats <vendor>', "read the export's headers as this applicant-tracking system writes them (default: recognised from the header)").choices(
        ATS_IDS,
      ),
    )
    .option(
      '--encoding <name>',
      'read every input in this encoding (utf-8, utf-16le, utf-16be, windows-1252, euc-kr, gb18030, shift_jis, ...); default: by BOM, else UTF-8, else Windows-1252 with a note',
    )
    .addOption(
      new Option(
        '--date-order <order>',
        'read numeric dates such as 03/04/1990 as month-day-year (mdy), day-month-year (dmy) or year-month-day (ymd); without it an ambiguous date of birth is left out and said so',
      ).choices(DATE_ORDERS),
    )
    .option('--default-country <cc>', 'read phone numbers without a country code against this country when the applicant claims none (the report says so)')
    .addOption(
      new Option('--max-cell <size>', 'reject a cell or JSON string longer than this many characters (default 1M; K and M suffixes)').argParser(
        size(LIMIT_CEILING.maxCell),
      ),
    )
    .addOption(
      new Option('--max-record <size>', 'reject a row, NDJSON line or JSON applicant longer than this (default 4M)').argParser(size(LIMIT_CEILING.maxRecord)),
    )
    .option('--delimiter <char>', 'CSV: field delimiter (default: guessed from the header: comma, semicolon, tab or pipe)')
    .option('--no-color', 'no colours in the text report (NO_COLOR is respected too)')
    .option(
      '--ledger <file-or-url>',
      "identity ledger to check and record this run in: a file, or a team's postgres:// URL (default: $VET_LEDGER, the config's \"ledger\", else ledger.sqlite in vet's home)",
    )
    .option('--no-ledger', 'do not read or write the identity ledger (identity-reuse then compares this run only)')
    .option(
      '--audit <url|off>',
      "where this run's audit record goes: a team's postgres:// URL (table vet_audit), or off (default: $VET_AUDIT, else audit.log in vet's home)",
    )
    .option('-q, --quiet', 'no progress on standard error (it shows only on a terminal anyway)')
    .addOption(
      new Option(
        '--redact',
        'mask names, e-mail addresses, phone numbers, addresses and resume text in the report too (to share it or keep it in a CI log)',
      ).conflicts('showIds'),
    )
    .option('--show-ids', 'show national IDs and bank account numbers in full (masked to the last 4 by default)')
    .addHelpText('after', EXAMPLES + '\n' + EXIT_STATUS_HELP)
    .enablePositionalOptions()
    .showHelpAfterError('(run "vet --help" for usage)')
    .exitOverride()
    .configureOutput(output);

  program
    .command('rules')
    .description('list the rules with their default level, status and description')
    .addOption(new Option('-f, --format <format>', 'list format').choices(['text', 'json']).default('text'))
    .action(async (opts: { format: 'text' | 'json' }) => {
      const { RULES } = await import('../rules/index.js');
      const { formatRules } = await import('./rules-command.js');
      stdout += formatRules(RULES, opts.format);
    });

  const commandContext: CommandContext = {
    env,
    cwd,
    now: () => fixedNow ?? new Date(),
    out: (s) => (stdout += s),
    err: (s) => (stderr += s),
    setExitCode: (code) => (exitCode = code),
    ...(io.stdin && io.stdoutStream
      ? {
          terminal: {
            input: io.stdin as NodeJS.ReadableStream,
            output: io.stdoutStream,
            interactive: io.stdoutIsTTY === true && (io.stdin as { isTTY?: boolean }).isTTY === true,
          },
        }
      : {}),
  };
  addIpDataOptions(program);
  for (const command of [
    listsCommand(commandContext),
    ledgerCommand(commandContext),
    iocsCommand(commandContext),
    ...sdnCommands(commandContext),
    ipCommand(commandContext),
    sourcesCommand(commandContext),
    auditCommand(commandContext),
    columnsCommand(commandContext),
    reviewCommand(commandContext),
    reportCommand(commandContext),
    doctorCommand(commandContext),
  ]) {
    // Every level, so a bad option of `vet lists update` is a usage error too, not process.exit.
    const override = (c: Command): void => {
      c.exitOverride().configureOutput(output);
      c.commands.forEach(override);
    };
    override(command);
    program.addCommand(command);
  }

  program.action(async (files: string[], flags: VetFlags) => {
    if (files.length === 0) throw new UsageError('no input: give applicant files, or "-" to read standard input (run "vet --help" for usage)');
    // One file twice would be vetted twice, and each input is one testsuite of a JUnit report.
    const seen = new Map<string, string>();
    for (const f of files) {
      const key = f === '-' ? '-' : resolvePath(cwd, f);
      const earlier = seen.get(key);
      if (earlier !== undefined) throw new UsageError(`${f}: given twice${earlier !== f ? ` (as ${earlier} too)` : ''}; each input is vetted once`);
      seen.set(key, f);
    }
    // One import at a time: jest's ESM loader (vm modules) fails on parallel imports that share modules.
    const { loadConfig } = await import('../engine/config.js');
    const { vetRun } = await import('../engine/pipeline.js');
    const { reportWriter } = await import('../formatters/index.js');
    const { Progress } = await import('./progress.js');
    const { fileSink, streamSink, stringSink } = await import('./sink.js');
    const { errorLine } = await import('../formatters/shared.js');
    const { runOptions } = await import('./options.js');
    const { RULES } = await import('../rules/index.js');
    const options = runOptions(flags, loadConfig(RULES, { cwd, ...(flags.config ? { path: flags.config } : {}) }), {
      env,
      cwd,
      stdoutIsTTY: io.stdoutIsTTY === true,
      ...(io.stdoutColumns !== undefined ? { stdoutColumns: io.stdoutColumns } : {}),
    });
    const { config } = options.vet;

    const progress = await Progress.create(io.stderrStream, options.quiet);
    if (files.includes('-')) progress?.unsizedInput();
    // The audit's digests of the inputs are taken as the run reads them.
    const audit = flags.audit ?? (env.VET_AUDIT !== '' ? env.VET_AUDIT : undefined);
    const given = flags.audit;
    if (flags.audit !== undefined && flags.audit !== 'off' && !isPostgresUrl(flags.audit))
      throw new UsageError(`--audit: "${given}" is neither off nor a postgres:// URL (the file trail is always audit.log in vet's home)`);
    const digests = audit !== 'off' ? new (await import('../audit-inputs.js')).InputDigests() : undefined;
    // The report files are opened (under temporary names) before vetting: a folder that cannot be
    // written is said at once, not after an hour of vetting.
    const reportFiles: Array<{ writer: ReportWriter; sink: Sink }> = [];
    // A file never has colour, and is wrapped only at a --width given.
    const { width: _terminalWidth, fileWidth, ...shared } = options.report;
    const fileOptions = { ...shared, color: false, ...(fileWidth !== undefined ? { width: fileWidth } : {}) };
    let written = false;
    try {
      for (const o of options.report.outputs) reportFiles.push({ writer: reportWriter(o.format, fileOptions), sink: await fileSink(o.path, o.name) });
    } catch (e) {
      for (const f of reportFiles) await f.sink.discard?.();
      throw e;
    }
    const { outputs } = options.report;
    const github = env.GITHUB_ACTIONS === 'true' ? (await import('../formatters/github.js')).githubWriter() : undefined;
    let annotations = '';
    const terminal = (): Sink => (io.stdoutStream ? streamSink(io.stdoutStream) : stringSink((text) => (stdout += text)));
    let run;
    try {
      run = await vetRun(files, {
        ...options.vet,
        rules: RULES,
        onNotice: (file, message) => (stderr += `vet: note: ${file}: ${message}\n`),
        ...(io.signal ? { signal: io.signal } : {}),
        ...(io.stdin ? { stdin: io.stdin } : {}),
        ...(digests ? { onChunk: digests.onChunk } : {}),
        ...(progress
          ? {
              onProgress: (counts) => {
                progress.counts = counts;
                progress.tick();
              },
              onStep: (step) => progress.step(step),
              onFile: (bytes) => progress.fileSize(bytes),
              onBytes: (bytes) => progress.bytes(bytes),
            }
          : {}),
      });
      // A report on the terminal would run into the progress line: it stops first.
      if (outputs.length > 0) progress?.step('writing the report');
      else progress?.stop();
      const listed = options.report.listed;
      const targets = outputs.length === 0 ? [{ writer: reportWriter(options.report.format, options.report), sink: terminal() }] : [...reportFiles];
      if (github) targets.push({ writer: github, sink: stringSink((text) => (annotations += text)) });
      try {
        for (const t of targets) await t.sink.write(t.writer.start(run.head));
        for await (const applicant of run.applicants()) {
          if (!listed(applicant.level)) continue;
          for (const t of targets) await t.sink.write(t.writer.applicant(applicant));
        }
        for (const t of targets) await t.sink.write(t.writer.end(run.head));
        for (const t of targets) await t.sink.close();
        written = true;
      } finally {
        // Standard output keeps what was written, as before a failure; the report files are discarded below.
        if (!written) for (const t of targets) if (!t.sink.discard) await t.sink.close().catch(() => undefined);
      }
    } finally {
      progress?.stop();
      run?.close();
      if (!written) for (const f of reportFiles) await f.sink.discard?.();
    }
    const report = run.head;

    for (const s of report.sources) for (const w of s.warnings ?? []) stderr += `vet: warning: ${w}\n`;
    const shown = report.errors.slice(0, 20);
    for (const e of shown) stderr += `vet: ${errorLine(e)}\n`;
    if (report.errors.length > shown.length) stderr += `vet: … and ${report.errors.length - shown.length} more input errors (listed in the report)\n`;
    exitCode = exitStatus(report, flags.strict === true);
    // Said when no error says why already (an export with a header alone, an empty array).
    if (report.summary.applicants === 0 && report.errors.length === 0 && !report.incomplete) {
      stderr += `vet: nothing to vet: no applicant was read from ${files.map((f) => (f === '-' ? 'standard input' : f)).join(', ')}\n`;
    }
    if (report.incomplete) {
      stderr += `vet: ${report.incomplete}${outputs.length > 0 ? `; written to ${outputs.map((o) => o.name).join(', ')}, marked incomplete` : ''}\n`;
    }
    if (outputs.length > 0 && !options.quiet) {
      const { textSummary } = await import('../formatters/text.js');
      stdout += textSummary(report, options.report);
      stdout += `Written: ${outputs.map((o) => `${o.name} (${o.format})`).join(', ')}\n`;
    }
    if (github) {
      stderr += annotations;
      const summaryFile = env.GITHUB_STEP_SUMMARY;
      if (summaryFile) {
        try {
          await appendFile(
            summaryFile,
            github.summary(
              report,
              exitCode,
              outputs.map((o) => o.name),
            ),
          );
        } catch (e) {
          stderr += `vet: warning: could not append to GITHUB_STEP_SUMMARY (${(e as NodeJS.ErrnoException).code ?? 'error'})\n`;
        }
      }
    }
    if (digests) {
      const { recordRun } = await import('../audit-inputs.js');
      try {
        await recordRun(env, { files, cwd, report, config, exitCode, now: fixedNow ?? new Date(), digests, ...(audit !== undefined ? { audit } : {}) });
      } catch (e) {
        stderr += `vet: warning: this run was not recorded in the audit log: ${(e as Error).message}\n`;
      }
    }
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      exitCode = e.exitCode === 0 ? 0 : 2;
    } else if (e instanceof VetError) {
      stderr += `vet: ${e.message}\n`;
      exitCode = e.exitCode;
    } else {
      const message = e instanceof Error ? e.message : String(e);
      stderr += `vet: Unexpected error: ${message}\nvet ${VERSION} on Node ${process.version}. This is a bug in vet; please report it with the command you ran (not the applicant data).\n`;
      if (env.VET_DEBUG && e instanceof Error && e.stack) stderr += e.stack + '\n';
      exitCode = 2;
    }
  }
  return { exitCode, stdout, stderr };
}
