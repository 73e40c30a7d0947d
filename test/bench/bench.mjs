#!/usr/bin/env node
// npm run bench [-- --n 100000 --seed 42 --format json]
// Generates N synthetic applicants as CSV (deterministic for a seed), then runs vet on them in a
// child process and prints applicants per second and the child's peak memory. Not a test: timings
// depend on the machine.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { prng } from './prng.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const { values } = parseArgs({
  options: {
    n: { type: 'string', default: process.env.BENCH_N ?? '100000' },
    seed: { type: 'string', default: '42' },
    format: { type: 'string', default: 'json' },
  },
});
const n = Number(values.n);
const seed = Number(values.seed);


const GIVEN = ['Alex', 'Sam', 'Robin', 'Jordan', 'Casey', 'Min-jun', 'Wei', 'Ivan', 'Priya', 'Lena', 'Omar', 'Chinedu', 'Maria', 'Kenji', 'Fatima', 'Olga', 'Diego', 'Ji-woo', 'Hana', 'Tom'];
const FAMILY = ['Example', 'Sample', 'Placeholder', 'Test', 'Mock', 'Fixture', 'Dummy', 'Specimen', 'Proto', 'Model', 'Pattern', 'Draft', 'Trial', 'Demo'];
const digits = (r, n) => String(Math.floor(r() * 10 ** n)).padStart(n, '0');
// [country, phone generator]: each applicant their own number, mostly consistent with the claimed
// country, a share of inconsistent ones.
const PHONES = {
  US: (r) => `+1 415 ${200 + Math.floor(r() * 700)} ${digits(r, 4)}`,
  GB: (r) => `+44 20 3${digits(r, 3)} ${digits(r, 4)}`,
  DE: (r) => `+49 30 ${1000000 + Math.floor(r() * 8999999)}`,
  KR: (r) => `+82 10 ${1000 + Math.floor(r() * 8999)} ${1000 + Math.floor(r() * 8999)}`,
  CN: (r) => `+86 138 ${digits(r, 4)} ${digits(r, 4)}`,
  KP: () => '+850 2 381 2222',
  GBVOIP: () => '+44 56 0012 3456',
};

const octet = (r) => Math.floor(r() * 256);
const HOME_IPS = {
  US: (r) => `73.${octet(r)}.${octet(r)}.${octet(r)}`,
  GB: (r) => `86.${128 + (octet(r) & 31)}.${octet(r)}.${octet(r)}`,
  DE: (r) => `80.${128 + (octet(r) & 31)}.${octet(r)}.${octet(r)}`,
  KR: (r) => `1.${224 + (octet(r) & 15)}.${octet(r)}.${octet(r)}`,
};
function ipFor(home, r) {
  const roll = r();
  if (roll < 0.9) return HOME_IPS[home](r);
  if (roll < 0.95) return `45.77.${octet(r)}.${octet(r)}`;
  if (roll < 0.97) return `77.88.${octet(r) & 63}.${octet(r)}`;
  if (roll < 0.98) return `175.45.${176 + (octet(r) & 3)}.${octet(r)}`;
  return `203.0.113.${octet(r)}`;
}

function csvCell(s) {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// Planted identity rings: every 250th applicant leads a ring of four whose other members give one
// of its identifiers under their own names (ids RING-<ring>-<member>, so the bench can count them).
const RING_EVERY = 250;
const RING_SIZE = 4;
const RING_KINDS = ['phone', 'ssn', 'shipping', 'email'];

async function generate(file) {
  const r = prng(seed);
  const out = createWriteStream(file);
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((res) => out.once('drain', res)));
  await write('Candidate ID,Candidate Name,Email Address,Mobile,Country of Residence,Street Address,City,Shipping Address,SSN,IP Address,Notes\n');
  const homes = ['US', 'US', 'US', 'GB', 'DE', 'KR'];
  let ring;
  for (let i = 0; i < n; i++) {
    const home = homes[Math.floor(r() * homes.length)];
    const roll = r();
    let phone = roll < 0.9 ? PHONES[home](r) : roll < 0.95 ? PHONES.CN(r) : roll < 0.98 ? PHONES.GBVOIP(r) : PHONES.KP(r);
    const name = `${GIVEN[Math.floor(r() * GIVEN.length)]} ${String.fromCharCode(65 + Math.floor(r() * 26))}. ${FAMILY[Math.floor(r() * FAMILY.length)]}`;
    const ip = ipFor(home, r);
    const notes = r() < 0.1 ? 'Referred by a colleague,\nsee "notes"' : '';
    let id = `BENCH-${i}`;
    let email = `user${i}@example.com`;
    let ssn = home === 'US' ? `${100 + Math.floor(r() * 600)}-${digits(r, 2)}-${digits(r, 4)}` : '';
    let shipping = '';
    if (i % RING_EVERY === 0) ring = { index: i / RING_EVERY, kind: RING_KINDS[(i / RING_EVERY) % RING_KINDS.length], phone, email, ssn: ssn || `${100 + i % 600}-55-${digits(r, 4)}`, shipping: `${i} Farm Road, Unit ${i % 9 + 1}, Dover DE 19901`, member: 0 };
    if (ring && ring.member < RING_SIZE && i >= ring.index * RING_EVERY) {
      id = `RING-${ring.index}-${ring.member}`;
      if (ring.kind === 'phone') phone = ring.phone;
      else if (ring.kind === 'ssn') ssn = ring.ssn;
      else if (ring.kind === 'email') email = ring.email;
      else shipping = ring.shipping;
      ring.member++;
    }
    const row = [id, name, email, phone, home, `${i} Example Street`, 'Springfield', shipping, ssn, ip, notes];
    await write(row.map(csvCell).join(',') + '\n');
  }
  await new Promise((res) => out.end(res));
}

