#!/usr/bin/env node
// npm run bench:html [-- --size 100000]
// The HTML report at scale: the file's size, the time vet takes to write it, and in Debian's
// chromium (headless, /usr/bin/chromium) the first contentful paint and the time until the list is
// drawn, opened from a file:// URL with every request blocked. Targets (issue 23): a 100,000
// applicant report opens with first paint under 3 s and stays under 50 MB. Not a test: timings
// depend on the machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generate } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', '..', 'bin', 'vet.js');
const { values } = parseArgs({ options: { size: { type: 'string', default: '100000' }, seed: { type: 'string', default: '42' } } });
const n = Number(values.size);
const dir = mkdtempSync(join(tmpdir(), 'vet-bench-html-'));
const input = join(dir, `export-${n}.csv`);
await generate(input, n, Number(values.seed));
const out = join(dir, 'report.html');
const t0 = performance.now();
const r = spawnSync(process.execPath, [bin, input, '-f', 'html', '-o', out, '-q'], {
  env: { ...process.env, VET_HOME: join(dir, 'home') },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const writeSeconds = (performance.now() - t0) / 1000;
if (![0, 1].includes(r.status ?? -1)) throw new Error(`vet exited ${r.status}`);
const mb = statSync(out).size / 1e6;
console.log(`applicants ${n.toLocaleString('en')}: report ${mb.toFixed(1)} MB (target < 50), written in ${writeSeconds.toFixed(1)} s`);

const chromium = process.env.VET_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.log(`no browser figures: ${chromium} is not installed (apt-get install -y chromium)`);
  process.exit(0);
}
const { chromium: launcher } = await import('playwright-core');
const browser = await launcher.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const runs = [];
for (let i = 0; i < 3; i++) {
  const page = await browser.newPage();
  const self = pathToFileURL(out).href;
  let blocked = 0;
  await page.route('**/*', (route) => (route.request().url() === self ? route.continue() : (blocked++, route.abort())));
  const start = Date.now();
  await page.goto(self, { timeout: 120_000 });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
  const ready = Date.now() - start;
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  const rows = await page.$$eval('#rows tr:not(.details)', (t) => t.length);
  runs.push({ fcp, ready, rows, blocked });
  await page.close();
}
await browser.close();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `chromium: first contentful paint ${(median(runs.map((x) => x.fcp)) / 1000).toFixed(2)} s (target < 3), list drawn ${(median(runs.map((x) => x.ready)) / 1000).toFixed(2)} s, ${runs[0].rows} rows on the first page, ${runs[0].blocked} requests blocked (medians of ${runs.length})`,
);
