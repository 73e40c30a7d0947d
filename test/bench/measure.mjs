// Child of bench.mjs: one full vet run (read, vet, format, write) in a fresh process, reporting its
// own time and peak memory. It calls the pipeline rather than run() so that the summary comes from
// the same run instead of a second one.
import { writeFile } from 'node:fs/promises';
import { parseConfig } from '../../dist/engine/config.js';
import { vet } from '../../dist/engine/pipeline.js';
import { formatReport } from '../../dist/formatters/index.js';
import { RULES } from '../../dist/rules/index.js';

const [file, format, rules] = process.argv.slice(2);
const t = performance.now();
const report = await vet([file], { config: parseConfig({ failOn: 'none' }, RULES), ...(rules ? { only: rules.split(',') } : {}) });
await writeFile('/dev/null', formatReport(report, format, { color: false }));
const ms = performance.now() - t;
const { applicants, rejected, byLevel } = report.summary;
console.log(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, applicants, rejected, byLevel }));
