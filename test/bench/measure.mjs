// Child of bench.mjs: one vet run as the command line does it (read, vet, spill, write the report
// as a stream), in a fresh process, reporting its own time and peak memory. The report goes to a
// file as NDJSON; what it found is counted after the clock stops.
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { run } from '../../dist/vet.bundle.js';

const [file, home, rules] = process.argv.slice(2);
const scratch = mkdtempSync(join(tmpdir(), 'vet-bench-'));
const out = join(scratch, 'report.ndjson');
const stream = createWriteStream(out);
const t = performance.now();
const result = await run([file, '-f', 'ndjson', '--fail-on', 'none', ...(rules ? ['--rules', rules] : [])], {
  stdoutStream: stream,
  env: { ...process.env, VET_HOME: home },
  cwd: process.cwd(),
});
await new Promise((resolve) => stream.end(resolve));
const ms = performance.now() - t;
if (result.exitCode !== 0) {
  console.error(result.stderr);
  process.exit(1);
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
const maxRssKb = process.resourceUsage().maxRSS;

const found = { ring: 0, byRule: {}, summary: undefined };
for await (const line of createInterface({ input: createReadStream(out) })) {
  const item = JSON.parse(line);
  if (item.type === 'summary') found.summary = item.summary;
  if (item.type !== 'applicant') continue;
  for (const rule of new Set(item.findings.map((f) => f.rule))) found.byRule[rule] = (found.byRule[rule] ?? 0) + 1;
  if (item.id.startsWith('RING-') && item.findings.some((f) => f.rule === 'identity-reuse')) found.ring++;
}
rmSync(scratch, { recursive: true, force: true });
console.log(JSON.stringify({ ms, cpuMs: (user + system) / 1000, mainCpuMs, maxRssKb, ...found }));
