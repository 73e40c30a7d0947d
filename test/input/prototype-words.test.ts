import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import { addressKey } from '../../src/keys/address.js';
import { countryOf } from '../../src/keys/places.js';
import { emailKey } from '../../src/keys/values.js';
import { tokenise } from '../../src/names/normalise.js';
import { EMPTY_HOME } from '../helpers/home.js';

// Words that are also the names of an object's inherited properties. Looked up in a plain object
// they find a function ("Ivan Constructor" once tokenised to "function Object() { [native code] }"):
// every table a word or value is looked up in must be a Map or have no prototype.
const WORDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
const LEAKS = /function|native code|\[object Object\]/;

describe('words that name inherited properties', () => {
  it.each(WORDS)('"%s" is an ordinary word in names, e-mails, addresses and places', (word) => {
    expect(tokenise(`Ivan ${word}`).map((t) => t.text)).toEqual(['ivan', word.toLowerCase().replace(/_/g, '')]);
    expect(tokenise(`${word} Ltd`).map((t) => t.kind)).toEqual(['word', 'legal']);
    expect(emailKey(`a@${word}`)).toBeUndefined();
    expect(emailKey(`${word}@${word}.com`)).toBe(`${word.toLowerCase()}@${word.toLowerCase()}.com`);
    const key = addressKey({ street: `12 ${word} ${word}`, city: word, region: word, postalCode: '12345' });
    expect(key).toBeDefined();
    expect(key).not.toMatch(LEAKS);
    expect(countryOf(word)).toEqual({});
  });

  it('vet match compares them as words', async () => {
    const r = await run(['match', 'Ivan Constructor', 'Ivan Builder'], { env: { VET_HOME: EMPTY_HOME } });
    expect(r.stdout).not.toMatch(LEAKS);
    expect(r.stdout).toMatch(/constructor/i);
  });

  it('reads them as values and as CSV headers without a crash or a leaked function', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vet-proto-'));
    const people = WORDS.map((w, i) => ({
      id: w,
      name: `${w} ${w}`,
      email: `${w}@${w}.com`,
      phone: w,
      address: { street: `1 ${w} Street`, city: w, region: w, country: w },
      location: { country: w, city: w },
      employers: [{ name: `${w} Ltd`, domain: `${w}.com` }],
      profiles: { [w === '__proto__' ? 'proto' : w]: `https://example.com/${w}` },
      nationality: w,
      ipAddresses: [w],
      payment: { method: w, country: w },
      id2: i,
    }));
    writeFileSync(join(dir, 'people.json'), JSON.stringify(people));
    writeFileSync(
      join(dir, 'people.csv'),
      `Name,Email,${WORDS.join(',')},Country\n${WORDS.map((w) => `${w} ${w},${w}@example.com,${WORDS.map(() => w).join(',')},${w}`).join('\n')}\n`,
    );
    for (const file of ['people.json', 'people.csv']) {
      const r = await run([file, '-f', 'json', '--fail-on', 'none'], { cwd: dir, env: { VET_HOME: EMPTY_HOME, VET_LEDGER: 'off', VET_AUDIT: 'off' } });
      expect(r.stderr).not.toMatch(/Unexpected error/);
      expect(r.stdout).not.toMatch(LEAKS);
      const report = JSON.parse(r.stdout);
      expect(report.summary.applicants).toBe(WORDS.length);
      if (file === 'people.csv') expect(report.summary.ignoredColumns.map((c: { header: string }) => c.header)).toEqual(WORDS);
    }
  });
});
