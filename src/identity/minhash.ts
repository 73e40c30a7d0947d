/**
 * Near-duplicate texts by MinHash (Broder 1997): each text is a set of four-word shingles, and a
 * signature of 64 minimum hashes estimates the Jaccard similarity of two sets. Locality-sensitive
 * banding (16 bands of 4 rows) finds candidate pairs without comparing every text with every other:
 * two texts with similarity 0.6 share a band with probability 1 - (1 - 0.6^4)^16, about 0.9; at 0.3,
 * about 0.12, and those candidates are then measured and dropped.
 */
import { fnv1a } from '../keys/fnv.js';

export const SIGNATURE_SIZE = 64;
export const BANDS = 16;
const ROWS = SIGNATURE_SIZE / BANDS;
const SHINGLE = 4;
/** Fewer words than this is not a resume (a URL or a one-line summary). */
export const MIN_WORDS = 40;

const SEEDS = Uint32Array.from({ length: SIGNATURE_SIZE }, (_, i) => mix(0x9e3779b9 + i * 0x85ebca6b));

/** MurmurHash3's finaliser: spreads the bits of a 32-bit value. */
function mix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The words of a text, case and punctuation folded. */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** The MinHash signature of a text, or undefined when it is too short to compare. */
export function signature(text: string): Uint32Array | undefined {
  const w = words(text);
  if (w.length < MIN_WORDS) return undefined;
  const sig = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  const seen = new Set<number>();
  for (let i = 0; i + SHINGLE <= w.length; i++) {
    const shingle = fnv1a(w.slice(i, i + SHINGLE).join(' '));
    if (seen.has(shingle)) continue;
    seen.add(shingle);
    for (let k = 0; k < SIGNATURE_SIZE; k++) {
      const h = mix(shingle ^ SEEDS[k]!);
      if (h < sig[k]!) sig[k] = h;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity of the two texts' shingle sets. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let k = 0; k < SIGNATURE_SIZE; k++) if (a[k] === b[k]) same++;
  return same / SIGNATURE_SIZE;
}

/** The band keys of a signature: texts that share one are candidates. */
export function bandKeys(sig: Uint32Array): string[] {
  const out: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    let key = `${b}`;
    for (let r = 0; r < ROWS; r++) key += `:${sig[b * ROWS + r]!.toString(36)}`;
    out.push(key);
  }
  return out;
}
