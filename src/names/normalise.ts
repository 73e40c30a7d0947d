import anyAscii from 'any-ascii';

/** What a name token is, which decides how much it weighs in a comparison. */
export type TokenKind = 'word' | 'initial' | 'initials' | 'particle' | 'legal' | 'number';

export interface NameToken {
  /** Lower-case ASCII, as written (apostrophes and diacritics dropped). */
  text: string;
  /** Phonetic fold used for comparison and for the index (see `fold`). */
  key: string;
  kind: TokenKind;
  /** Written in Hangul or Chinese characters: a syllable is the same or another, never a typo. */
  syllabic?: boolean;
}

interface Word {
  text: string;
  syllabic: boolean;
  /** Joined from single letters ("U.S.", "J.-C."). */
  initials: boolean;
}

// Zero-width characters and bidirectional controls: invisible, and used to make one name look like another.
// Combining marks (U+034F) are listed alone on purpose: they are what is removed.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF]/gu;
// Hangul syllables and CJK ideographs are one syllable each: spaced so each becomes a token, as OFAC
// writes Korean given names ("SONG, Kum Hyok"). Joined forms are compared through token merging.
const SYLLABIC = /([\uAC00-\uD7A3\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF])(?=[\uAC00-\uD7A3\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF])/gu;
const APOSTROPHES = /['\u2018\u2019\u02BB\u02BC\u02BD\u0060\u00B4\u2032]/gu;

/** A word table as a Map: a word such as "constructor" or "__proto__" is looked up, never an object's own property. */
function table(entries: Record<string, string>): ReadonlyMap<string, string> {
  return new Map(Object.entries(entries));
}

const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'professor',
  'sir',
  'dame',
  'madam',
  'madame',
  'herr',
  'frau',
  'president',
  'prasident',
  'praesident',
  'presidente',
  'senor',
  'senora',
  'monsieur',
  'mme',
  'mlle',
  'rev',
  'jr',
  'sr',
  'esq',
  'phd',
  'md',
]);

