// Child of bench.mjs: vet's CSV path alone, as a run reads an export before any rule: the file
// read as a stream, framed, parsed, its columns mapped and each applicant normalised, counted.
// Its CPU time against csv-floor.mjs's on the same file is issue 26's "at most 2x csv-parse".
import { readApplicants } from '../../dist/input/read.js';

const t = performance.now();
let records = 0;
let rejected = 0;
for await (const item of readApplicants([process.argv[2]], { cwd: process.cwd() })) {
  if (item.type === 'record') records++;
  else if (item.type === 'rejected') rejected++;
}
const { user, system } = process.cpuUsage();
console.log(JSON.stringify({ ms: performance.now() - t, cpuMs: (user + system) / 1000, rows: records, rejected, maxRssKb: process.resourceUsage().maxRSS }));
