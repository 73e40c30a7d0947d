import { createHash, type Hash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { openAudit, type AuditInput, type AuditRecord, type AuditRunBody } from './audit.js';
import type { VetConfig } from './engine/config.js';
import type { ReportHead } from './engine/report.js';
import { STDIN_NAME } from './input/read.js';
import { VERSION } from './version.js';

/**
 * SHA-256 and size of each input as the run reads it (`ReadOptions.onChunk`): the digest is of the
 * bytes vetted, standard input included, and no file is read a second time.
 */
export class InputDigests {
  private readonly byFile = new Map<string, { hash: Hash; bytes: number }>();

  readonly onChunk = (file: string, chunk: Buffer): void => {
    let d = this.byFile.get(file);
    if (!d) this.byFile.set(file, (d = { hash: createHash('sha256'), bytes: 0 }));
    d.hash.update(chunk);
    d.bytes += chunk.length;
  };

  /** The digest of what was read of `file`; each input is digested once. */
  take(file: string): Omit<AuditInput, 'name'> | undefined {
    const d = this.byFile.get(file);
    if (!d) return undefined;
    this.byFile.delete(file);
    return { sha256: d.hash.digest('hex'), bytes: d.bytes };
  }
}

/** SHA-256 of a file as it is now, for one the run did not read to its end; undefined when it cannot be read (the report names why). */
async function fileDigest(path: string): Promise<Omit<AuditInput, 'name'> | undefined> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch {
    return undefined;
  }
  return { sha256: hash.digest('hex'), bytes };
}

function fileSize(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

export interface RunRecord {
  files: string[];
  cwd: string;
  report: ReportHead;
  config: VetConfig;
  exitCode: number;
  now: Date;
  digests: InputDigests;
  /** --audit or VET_AUDIT: a postgres:// URL (undefined: the log in vet's home). */
  audit?: string;
}

/** Appends a vetting run to the audit trail (the log in vet's home, or a team's database): inputs and their digests, rules, data versions and counts, never applicant data. */
export async function recordRun(env: Record<string, string | undefined>, run: RunRecord): Promise<AuditRecord | undefined> {
  const inputs: AuditInput[] = [];
  for (const f of run.files) {
    const name = f === '-' ? STDIN_NAME : f;
    let digest = run.digests.take(name);
    // A file rejected part way (binary, unreadable) was not read to its end: digest it whole.
    if (f !== '-' && digest?.bytes !== fileSize(resolve(run.cwd, f))) digest = await fileDigest(resolve(run.cwd, f));
    inputs.push({ name, ...(digest ?? { sha256: '', bytes: 0 }) });
  }
  const trail = await openAudit(env, run.audit);
  if (!trail) return undefined;
  try {
    return await trail.append(runBody(run, inputs));
  } finally {
    await trail.close();
  }
}

function runBody(run: RunRecord, inputs: AuditInput[]): AuditRunBody {
  const { report, config } = run;
  return {
    time: run.now.toISOString(),
    vet: VERSION,
    inputs,
    rules: report.rules.map((r) => {
      const set = config.rules[r.id];
      const messages = Object.entries(set?.messages ?? {});
      return { id: r.id, ...(set?.level ? { level: set.level } : {}), ...(messages.length ? { messages: Object.fromEntries(messages) } : {}) };
    }),
    scoring: { failOn: report.scoring.failOn, points: { ...report.scoring.points }, thresholds: { ...report.scoring.thresholds } },
    ...(config.file ? { config: config.file } : {}),
    sources: report.sources.map((s) => ({
      id: s.id,
      ...(s.version !== undefined ? { version: s.version } : {}),
      ...(s.date !== undefined ? { date: s.date } : {}),
    })),
    counts: {
      applicants: report.summary.applicants,
      rejected: report.summary.rejected,
      failed: report.summary.failed,
      errors: report.errors.length,
      byLevel: { ...report.summary.byLevel },
    },
    exitCode: run.exitCode,
  };
}
