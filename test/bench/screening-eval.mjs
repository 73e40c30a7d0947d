// Screening quality on vet's labelled set (fixtures/names/screening-set.csv), against the built-in
// watchlist and, when ../shared/data/ofac is present, the merged 2025-11 OFAC list; plus the
// OFAC DPRK alias pairs benchmark (each alias, searched as `vet sdn` does, finds its entry).
// Usage: node test/bench/screening-eval.mjs [--errors]
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { indexSanctions, screenName } from '../../dist/sources/sanctions/screen.js';
import { ORGANISATION_MATCH, personVerdict } from '../../dist/rules/sdn-alias-match.js';
import { builtinWatchlist } from '../../dist/sources/sanctions/watchlist.js';
import { parseOfacList } from '../../dist/sources/sanctions/ofac.js';

const verbose = process.argv.includes('--errors');
const rows = parse(readFileSync(new URL('../../fixtures/names/screening-set.csv', import.meta.url)), { columns: true });

function evaluate(label, s) {
  let tp = 0,
    fn = 0,
    fp = 0,
    neg = 0,
    possibles = 0;
  for (const r of rows) {
    const ms = screenName(s, r.query, r.kind === 'person' ? { against: 'individuals' } : { against: 'organisations', minScore: ORGANISATION_MATCH });
    const flagged = r.kind === 'person' ? ms.filter((m) => personVerdict(m)?.kind === 'match') : ms;
    const possible = r.kind === 'person' ? ms.filter((m) => personVerdict(m)?.kind === 'possible') : [];
    if (r.expected_uid) {
      if ([...flagged, ...possible].some((m) => m.entry.uid === r.expected_uid)) tp++;
      else {
        fn++;
        if (verbose) console.log(`  missed: ${r.query} (${r.category})`);
      }
    } else {
      neg++;
      if (possible.length) possibles++;
      if (flagged.length) {
        fp++;
        if (verbose) console.log(`  flagged: ${r.query} -> ${flagged[0].entry.uid} ${flagged[0].entry.name}`);
      }
    }
  }
  console.log(
    `labelled set vs ${label}: recall ${(tp / (tp + fn)).toFixed(3)} (${tp}/${tp + fn}); negatives flagged as a match ${fp}/${neg}, as a possible match ${possibles}/${neg}`,
  );
}

evaluate('built-in watchlist', indexSanctions(builtinWatchlist()));

const ofac = new URL('../../../shared/data/ofac/', import.meta.url);
const merged = new URL('merged-2025-11/', ofac);
if (!existsSync(merged)) {
  console.log('../shared/data/ofac is absent: full-list figures skipped');
} else {
  const read = (n) => readFileSync(new URL(n, merged), 'latin1');
  const entries = parseOfacList({ primary: read('sdn.csv'), alt: read('alt.csv'), add: read('add.csv'), comments: read('sdn_comments.csv') }, 'SDN');
  const s = indexSanctions({ id: 'ofac', description: 'merged 2025-11', date: '2025-11', dateSource: 'file-dates', entries });
  evaluate(`merged OFAC list (${entries.length} entries)`, s);
  const pairs = parse(readFileSync(new URL('benchmarks/ofac_dprk_individual_alias_pairs.csv', ofac)), { columns: true });
  let found = 0;
  for (const p of pairs) {
    if (screenName(s, p.alias_name).some((m) => m.entry.uid === p.ent_num)) found++;
    else if (verbose) console.log(`  alias not found: ${p.alias_name} (${p.ent_num} ${p.primary_name})`);
  }
  console.log(`OFAC DPRK alias pairs: ${found}/${pairs.length} aliases find their entry (${((100 * found) / pairs.length).toFixed(1)}%)`);
  ordinaryNames(s);
  typos(s, entries);
}