// Legal forms: folded to one code each, and weighed lightly. Multi-word forms first (longest match wins).
const LEGAL_PHRASES: readonly [string[], string][] = [
  [['open', 'joint', 'stock', 'company'], 'ojsc'],
  [['closed', 'joint', 'stock', 'company'], 'cjsc'],
  [['public', 'joint', 'stock', 'company'], 'pjsc'],
  [['joint', 'stock', 'company'], 'jsc'],
  [['limited', 'liability', 'company'], 'llc'],
  [['limited', 'liability', 'partnership'], 'llp'],
  [['public', 'limited', 'company'], 'plc'],
  [['private', 'limited', 'company'], 'ltd'],
  [['limited', 'partnership'], 'lp'],
  [['societatea', 'cu', 'raspundere', 'limitata'], 'srl'],
  [['societa', 'a', 'responsabilita', 'limitata'], 'srl'],
  [['gesellschaft', 'mit', 'beschrankter', 'haftung'], 'gmbh'],
  [['spolka', 'z', 'ograniczona', 'odpowiedzialnoscia'], 'spzoo'],
  [['sp', 'z', 'o', 'o'], 'spzoo'],
  [['obshchestvo', 's', 'ogranichennoy', 'otvetstvennostyu'], 'llc'],
  [['aktsionernoe', 'obshchestvo'], 'jsc'],
  [['public', 'company', 'limited'], 'plc'],
  [['company', 'limited'], 'ltd'],
  [['co', 'ltd'], 'ltd'],
  [['pte', 'ltd'], 'ltd'],
  [['pty', 'ltd'], 'ltd'],
  [['sdn', 'bhd'], 'ltd'],
];
// By first word: a word starts at most three of them, where every phrase was tried for every word.
const LEGAL_PHRASES_BY_FIRST = new Map<string, Array<readonly [string[], string]>>();
for (const entry of LEGAL_PHRASES) {
  const first = entry[0][0]!;
  LEGAL_PHRASES_BY_FIRST.set(first, [...(LEGAL_PHRASES_BY_FIRST.get(first) ?? []), entry]);
}
const LEGAL_WORDS: ReadonlyMap<string, string> = table({
  llc: 'llc',
  ooo: 'llc',
  tov: 'llc',
  mchj: 'llc',
  llp: 'llp',
  lp: 'lp',
  ltd: 'ltd',
  limited: 'ltd',
  ltda: 'ltd',
  pte: 'ltd',
  pty: 'ltd',
  bhd: 'ltd',
  inc: 'inc',
  incorporated: 'inc',
  corp: 'corp',
  corporation: 'corp',
  co: 'co',
  company: 'co',
  jsc: 'jsc',
  ao: 'jsc',
  zao: 'cjsc',
  cjsc: 'cjsc',
  oao: 'ojsc',
  ojsc: 'ojsc',
  pao: 'pjsc',
  pjsc: 'pjsc',
  plc: 'plc',
  gmbh: 'gmbh',
  ag: 'ag',
  aktiengesellschaft: 'ag',
  kg: 'kg',
  sa: 'sa',
  sas: 'sa',
  sarl: 'sarl',
  srl: 'srl',
  spa: 'spa',
  bv: 'bv',
  nv: 'nv',
  ab: 'ab',
  as: 'as',
  oy: 'oy',
  kk: 'kk',
  fze: 'fze',
  fzco: 'fze',
  fzc: 'fze',
  trading: 'trading',
  enterprise: 'enterprise',
  enterprises: 'enterprise',
});
const ABBREVIATIONS: ReadonlyMap<string, string> = table({
  intl: 'international',
  int: 'international',
  natl: 'national',
  assn: 'association',
  assoc: 'association',
  dept: 'department',
  univ: 'university',
  mfg: 'manufacturing',
  svcs: 'services',
  svc: 'service',
  bros: 'brothers',
  tech: 'technology',
  technologies: 'technology',
  st: 'saint',
});
const ROMAN: ReadonlyMap<string, string> = table({
  ii: '2',
  iii: '3',
  iv: '4',
  vii: '7',
  viii: '8',
  ix: '9',
  xii: '12',
});
// Particles of Arabic, Dutch, German, Romance and other names: part of the name, but they say little.
const PARTICLES: ReadonlyMap<string, string> = table({
  al: 'al',
  el: 'al',
  ul: 'al',
  bin: 'bin',
  ibn: 'bin',
  ben: 'bin',
  bint: 'bint',
  abu: 'abu',
  abou: 'abu',
  bou: 'abu',
  de: 'de',
  da: 'de',
  di: 'de',
  du: 'de',
  del: 'del',
  della: 'del',
  der: 'der',
  den: 'der',
  van: 'van',
  von: 'van',
  la: 'la',
  le: 'la',
  dos: 'dos',
  das: 'dos',
  y: 'y',
  and: 'and',
  of: 'of',
  the: 'the',
  und: 'and',
  et: 'and',
});
const NUMBER_WORDS: ReadonlyMap<string, string> = table({
  zero: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  first: '1',
  second: '2',
  third: '3',
  fourth: '4',
  fifth: '5',
  sixth: '6',
  seventh: '7',
  eighth: '8',
  ninth: '9',
  tenth: '10',
  '1st': '1',
  '2nd': '2',
  '3rd': '3',
  '4th': '4',
  '5th': '5',
});

/** Removes invisible characters and compatibility forms, the first step for any name. */
function cleanName(raw: string): string {
  return raw.normalize('NFKC').replace(INVISIBLE, '');
}

