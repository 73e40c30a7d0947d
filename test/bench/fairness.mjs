// Fairness on the full OFAC list: ordinary applicants of twelve origin groups (test/bench/people.mjs),
// each vetted once without and once with a date of birth, with every rule. Prints, per group, how many
// come out at medium or above and at high or above (targets: at most 1% and none), and which names and
// findings did. Usage: node test/bench/fairness.mjs [--per-group N] [--seed S] [--list FOLDER]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GROUPS, ordinaryApplicants } from './people.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const perGroup = Number(arg('--per-group', '200'));
const seed = Number(arg('--seed', '20'));
const root = fileURLToPath(new URL('../..', import.meta.url));
const list = arg('--list', join(root, '..', 'shared', 'data', 'ofac', 'merged-2025-11'));
if (!existsSync(list)) {
  console.log(`fairness: ${list} is absent; skipped (the full OFAC list is what this measures against)`);
  process.exit(0);
}

const bin = join(root, 'bin', 'vet.js');
const home = mkdtempSync(join(tmpdir(), 'vet-fairness-'));
const env = { ...process.env, VET_HOME: home, VET_LEDGER: 'off', NO_COLOR: '1' };
const imported = spawnSync(process.execPath, [bin, 'lists', 'import', list, '--date', arg('--date', '2025-11-30')], { env, encoding: 'utf8' });
if (imported.status !== 0) throw new Error(`lists import failed: ${imported.stderr}`);

const RANK = { clear: 0, low: 1, medium: 2, high: 3, critical: 4 };
const rows = new Map(GROUPS.map((g) => [g.group, { n: 0, script: 0, medium: 0, high: 0, low: 0 }]));
const flagged = [];
const findingCounts = new Map();
for (const withDateOfBirth of [false, true]) {
  const people = ordinaryApplicants({ perGroup, seed, withDateOfBirth });
  const file = join(home, `people-${withDateOfBirth ? 'dob' : 'nodob'}.ndjson`);
  writeFileSync(file, people.map((p) => JSON.stringify(p.applicant)).join('\n') + '\n');
  const run = spawnSync(process.execPath, [bin, file, '--format', 'ndjson', '--fail-on', 'none'], { env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`vet failed (${run.status}): ${run.stderr}`);
  const byId = new Map(people.map((p) => [p.applicant.id, p]));
  for (const line of run.stdout.split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line);
    if (r.type !== 'applicant') continue;
    const p = byId.get(r.id);
    const row = rows.get(p.group);
    row.n++;
    if (p.ownScript) row.script++;
    if (RANK[r.level] >= RANK.low) row.low++;
    for (const f of r.findings) findingCounts.set(`${f.rule}/${f.messageId} ${f.level}`, (findingCounts.get(`${f.rule}/${f.messageId} ${f.level}`) ?? 0) + 1);
    if (RANK[r.level] >= RANK.medium) row.medium++;
    if (RANK[r.level] >= RANK.high) row.high++;
    if (RANK[r.level] >= RANK.medium) {
      flagged.push(
        `${r.level.padEnd(8)} ${p.group.padEnd(10)} ${JSON.stringify(p.applicant.name)}${withDateOfBirth ? ` (DOB ${p.applicant.dateOfBirth})` : ''}: ${r.findings.map((f) => `${f.rule}/${f.messageId} ${f.level}`).join(', ')}`,
      );
    }
  }
}
rmSync(home, { recursive: true, force: true });

const pct = (k, n) => `${((100 * k) / n).toFixed(2)}%`.padStart(7);
console.log(`fairness on ${list.split(/[\\/]/).pop()}: ${perGroup} applicants a group, each without and with a date of birth (seed ${seed})`);
console.log('group       vetted  own script  low+      medium+   high+');
let worst = 0;
let anyHigh = 0;
for (const [group, r] of rows) {
  worst = Math.max(worst, r.medium / r.n);
  anyHigh += r.high;
  console.log(
    `${group.padEnd(11)} ${String(r.n).padStart(6)}  ${String(r.script).padStart(10)}  ${pct(r.low, r.n)}  ${pct(r.medium, r.n)}  ${pct(r.high, r.n)}`,
  );
}
console.log(`worst group at medium or above: ${(100 * worst).toFixed(2)}% (target <= 1%); at high or above: ${anyHigh} (target 0)`);
console.log(
  `findings: ${[...findingCounts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join('; ')}`,
);
if (flagged.length) console.log(['medium or above:', ...flagged.slice(0, 60).map((l) => `  ${l}`)].join('\n'));