// Ordinary names as the bench's synthetic applicants carry them (given, optional middle initial,
// family), screened against the full list: how many come out as a match or a possible match.
function ordinaryNames(s) {
  const given = [
    'Alex',
    'Sam',
    'Robin',
    'Jordan',
    'Min-jun',
    'Seo-yeon',
    'Ji-ho',
    'Ha-eun',
    'Wei',
    'Xiu Ying',
    'Ivan',
    'Dmitry',
    'Olga',
    'Priya',
    'Omar',
    'Ahmed',
    'Mehmet',
    'Chinedu',
    'Maria',
    'Jose',
    'Kenji',
    'Fatima',
    'Diego',
    'Hana',
  ];
  const family = ['Example', 'Sample', 'Test', 'Mock', 'Dummy', 'Pattern', 'Draft', 'Placeholder', 'Smith', 'Garcia', 'Okafor', 'Schmidt', 'Taylor', 'Novak'];
  let n = 0,
    matches = 0,
    possibles = 0;
  for (const g of given)
    for (const f of family)
      for (const middle of ['', 'B. ', 'K. ']) {
        const query = `${g} ${middle}${f}`;
        const verdicts = screenName(s, query, { against: 'individuals' })
          .map((m) => ({ m, v: personVerdict(m) }))
          .filter((x) => x.v);
        n++;
        if (verdicts.some((x) => x.v.kind === 'match')) matches++;
        else if (verdicts.length) possibles++;
        if (verbose && verdicts.length)
          console.log(`  ordinary name ${verdicts[0].v.kind}: ${query} -> ${verdicts[0].m.entry.uid} ${verdicts[0].m.entry.name} ${verdicts[0].m.score}`);
      }
  console.log(`ordinary names (${n}) vs merged OFAC list: flagged as a match ${matches}, as a possible match ${possibles}`);
}

// One typo in one long word of a listed name (a letter replaced, dropped or two swapped, chosen by a
// fixed rule): does the entry still come out, as a match or possible match for a person and as a
// match for an organisation? Every 7th individual and entity, primary names only.
function typos(s, entries) {
  const tally = { individual: [0, 0], entity: [0, 0] };
  const oneWord = [0, 0];
  let k = 0;
  entries.forEach((e, i) => {
    if (i % 7 !== 0 || !(e.type in tally)) return;
    const words = e.name.split(/([ ,.-]+)/);
    let at = -1;
    for (let j = 0; j < words.length; j += 2) if (/^[A-Za-z]{5,}$/.test(words[j]) && (at < 0 || words[j].length > words[at].length)) at = j;
    if (at < 0) return;
    const w = words[at];
    const p = 1 + (k % (w.length - 2));
    const edit = k++ % 3;
    words[at] =
      edit === 0
        ? w.slice(0, p) + (w[p].toLowerCase() === 'x' ? 'q' : 'x') + w.slice(p + 1)
        : edit === 1
          ? w.slice(0, p) + w.slice(p + 1)
          : w.slice(0, p) + w[p + 1] + w[p] + w.slice(p + 2);
    const query = words.join('');
    const person = e.type === 'individual';
    const ms = screenName(s, query, person ? { against: 'individuals' } : { against: 'organisations', minScore: ORGANISATION_MATCH });
    const hit = ms.some((m) => m.entry.uid === e.uid && (!person || personVerdict(m)));
    tally[e.type][0] += hit ? 1 : 0;
    tally[e.type][1]++;
    if (words.filter((x, j) => j % 2 === 0 && /[A-Za-z]{2,}/.test(x)).length === 1) {
      oneWord[0] += hit ? 1 : 0;
      oneWord[1]++;
    }
    if (verbose && !hit) console.log(`  typo not found: ${query} (${e.uid} ${e.name})`);
  });
  const pc = ([a, b]) => `${a}/${b} (${((100 * a) / b).toFixed(1)}%)`;
  console.log(`one typo in a listed name: individuals ${pc(tally.individual)}, entities ${pc(tally.entity)}, one-word names ${pc(oneWord)}`);
}