const SYLLABIC_CHAR = /[\uAC00-\uD7A3\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/u;
// A syllable run written against Latin letters ("민a") is its own word, as it is once spaced:
// otherwise the Latin part would be read as syllabic too, and normalising twice would differ.
const SCRIPT_EDGE =
  /([\uAC00-\uD7A3\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF])(?=[^\s\uAC00-\uD7A3\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF])|([^\s\uAC00-\uD7A3\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF])(?=[\uAC00-\uD7A3\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF])/gu;

const ASCII = /^[\x00-\x7f]*$/;

/** ASCII words of a name: transliterated from any script, lower case, apostrophes dropped. */
function splitWords(raw: string): Word[] {
  // Most names are ASCII: NFKC, the invisible characters, the syllable and script edges and the
  // transliteration change nothing in them, and splitting at spaces and then at other characters
  // is splitting at any character that is not a letter or digit.
  if (ASCII.test(raw)) {
    const out: Word[] = [];
    for (const text of raw
      .replace(APOSTROPHES, '')
      .replace(/&/g, ' and ')
      .toLowerCase()
      .split(/[^a-z0-9]+/)) {
      if (text.length > 0) out.push({ text, syllabic: false, initials: false });
    }
    return joinInitialisms(out);
  }
  const spaced = cleanName(raw).replace(SYLLABIC, '$1 ').replace(SCRIPT_EDGE, '$1$2 ').replace(APOSTROPHES, '').replace(/&/g, ' and ');
  const out: Word[] = [];
  for (const piece of spaced.split(/\s+/)) {
    if (piece.length === 0) continue;
    const syllabic = SYLLABIC_CHAR.test(piece);
    const ascii = anyAscii(piece).toLowerCase();
    const parts = ascii.split(/[^a-z0-9]+/).filter((w) => w.length > 0);
    for (const text of parts) out.push({ text, syllabic, initials: false });
  }
  return joinInitialisms(out);
}

// "A.B.C." and "o.O.O." become one token ("abc", "ooo"), as an initialism is one word.
function joinInitialisms(list: Word[]): Word[] {
  const out: Word[] = [];
  const isLetter = (w: Word | undefined): boolean => w !== undefined && w.text.length === 1 && /[a-z]/.test(w.text) && !w.syllabic;
  for (let i = 0; i < list.length; i++) {
    if (isLetter(list[i]) && isLetter(list[i + 1])) {
      let text = '';
      while (isLetter(list[i])) text += list[i++]!.text;
      i--;
      out.push({ text, syllabic: false, initials: true });
    } else out.push(list[i]!);
  }
  return out;
}

/** Tokens of a name, ready to compare. Titles are dropped, legal forms and numbers folded. */
export function tokenise(raw: string): NameToken[] {
  const list = splitWords(raw);
  const words = list.map((w) => w.text);
  const out: NameToken[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    let legal: string | undefined;
    let span = 1;
    for (const [phrase, code] of LEGAL_PHRASES_BY_FIRST.get(words[i]!) ?? []) {
      if (phrase.every((p, k) => words[i + k] === p)) {
        legal = code;
        span = phrase.length;
        break;
      }
    }
    const word = words[i]!;
    const info = list[i]!;
    i += span - 1;
    if (legal === undefined) legal = LEGAL_WORDS.get(word);
    let token: NameToken;
    if (legal !== undefined) token = { text: legal, key: legal, kind: 'legal' };
    else if (TITLES.has(word) && words.length > 1) continue;
    else if (NUMBER_WORDS.has(word) || /^\d+$/.test(word)) {
      const n = NUMBER_WORDS.get(word) ?? String(Number(word));
      token = { text: n, key: n, kind: 'number' };
    } else if (ROMAN.has(word) && words.length > 1) {
      const n = ROMAN.get(word)!;
      token = { text: n, key: n, kind: 'number' };
    } else if (PARTICLES.has(word) && words.length > 1) {
      const p = PARTICLES.get(word)!;
      token = { text: p, key: p, kind: 'particle' };
    } else {
      const text = ABBREVIATIONS.get(word) ?? word;
      const kind: TokenKind = info.initials ? 'initials' : text.length === 1 && !info.syllabic ? 'initial' : 'word';
      token = { text, key: fold(text), kind };
      if (info.syllabic) token.syllabic = true;
    }
    // "Shoigu Shoigu Sergey": a repeated word says nothing twice (short ones may be a real
    // repeat, as in the Korean "Chang Chang Ha").
    if (seen.has(token.text) && token.text.length > 3) continue;
    seen.add(token.text);
    out.push(token);
  }
  return out;
}

/**
 * A phonetic fold for comparing romanised names across systems. It merges what transliteration
 * systems write differently for one sound: McCune-Reischauer and Revised Romanization of Korean
 * (eo/o, eu/u, k/g, t/d, p/b, ch/j, r/l: "Hyok"/"Hyeok", "Kum"/"Geum", "Chol"/"Cheol"), the initial
 * liquid the South drops (Ri/Lee/Yi, Rim/Im/Lim, Ryu/Yu, Ro/No), Russian and German spellings
 * (ph/f, x/ks, kh/k, doubled letters) and pinyin (zh/j, initial x/s). It is deliberately coarse:
 * scores come from an edit distance over folded tokens, never from the fold alone.
 */
export function fold(word: string): string {
  let w = FOLDED.get(word);
  if (w !== undefined) return w;
  w = foldUncached(word);
  // Names repeat (a batch has many Johns and Kims): two dozen regular expressions per word add up.
  if (FOLDED.size >= FOLD_CACHE_SIZE) FOLDED.clear();
  FOLDED.set(word, w);
  return w;
}

const FOLD_CACHE_SIZE = 100_000;
const FOLDED = new Map<string, string>();

// Each step below is a regular expression replace, run only when the word holds what the
// expression needs (a letter or two letters it must contain): most steps change nothing in a given
// word, and a replace that finds nothing still costs about what one that does. The steps and their
// order are the fold; test/helpers/fold-reference.ts keeps them unguarded, and a property test
// holds the two equal.
function foldUncached(word: string): string {
  let w = word;
  // Short words are where Korean surnames live: "Park" is 박 (Pak, Bak), the r only marks the vowel.
  if (w.length <= 4 && w.includes('r')) w = w.replace(/^([^aeiou]+[aeiou])r(?=[^aeiouy]$)/, '$1');
  if (w.startsWith('hs')) w = `s${w.slice(2)}`;
  if (w.includes('j')) w = w.replace(/([aeiou])j(?=[^aeiou]|$)/g, '$1y').replace(/([eiy])j$/, 'i');
  if (w.includes('y')) w = w.replace(/([^aeiouy])y(?=[^aeiouy])/g, '$1i');
  if (w.includes('sch')) w = w.replace(/sch/g, 's');
  if (w.includes('h') || w.includes('j')) w = w.replace(/tch|tsch|ch|zh|dzh|dj|j/g, 'j');
  if (w.includes('sh') || w.includes('zs')) w = w.replace(/sh|zs/g, 's');
  if (w.includes('h')) w = w.replace(/ph/g, 'f').replace(/([ktdgbpr])h/g, '$1');
  if (w.includes('q') || w.includes('ck')) w = w.replace(/ck|q/g, 'k');
  if (w.includes('x')) w = w.replace(/^x/, 's').replace(/x/g, 'ks');
  if (w.includes('c')) w = w.replace(/c(?=[eiy])/g, 's').replace(/c/g, 'k');
  if (w.includes('g')) w = w.replaceAll('g', 'k');
  if (w.includes('d')) w = w.replaceAll('d', 't');
  if (w.includes('b')) w = w.replaceAll('b', 'p');
  if (w.includes('r')) w = w.replaceAll('r', 'l');
  if (w.includes('w')) w = w.replace(/w(?=[aeiou])/g, 'v');
  if (w.includes('eo')) w = w.replaceAll('eo', 'o');
  if (w.includes('eu')) w = w.replaceAll('eu', 'u');
  if (w.includes('ee') || w.includes('ie') || w.includes('iy') || w.endsWith('yi')) w = w.replace(/ee|ie|iy|yi$/g, 'i');
  if (w.includes('oo') || w.includes('ou')) w = w.replace(/oo|ou/g, 'u');
  if (w.includes('oi')) w = w.replaceAll('oi', 'oe');
  if (w.endsWith('ey') || w.endsWith('ei')) w = `${w.slice(0, -2)}i`;
  if (DOUBLED.test(w)) w = w.replace(/([a-z])\1+/g, '$1');
  if (w.endsWith('h')) w = w.replace(/([aeiou])h$/g, '$1');
  // Korean surnames with an initial liquid that Southern spelling drops or changes (리/이, 림/임, 류/유, 로/노).
  if (w.length <= 4) {
    w = w
      .replace(/^[ln]?y?(?=i)/, '')
      .replace(/^l(?=y)/, '')
      .replace(/^n(?=o)/, 'l');
  }
  return w.length > 0 ? w : word;
}

const DOUBLED = /([a-z])\1/;
