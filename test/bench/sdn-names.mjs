// Names that resemble listed ones, as a screening run meets them: each from a listed individual's
// name or alias, written in another order, with a typo, with its given names joined or
// hyphenated, or without a middle name. Deterministic for a seed. For `npm run bench`'s
// `vet sdn --file` row (issue 26: at least 20,000 names a second, start-up excluded).
import { decodeListFile, readListFolder } from '../../dist/sources/sanctions/store.js';
import { parseOfacList } from '../../dist/sources/sanctions/ofac.js';

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` names resembling the individuals of the OFAC folder `dir` (SDN.CSV, ALT.CSV, ADD.CSV). */
export function resemblingNames(dir, count, seed = 42) {
  const files = readListFolder(dir, false);
  const text = (n) => decodeListFile(files.find((f) => f.name === n).data);
  const entries = parseOfacList({ primary: text('SDN.CSV'), alt: text('ALT.CSV'), add: text('ADD.CSV') }, 'SDN');
  const listed = entries
    .filter((e) => e.type === 'individual')
    .flatMap((e) => [e.name, ...e.aliases.filter((a) => a.type !== 'weak').map((a) => a.name)])
    .map((n) => {
      // OFAC writes "SURNAME, Given Names".
      const [last, given = ''] = n.split(/,\s*/, 2);
      return { last: last.split(/\s+/).filter(Boolean), given: given.split(/\s+/).filter(Boolean) };
    })
    .filter((n) => n.last.length > 0 && n.given.length > 0);
  const random = mulberry32(seed);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const typo = (word) => {
    if (word.length < 5) return word;
    const i = 1 + Math.floor(random() * (word.length - 2));
    const letters = 'aeioubdgkmnrst';
    return random() < 0.5 ? word.slice(0, i) + word.slice(i + 1) : word.slice(0, i) + pick([...letters]) + word.slice(i + 1);
  };
  const title = (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();
  const out = [];
  for (let i = 0; out.length < count; i++) {
    const { last, given } = pick(listed);
    let name;
    switch (i % 5) {
      case 0:
        name = [...given, ...last].map(title).join(' ');
        break;
      case 1: {
        const words = [...given, ...last].map(title);
        const longest = words.reduce((m, w, k) => (w.length > words[m].length ? k : m), 0);
        words[longest] = typo(words[longest]);
        name = words.join(' ');
        break;
      }
      case 2:
        name = [...last, given.join(given.length > 1 && random() < 0.5 ? '-' : '')].map(title).join(' ');
        break;
      case 3:
        name = [given[0], ...last].map(title).join(' ');
        break;
      default:
        name = `${last.join(' ').toUpperCase()}, ${given.map(title).join(' ')}`;
    }
    out.push(name);
  }
  return out;
}
