import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { run } from '../src/cli/run.js';
import { InputError } from '../src/errors.js';
import { addressKey } from '../src/keys/address.js';
import { toCountryCode } from '../src/keys/countries.js';
import { bankAccountKey, domainOf, emailKey, nationalIdKey, walletKey } from '../src/keys/values.js';
import type { InputFormat } from '../src/input/formats.js';
import { normaliseApplicant } from '../src/input/normalise.js';
import { readApplicants } from '../src/input/read.js';
import { splitMulti, splitRecord } from '../src/input/csv.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { compareNames } from '../src/names/match.js';
import { editDistance, weightedDistance } from '../src/names/similarity.js';
import { fold, tokenise } from '../src/names/normalise.js';
import { foldReference } from './helpers/fold-reference.js';
import { compareNamesReference } from './helpers/compare-reference.js';
import { parseIp } from '../src/keys/ip.js';
import { parsePhone } from '../src/keys/phone.js';

// Properties over the loaders and every normaliser, on inputs fast-check makes up: no exception
// escapes, normalising twice changes nothing, and vetting the same input twice gives the same
// report. A failure prints the smallest input that breaks the property.
const RUNS = 200;
// A fixed seed keeps CI deterministic; FC_SEED=random explores new inputs (run it before a release).
const seed = process.env.FC_SEED === 'random' ? Date.now() : Number(process.env.FC_SEED ?? 20261121);
fc.configureGlobal({ seed });

/** Text from every plane vets meets: ASCII, Latin accents, Hangul, CJK, Cyrillic, controls, invisibles. */
const anyText = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...'aeiouknmrstlAEKMS -.,\'"@+#0123456789;|\n\r\t') },
    { weight: 2, arbitrary: fc.constantFrom(...'éüñçøß송금혁김민준李王伟Гайк') },
    { weight: 1, arbitrary: fc.constantFrom('\u0000', '\u001b', '\u200b', '\u200d', '\u202e', '\ufeff', '\ufffd', '\u00ad') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 1 }) },
  ),
  maxLength: 60,
});
const INVISIBLES = ['\u200b', '\u200c', '\u200d', '\u202e', '\u2060', '\ufeff', '\u00ad'];

/**
 * A short cut for ASCII text gives what the full normalising gives: a zero-width space in front
 * sends the same text through the full path (which removes it), on 3,000 generated texts.
 */
function sameAsFullPath<T>(text: fc.Arbitrary<string>, f: (s: string) => T): void {
  fc.assert(
    fc.property(text, (t) => {
      expect(f(t)).toEqual(f(`\u200b${t}`));
    }),
    { numRuns: 3000 },
  );
}

async function readAll(input: Buffer | string, format?: InputFormat): Promise<{ records: number; problems: number }> {
  let records = 0;
  let problems = 0;
  for await (const item of readApplicants(['-'], { stdin: Readable.from([input]), ...(format ? { format } : {}) })) {
    if (item.type === 'record') records++;
    else if (item.type === 'rejected') {
      problems += item.errors.length;
      for (const e of item.errors) expect(e).toBeInstanceOf(InputError);
    } else if (item.type === 'fatal') {
      problems++;
      expect(item.error).toBeInstanceOf(InputError);
    }
  }
  return { records, problems };
}

