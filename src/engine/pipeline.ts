import { InputError, UsageError } from '../errors.js';
import { readApplicants, type ReadOptions } from '../input/read.js';
import { loadSources } from '../sources/index.js';
import { FindingKeys, ledgerIsOff, teamKey } from '../sources/ledger-key.js';
import { isPostgresUrl } from '../sources/ledger-store.js';
import type { ReviewDecision, ReviewStore, SeenFinding } from '../sources/reviews.js';
import { basisOf, Reviews } from './review.js';
import type { LedgerOptions } from '../sources/ledger.js';
import { TOOL_NAME, VERSION } from '../version.js';
import type { VetConfig } from './config.js';
import { scoreLevel } from './scoring.js';
import { Engine, enabledRules, hasChecks } from './engine.js';
import { LateSpill, ResultSpill } from './spill.js';
import { emptyLevelCounts } from './levels.js';
import { NOTICE, REPORT_SCHEMA_VERSION, type ApplicantResult, type Report, type FileSummary, type ReportError, type ReportHead } from './report.js';
import type { AnyRule } from './rule.js';
import { grouped } from '../digits.js';

export interface VetOptions extends ReadOptions {
  config: VetConfig;
  /** Run only these rule ids (--rules). */
  only?: string[];
  /** Called after every record read, with the counts so far (the same object each time). */
  onProgress?: (counts: { read: number; vetted: number; flagged: number }) => void;
  /** Told what the run does once reading is over. */
  onStep?: (step: string) => void;
  /** Fixed report time, for reproducible reports (SOURCE_DATE_EPOCH). */
  now?: Date;
  /** Every rule vet has (the CLI gives the registry): the engine imports none itself. */
  rules: readonly AnyRule[];
  /** Environment for data sources ($VET_HOME). */
  env?: NodeJS.ProcessEnv;
  /** --ledger PATH / --no-ledger. */
  ledger?: LedgerOptions;
  /** Give each applicant its identity as given (masked), for the HTML report's one-pagers. */
  identity?: boolean;
  /** Aborted (Ctrl-C): reading stops after the current record and the report covers what was read, marked incomplete. */
  signal?: AbortSignal;
}

export function selectRules(all: readonly AnyRule[], only: string[] | undefined): AnyRule[] {
  if (only === undefined) return [...all];
  const ids = all.map((r) => r.meta.id);
  for (const id of only) if (!ids.includes(id)) throw new UsageError(`--rules: unknown rule "${id}"; rules: ${ids.join(', ')}`);
  return all.filter((r) => only.includes(r.meta.id));
}

function toReportError(error: InputError): ReportError {
  const { file, line, column, field } = error.location;
  return {
    file,
    ...(line !== undefined ? { line } : {}),
    ...(column !== undefined ? { column } : {}),
    ...(field !== undefined ? { field } : {}),
    message: error.detail,
  };
}

/**
 * A vetted run, ready to write: everything in the report but the applicants, who are read back
 * one at a time in the order they were vetted. `close` removes the temporary file a large run
 * keeps them in; call it once the report is written, or on failure.
 */
export interface VettedRun {
  head: ReportHead;
  applicants(): AsyncIterable<ApplicantResult>;
  close(): void;
}

/**
 * Reads every input as a stream and vets every applicant as it comes; rejected records land in
 * errors. Results wait in a ResultSpill (on disk for a large run) until the rules that compare
 * applicants have reported, so memory does not grow with the input beyond those rules' index.
 */
