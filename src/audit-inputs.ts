import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { appendAudit, type AuditInput, type AuditRecord } from './audit.js';
import type { VetConfig } from './engine/config.js';
import type { ReportHead } from './engine/report.js';
import { STDIN_NAME } from './input/read.js';
import { vetHome } from './sources/home.js';
import { VERSION } from './version.js';

/** Passes a stream through, hashing what goes by: standard input is read once, by the run. */
export function digestingStream(source: Readable | AsyncIterable<string | Buffer>): { stream: AsyncIterable<Buffer>; digest(): Omit<AuditInput, 'name'> } {
  const hash = createHash('sha256');
  let bytes = 0;
  async function* pass(): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      hash.update(buf);
      bytes += buf.length;
      yield buf;
    }
  }
  let digest: string | undefined;
  return { stream: pass(), digest: () => ({ sha256: (digest ??= hash.digest('hex')), bytes }) };
}

/** SHA-256 of a file as it is now; undefined when it cannot be read (the report names why). */
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

export interface RunRecord {
  files: string[];
  cwd: string;
  report: ReportHead;
  config: VetConfig;
  exitCode: number;
  now: Date;
  stdin?: Omit<AuditInput, 'name'>;
}

/** Appends a vetting run to the audit log in vet's home: inputs and their digests, rules, data versions and counts, never applicant data. */
export async function recordRun(env: Record<string, string | undefined>, run: RunRecord): Promise<AuditRecord> {
  const inputs: AuditInput[] = [];
  for (const f of run.files) {
    const digest = f === '-' ? run.stdin : await fileDigest(resolve(run.cwd, f));
    inputs.push({ name: f === '-' ? STDIN_NAME : f, ...(digest ?? { sha256: '', bytes: 0 }) });
  }
  const { report, config } = run;
  return appendAudit(vetHome(env), {
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
    sources: report.sources.map((s) => ({ id: s.id, ...(s.version !== undefined ? { version: s.version } : {}), ...(s.date !== undefined ? { date: s.date } : {}) })),
    counts: { applicants: report.summary.applicants, rejected: report.summary.rejected, failed: report.summary.failed, errors: report.errors.length, byLevel: { ...report.summary.byLevel } },
    exitCode: run.exitCode,
  });
}