describe('loaders: no exception escapes, whatever the bytes', () => {
  it.each([['json'], ['ndjson'], ['csv'], [undefined]] as const)('arbitrary bytes read as %s give records or located errors', async (format) => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        await readAll(Buffer.from(bytes), format);
      }),
      { numRuns: RUNS },
    );
  });

  it('arbitrary JSON values as applicants give records or located errors', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        await readAll(JSON.stringify(value), 'json');
        await readAll(`${JSON.stringify(value)}\n`, 'ndjson');
      }),
      { numRuns: RUNS },
    );
  });

  it('a CSV of N rows yields N records or rejections: none is dropped', async () => {
    // At least one column vet can check people by: an export without one is refused as a whole (test/input/read.test.ts).
    const header = fc
      .shuffledSubarray(['Name', 'Email', 'Phone', 'Country', 'IP Address', 'Address', 'Notes', 'National ID'], { minLength: 1 })
      .map((cols) => (cols.some((c) => ['Name', 'Email', 'Phone', 'Country', 'Address'].includes(c)) ? cols : ['Name', ...cols]));
    await fc.assert(
      fc.asyncProperty(
        header,
        fc.array(fc.array(anyText, { minLength: 8, maxLength: 8 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        async (columns, rows, eol) => {
          const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
          // Each row gets a leading id column, so no row is blank.
          const text =
            [['Applicant ID', ...columns].join(','), ...rows.map((cells, i) => [`R${i}`, ...columns.map((_, k) => quote(cells[k]!))].join(','))].join(eol) +
            eol;
          let records = 0;
          let rejectedRows = 0;
          for await (const item of readApplicants(['-'], { stdin: Readable.from([text]), format: 'csv' })) {
            if (item.type === 'record') records++;
            else if (item.type === 'rejected') rejectedRows++;
            else if (item.type === 'fatal') throw item.error;
          }
          expect(records + rejectedRows).toBe(rows.length);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('an applicant normalised once normalises to itself', () => {
    const raw = fc.record(
      {
        id: fc.string({ minLength: 1, maxLength: 8 }),
        name: anyText,
        emails: fc.array(anyText, { maxLength: 2 }),
        phones: fc.array(anyText, { maxLength: 2 }),
        address: anyText,
        nationalId: anyText,
        location: fc.record({ country: fc.constantFrom('US', 'KR', 'CN', 'RU', 'DE', 'Korea, Republic of', 'xx') }, { requiredKeys: [] }),
      },
      { requiredKeys: ['id'] },
    );
    fc.assert(
      fc.property(raw, (r) => {
        let once;
        try {
          once = normaliseApplicant(r, { file: 'p', line: 1 }).applicant;
        } catch {
          return; // refused with located errors (checked above); nothing to re-normalise
        }
        // Derived values (parsed phones and e-mails) are made again; what could not be read is gone.
        const { extra, unclear, phoneNumbers: _p, emailAddresses: _e, ...canonical } = once;
        const twice = normaliseApplicant(canonical, { file: 'p', line: 1 }).applicant;
        expect({ ...twice, extra, unclear }).toEqual(once);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('normalisers: total and idempotent', () => {
  const idempotent = (name: string, key: (s: string) => string | undefined, text = anyText) =>
    it(`${name}: never throws, and a key is its own key`, () => {
      fc.assert(
        fc.property(text, (s) => {
          const k = key(s);
          if (k !== undefined) expect(key(k)).toBe(k);
        }),
        { numRuns: RUNS * 5 },
      );
    });

  idempotent('emailKey', emailKey, fc.oneof(anyText, fc.emailAddress()));
  idempotent('nationalIdKey', nationalIdKey);
  idempotent('bankAccountKey', bankAccountKey);
  idempotent('walletKey', walletKey);
  idempotent('domainOf', domainOf, fc.oneof(anyText, fc.webUrl(), fc.domain()));
  idempotent('addressKey', (s) => addressKey({ text: s }));
  idempotent('IP addresses', (s) => parseIp(s)?.text, fc.oneof(anyText, fc.ipV4(), fc.ipV6(), fc.ipV4Extended()));
  idempotent('phone numbers (E.164)', (s) => parsePhone(s, 'US').e164, fc.oneof(anyText, fc.stringMatching(/^\+?[0-9 ()-]{4,18}$/)));
  // Hangul and Chinese syllables are transliterated into Latin words that no longer say they were
  // syllables (a syllable is never a typo): idempotence holds for names in alphabetic scripts.
  idempotent(
    'names (tokens as written)',
    (s) =>
      tokenise(s)
        .map((t) => t.text)
        .join(' '),
    anyText.filter((s) => !/[\uAC00-\uD7A3\u3400-\u9FFF\uF900-\uFAFF]/u.test(s)),
  );

  it('name comparison: never throws, a name matches itself, and a and b score as b and a', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        // A name of numbers or legal forms alone ("6", "AB") is no name: they only confirm a match of words.
        if (tokenise(a).some((t) => t.kind === 'word')) expect(compareNames(a, a).score).toBe(1);
        expect(compareNames(a, b).score).toBe(compareNames(b, a).score);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('the phonetic fold, its steps guarded, folds as the unguarded steps do', () => {
    // Every word of up to four letters from the letters the short-word and liquid rules read...
    const short = 'aeiouylnrhjkx';
    const words = [''];
    for (let len = 1; len <= 4; len++) for (const w of words.filter((x) => x.length === len - 1)) for (const c of short) words.push(w + c);
    for (const w of words) expect([w, fold(w)]).toEqual([w, foldReference(w)]);
    // ...and longer words from every letter any step reads, with a digit and two non-ASCII letters.
    const word = fc.string({ unit: fc.constantFrom(...'aeiouyhjscztdgbpkqxrwlnmfv0é김'), maxLength: 14 });
    fc.assert(
      fc.property(word, (w) => {
        expect(fold(w)).toBe(foldReference(w));
      }),
      { numRuns: 20_000 },
    );
  });

  it('name comparison: the scoring without allocations gives what the reference gives, field for field', () => {
    // Names of people and organisations in several scripts and forms: initials, legal forms,
    // particles, numbers, joined and repeated words, so that every cap and penalty is reached.
    const part = fc.constantFrom(
      'Song',
      'Kum',
      'Hyok',
      'Kumhyok',
      'Sonng',
      'Kim',
      'Jong',
      'Un',
      'Jung',
      'K.',
      'K',
      'H.',
      'J.S.',
      'van',
      'de',
      'al',
      'bin',
      'Asatryan',
      'Gayk',
      'Vardanovich',
      'Mohammed',
      'Muhammad',
      'Hassan',
      'LLC',
      'Ltd',
      'Company',
      'Limited',
      'Trading',
      'Korea',
      'II',
      '3',
      'Mr',
      'Dr',
      '김정은',
      '김종은',
      '李',
      'Гайк',
      'Castro',
      'Castillo',
      'Benz',
      'Benn',
    );
    // Whole names where one side joins words the other splits, or gives initials for them.
    const whole = fc.constantFrom('Kumhyok', 'Kum Hyok', 'Kum-Hyok Song', 'KUMHYOK SONG', 'Song K.H.', 'J.S. Bach', 'Jong Un Kim', 'Kimjongun');
    const name = fc.oneof(
      fc.array(part, { minLength: 0, maxLength: 6 }).map((p) => p.join(' ')),
      whole,
      anyText,
    );
    fc.assert(
      fc.property(name, name, fc.boolean(), (a, b, screening) => {
        expect(compareNames(a, b, { screening })).toEqual(compareNamesReference(a, b, { screening }));
      }),
      { numRuns: 5000 },
    );
  });

  it('name comparison with a least score: the same score, and the same result at or above it', () => {
    // The sanctions search skips the pairs and unmatched words of candidates below its threshold.
    const name = fc.oneof(anyText, fc.constantFrom('Song Kum Hyok', 'SONG, Kum-hyok', 'Kumhyok Sonng', 'Asatryan Gayk', 'K. H. Song', 'Kim Song'));
    fc.assert(
      fc.property(name, name, fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), (a, b, minScore, screening) => {
        const full = compareNames(a, b, { screening });
        const least = compareNames(a, b, { screening, minScore });
        expect(least.score).toBe(full.score);
        if (full.score >= minScore) expect(least).toEqual(full);
        else expect(least.pairs).toEqual([]);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('the weighted distance is never above the plain one, and a bound stops neither below it', () => {
    // The sanctions index decides a typo by the weighted distance alone, and the name comparison
    // bounds the plain one by the weighted: both rest on this.
    const word = fc.string({ unit: fc.constantFrom(...'aeiouyvwfmnszktjbé김'), maxLength: 12 });
    fc.assert(
      fc.property(word, word, fc.constantFrom(0, 0.4, 1, 1.5, 2, 3, 4), (a, b, max) => {
        const w = weightedDistance(a, b);
        const e = editDistance(a, b);
        expect(w).toBeLessThanOrEqual(e);
        // Bounded (only the band within max of the diagonal is computed), a distance within the
        // bound is exact, and one past it is reported past it.
        const boundedW = weightedDistance(a, b, max);
        if (w <= max) expect(boundedW).toBeCloseTo(w, 9);
        else expect(boundedW).toBeGreaterThan(max);
        const bounded = editDistance(a, b, max);
        if (e <= max) expect(bounded).toBe(e);
        else expect(bounded).toBeGreaterThan(max);
      }),
      { numRuns: 2000 },
    );
  });

  it('a country written in key form reads as it does through the full normalising', () => {
    // Lower-case words one space apart skip NFKD and the replacements; a trailing "." sends the
    // same text through them (it becomes a space and is trimmed). Two or three letters alone are
    // read as ISO codes first, so the words are longer.
    const real = [
      'the gambia',
      'korea republic of',
      'north korea',
      'south korea',
      'united states',
      'dprk',
      'cote divoire',
      'the',
      'the the gambia',
      'viet nam',
      'kosovo',
    ];
    const words = fc.array(fc.string({ unit: fc.constantFrom(...'abcdefghijklmnoprstuvwyz0123456789'), minLength: 1, maxLength: 8 }), {
      minLength: 1,
      maxLength: 4,
    });
    const text = fc
      .oneof(
        fc.constantFrom(...real),
        words.map((w) => w.join(' ')),
      )
      .filter((t) => t.length > 3);
    fc.assert(
      fc.property(text, (t) => {
        expect(toCountryCode(t)).toBe(toCountryCode(`${t}.`));
      }),
      { numRuns: 3000 },
    );
    expect(toCountryCode('the gambia')).toBe('GM');
    expect(toCountryCode('korea republic of')).toBe('KR');
  });

  it('an ASCII address gets the key it gets through the full normalising', () => {
    // ASCII skips the format-character, NFKD and accent steps.
    const ascii = fc.string({ unit: fc.constantFrom(...'0123456789 Aaeno.-#,;:()\'"StreetApUnitNo12345-6789GAVirginia'.split('')), maxLength: 60 });
    const street = fc.constantFrom(
      '12 Example Street, Apt 4-B, Springfield, IL 62701-1234',
      'No. 7 Main St #12, Atlanta, Georgia, USA',
      '5 Rue de la Paix, Paris, France',
    );
    sameAsFullPath(fc.oneof(ascii, street), (text) => addressKey({ text }));
  });

  it('an ASCII name tokenises as it does through the full normalising', () => {
    // ASCII skips NFKC, the script steps and the transliteration.
    const ascii = fc.string({ unit: fc.constantFrom(..."abcdeKLMNOxyz019 .,-'`&()/\t\u0001".split('')), maxLength: 40 });
    const names = fc.constantFrom(
      "O'Brien & Sons Ltd.",
      'A.B.C. Trading Co',
      'Dr. Kim Jong-Un III',
      'Gayk Vardanovich ASATRYAN',
      'de la Cruz, Maria',
      'Third Bank of Pyongyang',
    );
    sameAsFullPath(fc.oneof(ascii, names), tokenise);
  });

  it('a CSV record split by hand gives the cells csv-parse gives, alone or among others', () => {
    const delimiters = [',', ';', '\t', '|'];
    const char = fc.constantFrom(...'ab ,;|\t"xé송\u0000'.split(''), '\n', '\r\n');
    const plain = fc.string({ unit: fc.constantFrom(...'ab xé송-.@+'.split('')), maxLength: 6 });
    const any = fc.string({ unit: char, maxLength: 8 });
    // Well-formed fields: unquoted without quote or delimiter, or quoted with "" inside.
    const field = fc.oneof(
      plain,
      any.map((v) => `"${v.replace(/"/g, '""')}"`),
    );
    // And anything at all: stray quotes, text after a closing quote, an unclosed quote.
    const wild = fc.oneof(
      field,
      any,
      any.map((v) => `"${v}`),
      any.map((v) => `"${v}"${v}`),
    );
    const record = (f: fc.Arbitrary<string>) =>
      fc.tuple(fc.array(f, { minLength: 1, maxLength: 6 }), fc.constantFrom(...delimiters)).map(([cells, d]) => ({ cells, d, text: cells.join(d) }));
    const viaCsvParse = (text: string, d: string): string[] | undefined => {
      try {
        return parseCsv(text, { delimiter: d, relax_column_count: true })[0] ?? [];
      } catch {
        return undefined;
      }
    };
    fc.assert(
      fc.property(record(field), record(wild), ({ text, d }, other) => {
        // A well-formed record (not empty, no line break outside quotes: framing ends a record there) is split by hand.
        const mine = splitRecord(text, d);
        if (text === '' || !/^(?:[^"\r\n]|"(?:[^"]|"")*")*$/.test(text.replace(new RegExp(`\\${d}`, 'g'), ''))) return;
        expect(mine).toEqual(viaCsvParse(text, d));
        expect(mine).toBeDefined();
        // Among other records of a batch, csv-parse reads it the same.
        const batch = parseCsv(`${text}\n${text}`, { delimiter: d, relax_column_count: true });
        expect(batch[1]).toEqual(mine);
        // Anything split by hand is what csv-parse reads; what is not, csv-parse reads (or rejects) itself.
        const wildMine = splitRecord(other.text, other.d);
        if (wildMine !== undefined) expect(wildMine).toEqual(viaCsvParse(other.text, other.d));
      }),
      { numRuns: 5000 },
    );
  });

  it('a multi-value cell splits as it did before single values took a short cut', () => {
    // The splitting as it was, every cell through the general path.
    const whole: Record<string, (part: string) => boolean> = {
      emails: (p) => /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/.test(p),
      phones: (p) => /^(?:\+|00)[\d\s().-]{6,}$/.test(p) && p.replace(/\D/g, '').length >= 7,
    };
    const before = (cell: string, key: string): string[] => {
      const trimmed = cell.trim();
      if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
        try {
          const list: unknown = JSON.parse(trimmed);
          if (Array.isArray(list) && list.every((v) => typeof v === 'string')) return list.map((v: string) => v.trim()).filter((v: string) => v !== '');
        } catch {
          // not JSON
        }
      }
      const parts = cell
        .split(/[;|\n]/)
        .map((x) => x.trim())
        .filter((x) => x !== '');
      const test = whole[key];
      if (test === undefined) return parts;
      return parts.flatMap((part) => {
        if (!part.includes(',')) return [part];
        const pieces = part
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x !== '');
        return pieces.length > 1 && pieces.every(test) ? pieces : [part];
      });
    };
    const cell = fc.string({ unit: fc.constantFrom(...'a@x.co +4412 ;|,\n\r\t[]"'), maxLength: 40 });
    fc.assert(
      fc.property(cell, fc.constantFrom('emails', 'phones', 'employers'), (c, key) => {
        expect(splitMulti(c, key)).toEqual(before(c, key));
      }),
      { numRuns: 3000 },
    );
  });

  it('invisible characters change no name comparison, e-mail, address or phone key', () => {
    const name = fc.constantFrom('Song Kum Hyok', 'Kim Min-jun', 'Gayk Asatryan', '송금혁', 'Wang Wei', 'Olga Sokolova');
    const sprinkle = (s: string, at: number[], marks: string[]) => {
      const chars = [...s];
      at.forEach((p, i) => chars.splice(p % (chars.length + 1), 0, marks[i % marks.length]!));
      return chars.join('');
    };
    fc.assert(
      fc.property(name, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.shuffledSubarray(INVISIBLES, { minLength: 1 }), (n, at, marks) => {
        const hidden = sprinkle(n, at, marks);
        expect(compareNames(hidden, n).score).toBe(1);
        const email = `${n.replace(/\s/g, '.').toLowerCase()}@example.com`;
        expect(emailKey(sprinkle(email, at, marks))).toBe(emailKey(email));
        const address = '12 Example Street, Apt 4, Springfield, IL 62701';
        expect(addressKey({ text: sprinkle(address, at, marks) })).toBe(addressKey({ text: address }));
        expect(parsePhone(sprinkle('+1 202 555 0147', at, marks)).e164).toBe('+12025550147');
      }),
      { numRuns: RUNS },
    );
  });
});

describe('vetting: the same input twice gives the same report', () => {
  const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-home-')), VET_LEDGER: 'off', VET_AUDIT: 'off' };
  const applicant = fc.record({
    id: fc.stringMatching(/^[A-Z]-\d{1,4}$/),
    name: fc.constantFrom('Song Kum Hyok', 'Kim Min-jun', 'Ann Example', '李伟', 'Gayk Asatryan', 'Olga Sokolova', 'José Müller'),
    phones: fc.array(fc.constantFrom('+850 2 381 2222', '+1 202 555 0147', '+82 2 312 3456', '+7 495 123 4567', 'not a number'), { maxLength: 2 }),
    emails: fc.array(fc.constantFrom('a@mailinator.com', 'b@example.com', 'c@hopanatech.com'), { maxLength: 2 }),
    location: fc.record({ country: fc.constantFrom('US', 'KR', 'DE', 'RU') }),
    ipAddresses: fc.array(fc.constantFrom('175.45.176.1', '8.8.8.8', '203.0.113.9', '77.88.8.8'), { maxLength: 2 }),
    nationalId: fc.constantFrom('123-45-6789', '987-65-4321'),
  });

  it('byte-identical in JSON and text apart from generatedAt', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(applicant, { minLength: 1, maxLength: 6 }), async (list) => {
        const input = JSON.stringify(list);
        const once = async (format: string) => {
          const r = await run(['-', '--input-format', 'json', '--format', format], { env, stdin: Readable.from([input]) });
          expect(r.stderr).not.toMatch(/Unexpected error/);
          return r.stdout.replace(/"generatedAt": "[^"]+"/, '');
        };
        for (const format of ['json', 'text']) expect(await once(format)).toBe(await once(format));
      }),
      { numRuns: 25 },
    );
  });
});
