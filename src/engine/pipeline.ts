import { InputError, UsageError } from '../errors.js';
import { readApplicants, type ReadOptions } from '../input/read.js';
import { RULES } from '../rules/index.js';
import { loadSources } from '../sources/index.js';
import type { LedgerOptions } from '../sources/ledger.js';
import { TOOL_NAME, VERSION } from '../version.js';
import type { VetConfig } from './config.js';
import { Engine, enabledRules } from './engine.js';
import { APPLICANT_LEVELS, type ApplicantLevel } from './levels.js';
import { NOTICE, REPORT_SCHEMA_VERSION, type Report, type ReportError } from './report.js';
import type { AnyRule } from './rule.js';

export interface VetOptions extends ReadOptions {
  config: VetConfig;
  /** Run only these rule ids (--rules). */
  only?: string[];
  /** Called after every applicant with the count so far. */
  onProgress?: (vetted: number) => void;
  /** Fixed report time, for reproducible reports (SOURCE_DATE_EPOCH). */
  now?: Date;
  rules?: readonly AnyRule[];
  /** Environment for data sources ($VET_HOME). */
  env?: NodeJS.ProcessEnv;
  /** --ledger PATH / --no-ledger. */
  ledger?: LedgerOptions;
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

/** Reads every input, vets every applicant and builds the report. Rejected records land in errors. */
export async function vet(inputs: string[], options: VetOptions): Promise<Report> {
  const { config } = options;
  const rules = enabledRules(selectRules(options.rules ?? RULES, options.only), config);
  const { sources, info } = await loadSources(rules.flatMap((r) => r.meta.requires), {
    env: options.env ?? {},
    ipData: config.ipData,
    ledger: { ...options.ledger, ...(options.now ? { now: () => options.now! } : {}) },
  });
  const engine = new Engine(rules, config, sources, options.now);

  const byLevel = Object.fromEntries(APPLICANT_LEVELS.map((l) => [l, 0])) as Record<ApplicantLevel, number>;
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: VERSION },
    generatedAt: (options.now ?? new Date()).toISOString(),
    notice: NOTICE,
    sources: info,
    rules: engine.rules.map((r) => ({ id: r.meta.id, status: r.meta.status })),
    scoring: { points: config.points, thresholds: config.thresholds, failOn: config.failOn },
    summary: { applicants: 0, rejected: 0, failed: 0, byLevel },
    applicants: [],
    errors: [],
  };

  for await (const item of readApplicants(inputs, options)) {
    if (item.type === 'record') {
      report.applicants.push(engine.vet(item.record));
      options.onProgress?.(report.applicants.length);
    } else if (item.type === 'rejected') {
      report.summary.rejected++;
      report.errors.push(...item.errors.map(toReportError));
    } else report.errors.push(toReportError(item.error));
  }
  try {
    // Rules that compare applicants (identity-reuse) report once every applicant is in.
    await engine.finish(report.applicants);
  } finally {
    sources.ledger?.close();
  }
  report.summary.applicants = report.applicants.length;
  for (const result of report.applicants) {
    byLevel[result.level]++;
    if (result.failed) report.summary.failed++;
  }
  return report;
}
