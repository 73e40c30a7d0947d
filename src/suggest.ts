import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The choice most like `value` (Dice coefficient over letter pairs, string-similarity's), for a
 * "did you mean" hint. string-similarity is loaded only when a hint is wanted: it is 8 ms of a
 * cold start otherwise.
 */
function closest(value: string, choices: readonly string[]): { target: string; rating: number } {
  const { findBestMatch } = require('string-similarity') as typeof import('string-similarity');
  return findBestMatch(value, [...choices]).bestMatch;
}

/** ` (did you mean "X"?)` when a choice is close enough to what was typed, else nothing. */
export function didYouMean(value: string, choices: readonly string[]): string {
  if (choices.length === 0) return '';
  const best = closest(value, choices);
  return best.rating >= 0.4 ? ` (did you mean "${best.target}"?)` : '';
}
