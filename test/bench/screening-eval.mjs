import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { indexSanctions, screenName, personVerdict, ORGANISATION_MATCH } from '../../dist/sources/sanctions/screen.js';
import { builtinWatchlist } from '../../dist/sources/sanctions/watchlist.js';
import { loadSanctionsSource } from '../../dist/sources/sanctions/index.js';
const s = process.argv[2] === 'full' ? loadSanctionsSource({ VET_HOME: '/tmp/vh' }) : indexSanctions(builtinWatchlist());
const rows = parse(readFileSync(new URL('../../fixtures/names/screening-set.csv', import.meta.url)), { columns: true });
let tp=0, fn=0, fp=0, neg=0, possibles=0;
for (const r of rows) {
  const ms = screenName(s, r.query, r.kind === 'person' ? { against: 'individuals' } : { against: 'organisations', minScore: ORGANISATION_MATCH });
  const flagged = r.kind === 'person' ? ms.filter(m => personVerdict(m)?.kind === 'match') : ms;
  const possible = r.kind === 'person' ? ms.filter(m => personVerdict(m)?.kind === 'possible') : [];
  if (!r.expected_uid && possible.length) possibles++;
  if (r.expected_uid) { if ([...flagged, ...possible].some(m => m.entry.uid === r.expected_uid)) tp++; else { fn++; console.log('FN', r.query, r.category, ms.slice(0,2).map(m=>m.entry.uid+' '+m.score+' '+m.partial)); } }
  else { neg++; if (flagged.length) { fp++; console.log('FP', r.query, flagged.slice(0,3).map(m => `${m.entry.uid} ${m.entry.name} ${m.score} ${JSON.stringify(personVerdict(m))}`)); } }
}
console.log({ tp, fn, recall: tp/(tp+fn), fp, neg, fpr: fp/neg, negativesWithPossibleMatch: possibles });