export async function vetRun(inputs: string[], options: VetOptions): Promise<VettedRun> {
  const { config } = options;
  const rules = enabledRules(selectRules(options.rules, options.only), config);
  const { sources, info } = await loadSources(
    rules.flatMap((r) => r.meta.requires),
    {
      env: options.env ?? {},
      ipData: config.ipData,
      ledger: { ...options.ledger, ...(options.now ? { now: () => options.now! } : {}) },
    },
  );
  const notes: string[] = [];
  if (sources.sanctions?.list.id === 'builtin-dprk') {
    notes.push(
      `screened against the ${sources.sanctions.entries.length} entries of vet's built-in DPRK watchlist (${sources.sanctions.list.date}), not the full OFAC list: install it with "vet lists update" (or "vet lists import FOLDER")`,
    );
  }
  if (options.reading?.defaultCountry !== undefined) {
    notes.push(
      `phone numbers without a country code were read as numbers of ${options.reading.defaultCountry} where the applicant claims no country (--default-country)`,
    );
  }
  if (options.reading?.dateOrder !== undefined) notes.push(`numeric dates were read in ${options.reading.dateOrder} order (--date-order)`);
  const tmp = options.env?.TMPDIR || undefined;
  const env = options.env ?? {};
  const now = options.now ?? new Date();
  // Review decisions are read at the start and the run's findings recorded at the end, each in a
  // short transaction of its own: a long run holds no lock on the ledger meanwhile.
  const ledgerOptions = { ...options.ledger, ...(options.now ? { now: () => options.now! } : {}) };
  // Loaded only with the ledger on: a run without it loads no SQLite and no PostgreSQL client.
  const team = isPostgresUrl(ledgerOptions.path ?? env.VET_LEDGER);
  const openReviews = ledgerIsOff(env, ledgerOptions) ? undefined : (await import('../sources/reviews-open.js')).openReviews;
  const book = await openReviews?.(env, ledgerOptions);
  let decisions: ReviewDecision[];
  try {
    decisions = (await book?.active()) ?? [];
  } finally {
    await book?.close();
  }
  // A team ledger's key names the findings too, so every machine of the team gives the same ids.
  const reviews = new Reviews(team ? FindingKeys.of(teamKey(env)) : FindingKeys.load(env), decisions, now);
  if (decisions.length > 0)
    notes.push(
      `${decisions.length} review decision${decisions.length === 1 ? '' : 's'} in the ledger applied where the person and finding match (vet review list)`,
    );
  const engine = new Engine(rules, config, sources, options.now, tmp, reviews);
  engine.withIdentity = options.identity === true;
  // Applicants by rule (with a finding that adds points) and by check that could not run.
  const byRule: Record<string, number> = {};
  const notChecked: Record<string, number> = {};
  const lateRules = new Set<string>();
  // Decisions about applicants of this run, by position: their late findings are scored with them.
  const decided = new Map<number, ReviewDecision[]>();
  const spill = new ResultSpill(engine.batches.active, tmp);
  const late = new LateSpill(engine.rules, tmp);
  // Scores by position: late findings change a few of them, and the summary counts them all.
  const scores: number[] = [];
  // Positions of applicants nothing could be checked of (unless a batch rule reports on them).
  const unchecked = new Set<number>();
  const errors: ReportError[] = [];
  const mappings: ReportHead['inputs'] = [];
  // Inputs are read one after another: where each file's applicants start, and its rejected records.
  const fileStarts: Array<{ file: string; from: number }> = [];
  const rejectedIn = new Map<string, number>();
  const rejectedRecord = (file: string): void => void rejectedIn.set(file, (rejectedIn.get(file) ?? 0) + 1);
  // Records read: vetted ones and rejected ones.
  const counts = { read: 0, vetted: 0, flagged: 0 };
  let interrupted = false;
  try {
    for await (const item of readApplicants(inputs, options)) {
      if (item.type === 'record') {
        // Fields that could not be read: named in the report's errors; the applicant is vetted on the rest.
        if (item.record.problems?.length) errors.push(...item.record.problems.map(toReportError));
        const result = engine.vet(item.record);
        if (fileStarts.at(-1)?.file !== item.record.input.file) fileStarts.push({ file: item.record.input.file, from: scores.length });
        const behind = engine.batches.backlog();
        if (behind) await behind;
        if (!reviews.empty && result.person) {
          const candidates = reviews.candidates(result.person);
          if (candidates.length > 0) decided.set(scores.length, candidates);
        }
        for (const rule of new Set(result.findings.filter((f) => f.points > 0).map((f) => f.rule))) byRule[rule] = (byRule[rule] ?? 0) + 1;
        for (const c of result.checks.notChecked) notChecked[c.check] = (notChecked[c.check] ?? 0) + 1;
        scores.push(result.score);
        if (!hasChecks(result)) unchecked.add(scores.length - 1);
        spill.add(result, item.record.origins);
        counts.read++;
        counts.vetted++;
        if (result.findings.length > 0) counts.flagged++;
      } else if (item.type === 'columns') {
        mappings.push({ file: item.file, ...(item.vendor !== undefined ? { vendor: item.vendor } : {}), columns: item.columns });
      } else if (item.type === 'rejected') {
        counts.read++;
        errors.push(...item.errors.map(toReportError));
        if (item.errors[0]) rejectedRecord(item.errors[0].location.file);
      } else errors.push(toReportError(item.error));
      options.onProgress?.(counts);
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
    }
    // What only the per-applicant rules read (the OFAC index, IP trees, IOC lists) can go before
    // the rules that compare applicants do their end-of-run work beside it.
    const kept = new Set(rules.filter((r) => r.batch).flatMap((r) => r.meta.requires));
    for (const id of Object.keys(sources) as (keyof typeof sources)[]) if (!kept.has(id)) delete sources[id];
    try {
      // Rules that compare applicants (identity-reuse) report once every applicant is in.
      if (engine.batches.active) options.onStep?.('comparing applicants');
      await engine.batches.finish((index, found) => {
        const points = engine.latePoints([found], decided.get(index) ?? []);
        scores[index]! += points;
        const key = `${index}\u0000${found.rule.meta.id}`;
        if (points > 0 && !lateRules.has(key)) {
          lateRules.add(key);
          byRule[found.rule.meta.id] = (byRule[found.rule.meta.id] ?? 0) + 1;
        }
        late.add(index, found);
      });
    } finally {
      await sources.ledger?.close();
    }
  } catch (e) {
    spill.close();
    late.close();
    await engine.batches.abort();
    throw e;
  }

  const byLevel = emptyLevelCounts();
  let failed = 0;
  const byFile = new Map<string, FileSummary>();
  const fileSummary = (file: string): FileSummary => {
    let f = byFile.get(file);
    if (!f) byFile.set(file, (f = { file, applicants: 0, failed: 0, rejected: 0, byLevel: emptyLevelCounts() }));
    return f;
  };
  let next = 0;
  let current: FileSummary | undefined;
  for (const [index, score] of scores.entries()) {
    if (index === fileStarts[next]?.from) current = fileSummary(fileStarts[next++]!.file);
    const { level, failed: fails } = scoreLevel(config, score, !unchecked.has(index));
    byLevel[level]++;
    current!.applicants++;
    current!.byLevel[level]++;
    if (fails) {
      failed++;
      current!.failed++;
    }
  }
  for (const e of errors) fileSummary(e.file);
  for (const [file, n] of rejectedIn) fileSummary(file).rejected = n;
  const head: ReportHead = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: VERSION },
    generatedAt: (options.now ?? new Date()).toISOString(),
    notice: NOTICE,
    redaction: config.redaction,
    sources: info,
    rules: engine.rules.map((r) => ({ id: r.meta.id, status: r.meta.status })),
    scoring: { points: config.points, thresholds: config.thresholds, failOn: config.failOn, failOnUnchecked: config.failOnUnchecked },
    summary: {
      applicants: counts.vetted,
      rejected: counts.read - counts.vetted,
      failed,
      byLevel,
      notes,
      byRule,
      notChecked,
      byFile: [...byFile.values()],
      ignoredColumns: mappings.flatMap(({ file, columns }) =>
        columns.filter((c) => c.field === null).map((c) => ({ file, header: c.header, ...(c.note ? { note: c.note } : {}) })),
      ),
    },
    inputs: mappings,
    errors,
    ...(interrupted ? { incomplete: `interrupted after ${grouped(counts.read)} record${counts.read === 1 ? '' : 's'}: this report covers those only` } : {}),
  };
  return {
    head,
    async *applicants() {
      let index = 0;
      const lateAt = late.cursor();
      // What the run reported, for `vet review`: ids and keyed hashes only, written in chunks.
      const seen: SeenFinding[] = [];
      // Opened at the first chunk to write, closed after the last.
      let writer: ReviewStore | undefined;
      const flush = async (): Promise<void> => {
        if (seen.length === 0) return;
        writer ??= await openReviews?.(env, ledgerOptions);
        await writer?.recordSeen(seen);
        seen.length = 0;
      };
      for (const { result, origins } of spill.results()) {
        const found = lateAt(index++);
        if (found) engine.addLate(result, origins, found);
        const parts = result.person;
        result.person = undefined;
        if (book && result.findings.length > 0) {
          const person = reviews.person(parts ?? []);
          // Info findings say what could not be judged: nothing to decide about them.
          for (const f of result.findings) {
            if (f.level === 'info') continue;
            seen.push({
              applicantId: result.id,
              finding: f.id,
              topic: reviews.topic(f),
              basis: basisOf(f),
              rule: f.rule,
              messageId: f.messageId,
              level: f.level,
              person,
              file: result.input.file.split(/[\\/]/).pop() ?? result.input.file,
            });
          }
          if (seen.length >= 10_000) await flush();
        }
        yield result;
      }
      try {
        await flush();
      } finally {
        await writer?.close();
      }
    },
    close: () => {
      spill.close();
      late.close();
    },
  };
}

/** The whole report in memory: for a library caller or a test, not for a large batch. */
export async function vet(inputs: string[], options: VetOptions): Promise<Report> {
  const run = await vetRun(inputs, options);
  try {
    const { errors, ...top } = run.head;
    const applicants: ApplicantResult[] = [];
    for await (const a of run.applicants()) applicants.push(a);
    return { ...top, applicants, errors };
  } finally {
    run.close();
  }
}
