// Child of bench.mjs: one full vet run in a fresh process, reporting its own time and peak memory.
import { run } from '../../dist/cli/run.js';

const [file, ...rest] = process.argv.slice(2);
const t = performance.now();
const result = await run([file, ...rest], { env: {}, cwd: process.cwd() });
const ms = performance.now() - t;
const maxRssKb = process.resourceUsage().maxRSS; // read before the counting run below
const counts = await run([file, '--format', 'ndjson', '--fail-on', 'none'], { env: {}, cwd: process.cwd() });
const { summary } = JSON.parse(counts.stdout.trimEnd().split('\n').pop());
console.log(JSON.stringify({ ms, maxRssKb, exitCode: result.exitCode, applicants: summary.applicants, rejected: summary.rejected, byLevel: summary.byLevel }));
