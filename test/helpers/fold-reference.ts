// The phonetic fold as it was written before its steps were guarded (src/names/normalise.ts):
// every step runs, unconditionally. The property test holds the guarded fold equal to it, so a
// new or changed step goes into both, and a guard that skips a word the step changes fails it.
export function foldReference(word: string): string {
  let w = word;
  // Short words are where Korean surnames live: "Park" is 박 (Pak, Bak), the r only marks the vowel.
  if (w.length <= 4) w = w.replace(/^([^aeiou]+[aeiou])r(?=[^aeiouy]$)/, '$1');
  w = w
    .replace(/^hs/, 's')
    .replace(/([aeiou])j(?=[^aeiou]|$)/g, '$1y')
    .replace(/([eiy])j$/, 'i')
    .replace(/([^aeiouy])y(?=[^aeiouy])/g, '$1i')
    .replace(/sch/g, 's')
    .replace(/tch|tsch|ch|zh|dzh|dj|j/g, 'j')
    .replace(/sh|zs/g, 's')
    .replace(/ph/g, 'f')
    .replace(/([ktdgbpr])h/g, '$1')
    .replace(/ck|q/g, 'k')
    .replace(/^x/, 's')
    .replace(/x/g, 'ks')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/c/g, 'k')
    .replace(/g/g, 'k')
    .replace(/d/g, 't')
    .replace(/b/g, 'p')
    .replace(/r/g, 'l')
    .replace(/w(?=[aeiou])/g, 'v')
    .replace(/eo/g, 'o')
    .replace(/eu/g, 'u')
    .replace(/ee|ie|iy|yi$/g, 'i')
    .replace(/oo|ou/g, 'u')
    .replace(/oi/g, 'oe')
    .replace(/ey$|ei$/g, 'i')
    .replace(/([a-z])\1+/g, '$1')
    .replace(/([aeiou])h$/g, '$1');
  // Korean surnames with an initial liquid that Southern spelling drops or changes (리/이, 림/임, 류/유, 로/노).
  if (w.length <= 4) {
    w = w
      .replace(/^[ln]?y?(?=i)/, '')
      .replace(/^l(?=y)/, '')
      .replace(/^n(?=o)/, 'l');
  }
  return w.length > 0 ? w : word;
}