const dir = join(root, '.vet-bench');
mkdirSync(dir, { recursive: true });
const file = join(dir, `applicants-${n}-${seed}-v2.csv`);
let t = performance.now();
await generate(file);
const mb = statSync(file).size / 1e6;
console.log(`generated ${n.toLocaleString('en')} applicants (${mb.toFixed(1)} MB CSV, seed ${seed}) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

function measure(rules, env = {}) {
  const child = spawnSync(process.execPath, [join(here, 'measure.mjs'), file, values.format, ...(rules ? [rules] : [])], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) {
    console.error(child.stderr);
    process.exit(1);
  }
  return JSON.parse(child.stdout.trim().split('\n').pop());
}
const m = measure();
console.log(`full run (${values.format} report, every rule, a fresh identity ledger): ${m.applicants.toLocaleString('en')} applicants in ${(m.ms / 1000).toFixed(2)} s = ${Math.round((m.applicants / m.ms) * 1000).toLocaleString('en')} applicants/s`);
console.log(`peak memory (max RSS): ${(m.maxRssKb / 1024).toFixed(0)} MB; ${m.rejected} rejected rows`);
console.log(`levels: ${JSON.stringify(m.byLevel)}`);
const planted = Math.ceil(n / RING_EVERY) * RING_SIZE;
console.log(`identity-reuse: ${m.reuse.ring} of ${planted} planted ring members flagged; ${m.reuse.other} other applicants flagged (${JSON.stringify(m.reuse.byMessage)})`);
// What each rule with data of its own adds to the same run.
const all = 'phone-origin,sdn-alias-match,geo-mismatch,identity-reuse';
const without = (rule) => all.split(',').filter((x) => x !== rule).join(',');
const geo = measure(without('geo-mismatch'));
console.log(`without geo-mismatch: ${(geo.ms / 1000).toFixed(2)} s, ${(geo.maxRssKb / 1024).toFixed(0)} MB; geo-mismatch adds ${((m.ms - geo.ms) / 1000).toFixed(2)} s (${((100 * (m.ms - geo.ms)) / geo.ms).toFixed(0)}%) and ${((m.maxRssKb - geo.maxRssKb) / 1024).toFixed(0)} MB`);
// identity-reuse works in a second thread, so wall time and CPU time tell different things; both
// are medians of three runs in turn, because wall time on a shared machine varies by a fifth.
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
const runs = { without: [], ledgerOff: [], full: [] };
for (let i = 0; i < 3; i++) {
  runs.without.push(measure(without('identity-reuse')));
  runs.ledgerOff.push(measure(all, { VET_LEDGER: 'off' }));
  runs.full.push(i === 0 ? m : measure(all));
}
const stat = (list) => ({ ms: median(list.map((r) => r.ms)), cpuMs: median(list.map((r) => r.cpuMs)), mainCpuMs: median(list.map((r) => r.mainCpuMs ?? NaN)), mb: median(list.map((r) => r.maxRssKb / 1024)) });
const base = stat(runs.without);
const pct = (x, y) => `${x >= y ? '+' : ''}${((100 * (x - y)) / y).toFixed(0)}%`;
console.log('identity-reuse, medians of 3     wall s   CPU s (all threads)   main thread CPU s   peak MB');
for (const [label, list] of [['without identity-reuse', runs.without], ['with it, --no-ledger', runs.ledgerOff], ['with it and the ledger', runs.full]]) {
  const x = stat(list);
  const vs = list === runs.without ? '' : ` (wall ${pct(x.ms, base.ms)}, CPU ${pct(x.cpuMs, base.cpuMs)})`;
  console.log(`  ${label.padEnd(28)} ${(x.ms / 1000).toFixed(2).padStart(7)} ${(x.cpuMs / 1000).toFixed(2).padStart(9)} ${(x.mainCpuMs / 1000).toFixed(2).padStart(20)} ${x.mb.toFixed(0).padStart(13)}${vs}`);
}
