// Child of bench.mjs: one full vet run (read, vet, format, write) in a fresh process, reporting its
// own time and peak memory. It calls the pipeline rather than run() so that the summary comes from
// the same run instead of a second one.
import { mkdtempSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../dist/engine/config.js';
import { vet } from '../../dist/engine/pipeline.js';
import { formatReport } from '../../dist/formatters/index.js';
import { RULES } from '../../dist/rules/index.js';

const [file, format, rules] = process.argv.slice(2);
const t = performance.now();
// A fresh vet home: the identity ledger is written as in a real run, never into the developer's.
const env = { VET_HOME: mkdtempSync(join(tmpdir(), "vet-bench-home-")), ...(process.env.VET_LEDGER ? { VET_LEDGER: process.env.VET_LEDGER } : {}) };
const report = await vet([file], { config: parseConfig({ failOn: 'none' }, RULES), env, ...(rules ? { only: rules.split(',') } : {}) });
await writeFile('/dev/null', formatReport(report, format, { color: false }));
const ms = performance.now() - t;
const { applicants, rejected, byLevel } = report.summary;
const reuse = { ring: 0, other: 0, byMessage: {} };
for (const a of report.applicants) {
  const found = a.findings.filter((f) => f.rule === 'identity-reuse');
  if (found.length === 0) continue;
  if (a.id.startsWith('RING-')) reuse.ring++;
  else reuse.other++;
  for (const f of found) reuse.byMessage[f.messageId] = (reuse.byMessage[f.messageId] ?? 0) + 1;
}
// CPU time, less disturbed than wall time by other work on a shared machine: the whole process
// (every thread) and the main thread alone (Linux only; utime + stime in clock ticks of 10 ms).
const { user, system } = process.cpuUsage();
let mainCpuMs;
try {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  mainCpuMs = (Number(fields[11]) + Number(fields[12])) * 10;
} catch {
  mainCpuMs = undefined;
}
console.log(JSON.stringify({ ms, cpuMs: (user + system) / 1000, mainCpuMs, maxRssKb: process.resourceUsage().maxRSS, applicants, rejected, byLevel, reuse }));
