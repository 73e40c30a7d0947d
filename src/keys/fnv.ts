/**
 * FNV-1a over a text's UTF-16 units, as an unsigned 32-bit number: a fast hash for tables held in
 * memory (never stored, never a key across runs). Chain texts by passing one's hash as the next
 * one's `seed`.
 */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
