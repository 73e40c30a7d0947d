// Scores vet's name matcher on the labelled name benchmarks in ../shared/data/ofac/benchmarks.
// Usage: node test/bench/names-eval.mjs [--errors] [--threshold T]
import { readFileSync, existsSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { compareNames } from '../../dist/names/match.js';
import { MATCH_THRESHOLD } from '../../dist/names/threshold.js';

const DATA = new URL('../../../shared/data/ofac/benchmarks/', import.meta.url);
const file = new URL('nomenklatura_name_bench_cases.csv', DATA);
if (!existsSync(file)) {
  console.log('names-eval: ../shared/data/ofac/benchmarks is absent; skipped');
  process.exit(0);
}
const args = process.argv.slice(2);
const threshold = args.includes('--threshold') ? Number(args[args.indexOf('--threshold') + 1]) : MATCH_THRESHOLD;
const rows = parse(readFileSync(file), { columns: true });
const scored = rows.map((r) => ({ ...r, score: compareNames(r.name1, r.name2).score, truth: r.is_match === 'true' }));
function f1At(t) {
  let tp = 0,
    fp = 0,
    fn = 0;
  for (const r of scored) {
    const m = r.score >= t;
    if (m && r.truth) tp++;
    else if (m) fp++;
    else if (r.truth) fn++;
  }
  const p = tp / (tp + fp),
    rcl = tp / (tp + fn);
  return { t, tp, fp, fn, precision: p, recall: rcl, f1: (2 * p * rcl) / (p + rcl) };
}
const at = f1At(threshold);
console.log(
  `nomenklatura name bench (${rows.length} pairs) at threshold ${threshold}: F1 ${at.f1.toFixed(3)} precision ${at.precision.toFixed(3)} recall ${at.recall.toFixed(3)}`,
);
if (args.includes('--sweep'))
  for (let t = 0.6; t <= 0.95; t += 0.025) {
    const r = f1At(t);
    console.log(t.toFixed(3), r.f1.toFixed(3), r.precision.toFixed(3), r.recall.toFixed(3));
  }
if (args.includes('--errors')) {
  for (const r of scored) {
    const m = r.score >= threshold;
    if (m !== r.truth) console.log(`${r.truth ? 'FN' : 'FP'} ${r.score.toFixed(3)} ${r.schema} | ${r.name1} | ${r.name2} | ${r.category} ${r.notes}`);
  }
}
