#!/usr/bin/env node
// npm run bench [-- --sizes 10000,100000,1000000 --seed 42]
// One table: applicants per second and peak memory of full runs (every rule, the identity ledger
// on, embedded IP data, the full merged OFAC list from ../shared/data/ofac when it is there) on
// synthetic exports of each size; the floor csv-parse alone sets on the largest file; and the
// wall time of a single-applicant check from a cold start. Not a test: timings depend on the
// machine, and vary by a fifth from run to run on a shared one.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generate, REALISTIC_RING_EVERY, RING_EVERY, RING_SIZE } from './generate.mjs';
import { resemblingNames } from './sdn-names.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const bin = join(root, 'bin', 'vet.js');
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: process.env.BENCH_SIZES ?? '10000,100000,1000000' },
    'rule-size': { type: 'string', default: process.env.BENCH_RULE_SIZE ?? '50000' },
    'rule-runs': { type: 'string', default: process.env.BENCH_RULE_RUNS ?? '3' },
    runs: { type: 'string', default: process.env.BENCH_RUNS ?? '3' },
    seed: { type: 'string', default: '42' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const seed = Number(values.seed);
// Runs of each full-run row below 1,000,000 applicants (a run of a million takes minutes, and is
// made once) and of the CSV pair: the row gives each figure's median, as issue 26 sets its
// targets, since single runs on a shared machine vary by a fifth.
const runs = Math.max(1, Number(values.runs));
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const range = (xs) => `${Math.round(Math.min(...xs))}-${Math.round(Math.max(...xs))}`;

/** `k` fresh-home runs of measure.mjs on `file`, with each figure's median and the CPU per applicant of each run. */
function fullRuns(file, k) {
  const all = [];
  for (let i = 0; i < k; i++) {
    const home = freshHome();
    all.push(child([join(here, 'measure.mjs'), file, home]));
    rmSync(home, { recursive: true, force: true });
  }
  const us = all.map((m) => (m.cpuMs * 1000) / m.summary.applicants);
  return {
    m: all[0],
    ms: median(all.map((m) => m.ms)),
    cpuMs: median(all.map((m) => m.cpuMs)),
    maxRssKb: median(all.map((m) => m.maxRssKb)),
    us: median(us),
    of: k === 1 ? 'one run' : `median of ${k}, ${range(us)}`,
  };
}

// A vet home with the full OFAC list installed, copied for every run so that each starts with an
// empty identity ledger. Without the shared data, the built-in list of DPRK designations is used.
const OFAC = join(root, '..', 'shared', 'data', 'ofac', 'merged-2025-11');
const template = mkdtempSync(join(tmpdir(), 'vet-bench-template-'));
let list = 'built-in DPRK list (../shared/data/ofac not found)';
if (existsSync(OFAC)) {
  const imported = spawnSync(process.execPath, [bin, 'lists', 'import', OFAC, '--date', '2025-11-30'], {
    env: { ...process.env, VET_HOME: template },
    encoding: 'utf8',
  });
  if (imported.status !== 0) throw new Error(imported.stderr);
  list = `full merged OFAC list (${imported.stdout.match(/(\d+) entries/)?.[1] ?? '?'} entries)`;
}
const freshHome = () => {
  const home = mkdtempSync(join(tmpdir(), 'vet-bench-home-'));
  cpSync(template, home, { recursive: true });
  return home;
};

function child(args, env = {}) {
  const r = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const dir = join(root, '.vet-bench');
mkdirSync(dir, { recursive: true });
const rows = [];
let largest;
for (const n of sizes) {
  const file = join(dir, `applicants-${n}-${seed}-v3.csv`);
  if (!existsSync(file)) await generate(file, n, seed);
  largest = file;
  const r = fullRuns(file, n >= 1_000_000 ? 1 : runs);
  const { m } = r;
  const planted = Math.ceil(n / RING_EVERY) * RING_SIZE;
  rows.push({
    what: `${n.toLocaleString('en')} applicants, every rule (${(statSync(file).size / 1e6).toFixed(0)} MB CSV)`,
    wall: r.ms / 1000,
    perSecond: (m.summary.applicants / r.ms) * 1000,
    cpu: r.cpuMs / 1000,
    mb: r.maxRssKb / 1024,
    notes: `${Math.round(r.us)} µs CPU an applicant (${r.of}); ${m.byRule['identity-reuse'] ? `${m.ring}/${planted} ring members flagged` : 'no reuse findings'}; sanctions ${m.byRule['sdn-alias-match'] ?? 0}, front-company ${m.byRule['front-company'] ?? 0}`,
  });
  process.stderr.write(`measured ${n}\n`);
}
// The same target on an export with realistic reuse (issue 26: about 1% of applicants share
// something; the export above shares far more), at 100,000 rows or the largest size asked for.
{
  const n = Math.min(100_000, Math.max(...sizes));
  const file = join(dir, `applicants-${n}-${seed}-v3-realistic.csv`);
  if (!existsSync(file)) await generate(file, n, seed, { reuse: 'realistic' });
  const r = fullRuns(file, runs);
  const { m } = r;
  rows.push({
    what: `${n.toLocaleString('en')} applicants, realistic reuse, every rule`,
    wall: r.ms / 1000,
    perSecond: (m.summary.applicants / r.ms) * 1000,
    cpu: r.cpuMs / 1000,
    mb: r.maxRssKb / 1024,
    notes: `${Math.round(r.us)} µs CPU an applicant (${r.of}); ${m.ring}/${Math.ceil(n / REALISTIC_RING_EVERY) * RING_SIZE} ring members flagged, identity-reuse ${(m.byRule['identity-reuse'] ?? 0).toLocaleString('en')}`,
  });
  process.stderr.write('measured the realistic export\n');
}
// csv-parse alone and vet's CSV path (read, frame, parse, map, normalise) on the same file, in
// alternating pairs: the ratio of each pair's CPU, and the median of the ratios.
const pairs = [];
for (let i = 0; i < runs; i++) pairs.push({ floor: child([join(here, 'csv-floor.mjs'), largest]), path: child([join(here, 'csv-path.mjs'), largest]) });
const ratios = pairs.map((p) => p.path.cpuMs / p.floor.cpuMs);
const ratioList = [...ratios]
  .sort((x, y) => x - y)
  .map((x) => x.toFixed(1))
  .join(', ');
const medianRun = (key) => {
  const figures = (k) => median(pairs.map((p) => p[key][k]));
  return { ms: figures('ms'), cpuMs: figures('cpuMs'), maxRssKb: figures('maxRssKb'), rows: pairs[0][key].rows };
};
const floor = medianRun('floor');
rows.push({
  what: `csv-parse alone, same ${floor.rows.toLocaleString('en')}-row file`,
  wall: floor.ms / 1000,
  perSecond: (floor.rows / floor.ms) * 1000,
  cpu: floor.cpuMs / 1000,
  mb: floor.maxRssKb / 1024,
  notes: `the floor: reading only${runs > 1 ? ` (median of ${runs})` : ''}`,
});
const csvPath = medianRun('path');
rows.push({
  what: `vet's CSV path alone, same file`,
  wall: csvPath.ms / 1000,
  perSecond: (csvPath.rows / csvPath.ms) * 1000,
  cpu: csvPath.cpuMs / 1000,
  mb: csvPath.maxRssKb / 1024,
  notes: `read, mapped and normalised, no rule: ${median(ratios).toFixed(1)}x csv-parse's CPU${runs > 1 ? ` (median of ${runs} alternated pairs: ${ratioList})` : ''}`,
});

// Cold start: what a CI hook waits for, from process start to exit, against a bare node -e 0
// run just before each (paired, so that a busy moment weighs on both), median of 11.
const timed = (args, env) => {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { ms: performance.now() - t, rssMb: Number(r.stderr.trim().split('\n').pop()) / 1024 || 0 };
};
for (const [label, extra] of [
  ['every rule', []],
  ['--rules phone-origin', ['--rules', 'phone-origin']],
]) {
  const home = freshHome();
  const ratios = [];
  const times = [];
  let rss = 0;
  for (let i = 0; i < 11; i++) {
    const bare = timed(['-e', '0'], {});
    const vet = timed([bin, join(root, 'fixtures', 'applicants', 'clean.json'), ...extra], { VET_HOME: home });
    times.push(vet.ms);
    ratios.push(vet.ms / bare.ms);
    rss = Math.max(rss, vet.rssMb);
  }
  rows.push({
    what: `one applicant, cold start, ${label}`,
    wall: median(times) / 1000,
    perSecond: undefined,
    cpu: undefined,
    mb: rss || undefined,
    notes: `median of 11, ledger on; ${median(ratios).toFixed(1)}x a bare node -e 0 (paired)`,
  });
  rmSync(home, { recursive: true, force: true });
}

// 200,000 applicants in one JSON array on one line, all named alike with one phone: every one
// shares the phone with every other (the identity-reuse rule's worst case), and the document is
// read whole.
{
  const n = 200_000;
  const file = join(dir, `alike-${n}.json`);
  if (!existsSync(file)) {
    const applicants = Array.from({ length: n }, (_, i) => ({ id: `A${i}`, name: 'Kim Min-jun', email: `user${i}@example.com`, phone: '+1 415 555 0134' }));
    writeFileSync(file, JSON.stringify(applicants));
  }
  const home = freshHome();
  const m = child([join(here, 'measure.mjs'), file, home]);
  rmSync(home, { recursive: true, force: true });
  rows.push({
    what: `${n.toLocaleString('en')} applicants in one JSON array, named alike with one phone`,
    wall: m.ms / 1000,
    perSecond: (m.summary.applicants / m.ms) * 1000,
    cpu: m.cpuMs / 1000,
    mb: m.maxRssKb / 1024,
    notes: `identity-reuse ${(m.byRule['identity-reuse'] ?? 0).toLocaleString('en')}`,
  });
  process.stderr.write('measured the alike array\n');
}

// Sanctions screening by itself: `vet sdn --file` on names that resemble listed ones (other
// orders, typos, joined given names, no middle name), less the same run on the file's first name
// (start-up), medians of 3 such pairs. Only with the full list: the built-in one has 20 names.
if (existsSync(OFAC)) {
  const names = resemblingNames(OFAC, 20_000, seed);
  const many = join(dir, `sdn-names-20000-${seed}.txt`);
  const one = join(dir, `sdn-names-1-${seed}.txt`);
  writeFileSync(many, `${names.join('\n')}\n`);
  writeFileSync(one, `${names[0]}\n`);
  const home = freshHome();
  const sdnRun = (file) => {
    const t = performance.now();
    const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, bin, 'sdn', '--file', file], {
      env: { ...process.env, VET_HOME: home },
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    });
    if (r.status !== 0) throw new Error(`vet sdn --file: ${r.stderr}`);
    const [user, sys, rssKb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
    const matched = r.stdout.split('\n').filter((l) => l.includes('"matches":[{')).length;
    return { ms: performance.now() - t, cpuMs: (user + sys) * 1000, rssKb, matched };
  };
  const pairs = [];
  for (let i = 0; i < 3; i++) {
    const start = sdnRun(one);
    const full = sdnRun(many);
    pairs.push({ ms: full.ms - start.ms, cpuMs: full.cpuMs - start.cpuMs, rssKb: full.rssKb, matched: full.matched });
  }
  const m = [...pairs].sort((a, b) => a.ms - b.ms)[1];
  rmSync(home, { recursive: true, force: true });
  rows.push({
    what: `vet sdn --file, ${names.length.toLocaleString('en')} names resembling listed ones`,
    wall: m.ms / 1000,
    perSecond: ((names.length - 1) / m.ms) * 1000,
    cpu: m.cpuMs / 1000,
    mb: m.rssKb / 1024,
    notes: `start-up taken away (a run on the first name), median of 3; ${m.matched.toLocaleString('en')} with a match`,
  });
  process.stderr.write('measured vet sdn --file\n');
}

// CPU per applicant per rule: each rule alone (--rules), less a run of the rule that reads nothing
// the export has (interview: reading, normalising, scoring and writing the report) made just
// before it, each less the same run on the export's first row (what a run costs before its first
// applicant), medians of several such pairs, so that a regression shows which rule it came from.
const ruleSize = Number(values['rule-size']);
const ruleRuns = Number(values['rule-runs']);
const ruleRows = [];
if (ruleSize > 0) {
  const file = join(dir, `applicants-${ruleSize}-${seed}-v3.csv`);
  if (!existsSync(file)) await generate(file, ruleSize, seed);
  // The first row alone, to take away what a run costs before its first applicant (loading the list, the IP data).
  const tiny = join(dir, `applicants-1-${seed}-v3.csv`);
  writeFileSync(tiny, readFileSync(file, 'utf8').split('\n').slice(0, 2).join('\n') + '\n');
  const ruleIds = JSON.parse(spawnSync(process.execPath, [bin, 'rules', '-f', 'json'], { encoding: 'utf8' }).stdout).map((r) => r.id);
  const once = (input, rules) => {
    const home = freshHome();
    const m = child([join(here, 'measure.mjs'), input, home, ...(rules ? [rules] : [])]);
    rmSync(home, { recursive: true, force: true });
    return m;
  };
  // One run less the same run on the first row: what a run costs past its start-up.
  const pastStart = (rules) => {
    const big = once(file, rules);
    const small = once(tiny, rules);
    return { cpuMs: big.cpuMs - small.cpuMs, mainCpuMs: big.mainCpuMs - small.mainCpuMs };
  };
  const medianBy = (runs, key) => [...runs].sort((a, b) => a[key] - b[key])[runs.length >> 1][key];
  const perApplicant = (ms) => (ms * 1000) / ruleSize;
  // Each rule alternates with the floor run, and its row is the median of the paired differences:
  // a busy moment on a shared machine then weighs on both sides of a pair.
  const floors = [];
  const paired = (rules) => {
    const diffs = [];
    for (let i = 0; i < ruleRuns; i++) {
      const floor = pastStart('interview');
      floors.push(floor);
      const m = pastStart(rules);
      diffs.push({ cpuMs: m.cpuMs - floor.cpuMs, mainCpuMs: m.mainCpuMs - floor.mainCpuMs, allCpuMs: m.cpuMs, allMainCpuMs: m.mainCpuMs });
    }
    return diffs;
  };
  const lines = [];
  for (const id of ruleIds.filter((r) => r !== 'interview')) {
    const d = paired(id);
    lines.push({ rule: id, us: perApplicant(medianBy(d, 'cpuMs')), mainUs: perApplicant(medianBy(d, 'mainCpuMs')) });
    process.stderr.write(`measured rule ${id}\n`);
  }
  const all = paired(undefined);
  ruleRows.push({
    rule: 'reading, normalising, scoring, writing (interview alone)',
    us: perApplicant(medianBy(floors, 'cpuMs')),
    mainUs: perApplicant(medianBy(floors, 'mainCpuMs')),
  });
  ruleRows.push(...lines);
  ruleRows.push({ rule: 'every rule together', us: perApplicant(medianBy(all, 'allCpuMs')), mainUs: perApplicant(medianBy(all, 'allMainCpuMs')) });
}
rmSync(template, { recursive: true, force: true });

const fmt = (x, digits) => (x === undefined ? '' : x.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
console.log(
  `vet ${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${list}; seed ${seed}`,
);
console.log('');
console.log('| run | wall s | applicants/s | CPU s (all threads) | peak RSS MB | notes |');
console.log('| --- | ---: | ---: | ---: | ---: | --- |');
for (const r of rows) console.log(`| ${r.what} | ${fmt(r.wall, 2)} | ${fmt(r.perSecond, 0)} | ${fmt(r.cpu, 1)} | ${fmt(r.mb, 0)} | ${r.notes} |`);
if (ruleRows.length > 0) {
  console.log('');
  console.log(
    `CPU per applicant by rule: ${ruleSize.toLocaleString('en')} applicants, median of ${ruleRuns} runs each; start-up taken away; a rule's row is the median of its runs less the first row's run made just before each`,
  );
  console.log('');
  console.log('| rule | CPU µs / applicant (all threads) | main thread µs |');
  console.log('| --- | ---: | ---: |');
  for (const r of ruleRows) console.log(`| ${r.rule} | ${fmt(r.us, 1)} | ${fmt(r.mainUs, 1)} |`);
}
