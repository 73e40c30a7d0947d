const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

// Substitutions between sounds that romanisations confuse cost less than a full edit: o/u
// ("Jung"/"Jong", "Kum"/"Kim" is not one of them), e/i, v/w/f, m/n, s/z, k/j.
const CLOSE: Record<string, number> = {
  ou: 0.35,
  uo: 0.35,
  ei: 0.5,
  ie: 0.5,
  ae: 0.5,
  ea: 0.5,
  iy: 0.3,
  yi: 0.3,
  ey: 0.5,
  ye: 0.5,
  vf: 0.5,
  fv: 0.5,
  vw: 0.3,
  wv: 0.3,
  vu: 0.6,
  uv: 0.6,
  mn: 0.6,
  nm: 0.6,
  sz: 0.4,
  zs: 0.4,
  kj: 0.7,
  jk: 0.7,
  jy: 0.6,
  yj: 0.6,
  ts: 0.7,
  st: 0.7,
};

// Substitution costs by character code, computed once: the distance runs in the inner loop of
// every search. UNIT is plain Levenshtein; CLOSE_SOUNDS has the cheaper pairs above.
const UNIT = new Float32Array(128 * 128).fill(1);
const CLOSE_SOUNDS = new Float32Array(128 * 128).fill(1);
for (let a = 0; a < 128; a++) {
  UNIT[a * 128 + a] = 0;
  CLOSE_SOUNDS[a * 128 + a] = 0;
}
for (const a of VOWELS) for (const b of VOWELS) if (a !== b) CLOSE_SOUNDS[a.charCodeAt(0) * 128 + b.charCodeAt(0)] = 0.75;
for (const [pair, cost] of Object.entries(CLOSE)) CLOSE_SOUNDS[pair.charCodeAt(0) * 128 + pair.charCodeAt(1)] = cost;

// Three rows of the distance matrix, reused by every call (the distance runs in the inner loop of
// every search; allocating them per call was a third of its time). Grown when a word is longer.
let rows = [new Float64Array(64), new Float64Array(64), new Float64Array(64)] as const;

/**
 * Optimal string alignment distance (edits plus adjacent transpositions) with a substitution
 * table. Stops as soon as the distance must exceed `max`, returning a value above it.
 *
 * With a finite `max`, only the cells within `max` of the diagonal are computed (Ukkonen's band):
 * reaching a cell off the diagonal by k takes k insertions or deletions at 1 each, so the cells
 * outside hold more than `max` and cannot lead to a result within it. The cell just past each end
 * of a row's band is set to Infinity, so the next row never reads a stale value there.
 */
function distance(a: string, b: string, table: Float32Array, transposition: number, max: number): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  // Each insertion or deletion costs 1: words further apart in length than `max` are past it.
  if (Math.abs(n - m) > max) return Math.abs(n - m);
  const band = max < n + m ? Math.floor(max) : n + m;
  if (rows[0].length <= m + 1) rows = [new Float64Array(m + 2), new Float64Array(m + 2), new Float64Array(m + 2)];
  let prev2 = rows[0];
  let prev = rows[1];
  let cur = rows[2];
  const first = Math.min(m, band);
  for (let j = 0; j <= first; j++) prev[j] = j;
  prev[first + 1] = Infinity;
  let prevBest = 0;
  for (let i = 1; i <= n; i++) {
    const ca = a.charCodeAt(i - 1);
    const lo = Math.max(1, i - band);
    const hi = Math.min(m, i + band);
    cur[0] = i;
    if (lo > 1) cur[lo - 1] = Infinity;
    let best = lo > 1 ? Infinity : i;
    for (let j = lo; j <= hi; j++) {
      const cb = b.charCodeAt(j - 1);
      const sub = ca < 128 && cb < 128 ? table[ca * 128 + cb]! : ca === cb ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + sub);
      if (i > 1 && j > 1 && ca !== cb && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, prev2[j - 2]! + transposition);
      cur[j] = v;
      if (v < best) best = v;
    }
    if (hi < m) cur[hi + 1] = Infinity;
    // Costs never go down along a path, and a transposition reaches back only one row: when
    // this row and the one before are both above max, so is the result.
    if (best > max && prevBest > max) return best;
    prevBest = best;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m]!;
}

/**
 * Edit distance with cheaper vowel and close-sound substitutions and transpositions. Used on
 * folded tokens, where what remains different is a real difference or a typo.
 */
export function weightedDistance(a: string, b: string, max = Infinity): number {
  return distance(a, b, CLOSE_SOUNDS, 0.8, max);
}

/** Plain Levenshtein distance with adjacent transpositions (optimal string alignment). */
export function editDistance(a: string, b: string, max = Infinity): number {
  return distance(a, b, UNIT, 1, max);
}
