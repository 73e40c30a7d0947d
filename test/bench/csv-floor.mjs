// Child of bench.mjs: the floor under vet's CSV reading. csv-parse alone reads the file as a
// stream into arrays of cells and counts them; peak memory and time are its own.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

const t = performance.now();
let rows = 0;
for await (const _ of createReadStream(process.argv[2]).pipe(parse({ relax_column_count: true }))) rows++;
const { user, system } = process.cpuUsage();
console.log(JSON.stringify({ ms: performance.now() - t, cpuMs: (user + system) / 1000, rows: rows - 1, maxRssKb: process.resourceUsage().maxRSS }));
