import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseMapOptions } from '../../src/input/headers.js';
import { lineColumn, lineLocator } from '../../src/input/json-scan.js';
import { sniffFormat } from '../../src/input/read.js';
import { FIXTURES, chunked, collect } from '../helpers/collect.js';

describe('JSON', () => {
  it('reads one applicant object', async () => {
    const { records, errors } = await collect(['applicants/clean.json']);
    expect(errors).toEqual([]);
    expect(records).toHaveLength(1);
    const a = records[0]!.applicant;
    expect(a.id).toBe('A-1001');
    expect(a.phones).toEqual(['+1 415 555 0100']);
    expect(a.emails).toEqual(['jane.example@example.com']);
    expect(a.address?.country).toBe('US');
    expect(a.location).toEqual({ city: 'San Francisco', country: 'US', timezone: 'America/Los_Angeles' });
    expect(a.ipEvents).toEqual([{ ip: '203.0.113.10' }]);
    expect(a.employers).toEqual([{ name: 'Example Corp', domain: 'example.com' }]);
    expect(records[0]!.input).toEqual({ file: 'applicants/clean.json', line: 1 });
  });

  it('reads { "applicants": [...] } with the line each applicant starts on', async () => {
    const { records } = await collect(['applicants/batch.json']);
    expect(records.map((r) => r.applicant.id)).toEqual(['B-1', 'B-2', 'B-3', 'B-4', 'B-5', 'B-6']);
    const text = readFileSync(FIXTURES + 'applicants/batch.json', 'utf8').split('\n');
    for (const r of records) expect(text[r.input.line]).toContain(`"id": "${r.applicant.id}"`);
  });

  it('reads a top-level array', async () => {
    const { records, errors } = await collect(['applicants/ordinary.json']);
    expect(errors).toEqual([]);
    expect(records.length).toBeGreaterThan(15);
    expect(records[1]!.input.line).toBe(3);
  });

  it('gives each applicant of an array the line it starts on, several to a line or none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vet-lines-'));
    const file = join(dir, 'lines.json');
    const a = (id: string) => JSON.stringify({ id, name: `Applicant ${id}`, email: `${id}@example.com` });
    writeFileSync(file, `[${a('a')},${a('b')},\n${a('c')},\n\n\n${a('d')},${a('e')}\n,${a('f')}]`);
    const { records } = await collect([file]);
    expect(records.map((r) => [r.applicant.id, r.input.line])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 2],
      ['d', 5],
      ['e', 5],
      ['f', 6],
    ]);
    // One line for 5,000 applicants.
    writeFileSync(file, `[${Array.from({ length: 5000 }, (_, i) => a(`n${i}`)).join(',')}]`);
    const one = await collect([file]);
    expect(one.records).toHaveLength(5000);
    expect(one.records.every((r) => r.input.line === 1)).toBe(true);
  });

  it('locates an offset by its line breaks found once as by counting them from the start', () => {
    for (const text of ['', 'one line', '\n', '\n\nab\ncd\n', 'a\r\nb\n\n\nc', '[\n  {"id": 1},\n  {"id": 2}\n]\n']) {
      const where = lineLocator(text);
      for (let offset = 0; offset <= text.length + 1; offset++) expect(where(offset)).toEqual(lineColumn(text, offset));
    }
  });

  it('names the line of each bad field of a large pretty-printed array', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vet-lines-'));
    const file = join(dir, 'bad-dates.json');
    const applicants = Array.from({ length: 3000 }, (_, i) => ({
      id: `d${i}`,
      name: `Applicant ${i}`,
      dateOfBirth: i % 2 === 0 ? 'not a date' : '1990-01-01',
    }));
    const text = JSON.stringify(applicants, null, 2);
    writeFileSync(file, text);
    const { records, errors } = await collect([file]);
    expect(records).toHaveLength(3000);
    expect(errors).toHaveLength(1500);
    const lines = text.split('\n');
    for (const e of errors) expect(lines[e.location.line! - 1]).toContain('"dateOfBirth": "not a date"');
  });

  it('joins givenName and familyName, keeps unknown fields apart', async () => {
    const { records } = await collect(['applicants/batch.json']);
    expect(records[1]!.applicant.name).toBe('Sam Placeholder');
    const flagged = await collect(['applicants/flagged.json']);
    expect(flagged.records[0]!.applicant.extra).toEqual({ referredBy: 'synthetic test record' });
  });

  it('reads a one-line address and location string, and ip events', async () => {
    const { records } = await collect(['applicants/flagged.json']);
    const a = records[0]!.applicant;
    expect(a.address).toEqual({ text: '200 Sample Avenue, Springfield, IL 62701, United States', country: 'US' });
    expect(a.shippingAddress?.country).toBe('US');
    expect(a.ipEvents[1]).toEqual({ ip: '77.88.8.8', at: '2025-03-08T01:30:00.000Z', event: 'interview' });
    const batch = await collect(['applicants/batch.json']);
    expect(batch.records[3]!.applicant.location).toEqual({ city: 'Denver', region: 'CO', country: 'US' });
  });

  it('refuses a syntax error with line and column, without echoing the text', async () => {
    const { records, fatal } = await collect(['broken/syntax-error.json']);
    expect(records).toEqual([]);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.location).toMatchObject({ file: 'broken/syntax-error.json', line: 5, column: 3 });
    expect(fatal[0]!.message).not.toContain('x@example.com');
  });

  it('names the line, column and field of a wrong type', async () => {
    const { records, errors } = await collect(['broken/wrong-type.json']);
    // The applicant is kept without the field; the error locates it.
    expect(records.map((r) => [r.applicant.id, r.applicant.phones])).toEqual([['X-2', []]]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.location).toEqual({ file: 'broken/wrong-type.json', line: 4, column: 12, field: '/phone' });
    expect(errors[0]!.message).toBe('broken/wrong-type.json:4:12: field /phone: expected a string or an array of strings, got a number');
  });

  it('keeps an applicant with one bad field, without that field, and names the field', async () => {
    const { records, errors } = await collect(['broken/unknown-country.json']);
    expect(records.map((r) => r.applicant.id)).toEqual(['X-6', 'X-7']);
    expect(records[0]!.applicant.location?.country).toBeUndefined();
    expect(records[0]!.applicant.unclear).toEqual([{ path: '/location/country', reason: expect.stringContaining('could not be read: not a country') }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.location).toMatchObject({ line: 2, field: '/location/country' });
    expect(errors[0]!.message).not.toContain('Narnia');
  });

  it('refuses a document that is not an applicant', async () => {
    const { fatal } = await collect(['-'], { stdin: Readable.from(['42']), format: 'json' });
    expect(fatal[0]!.detail).toMatch(/expected an applicant object/);
  });
});

describe('NDJSON', () => {
  it('reads one applicant per line, skipping blank lines', async () => {
    const { records } = await collect(['applicants/batch.ndjson']);
    expect(records.map((r) => [r.applicant.id, r.input.line])).toEqual([
      ['N-1', 1],
      ['N-2', 2],
      ['N-3', 4],
    ]);
  });

  it('rejects a broken line with its line and column and reads the rest', async () => {
    const { records, errors } = await collect(['broken/bad-line.ndjson']);
    expect(records.map((r) => r.applicant.id)).toEqual(['X-3', 'X-5']);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.location).toMatchObject({ line: 2, column: 43 });
  });

  it('puts a field error on its own line', async () => {
    const text = '{"id":"a","phone":"+1 415 555 0100"}\n{"id":"b","phone":7}\n';
    const { errors } = await collect(['-'], { stdin: Readable.from([text]), format: 'ndjson' });
    expect(errors[0]!.location).toMatchObject({ file: '<stdin>', line: 2, column: 19, field: '/phone' });
  });
});

describe('CSV', () => {
  it('reads generic headers and splits multi-value cells', async () => {
    const { records, errors } = await collect(['csv/generic.csv']);
    expect(errors).toEqual([]);
    expect(records).toHaveLength(3);
    const sam = records[1]!.applicant;
    expect(sam).toMatchObject({ name: 'Sam Placeholder', emails: ['sam@example.com'], phones: ['+86 138 0013 8001'] });
    expect(sam.address?.country).toBe('US');
    expect(sam.ipEvents.map((e) => e.ip)).toEqual(['198.51.100.9', '198.51.100.10']);
    expect(sam.id).toBe('generic.csv:3');
    expect(records[1]!.origins.get('/phones/0')).toEqual({ column: 'Phone' });
  });

  it('reads ID, payment, employer, reference, experience and GitHub columns into one applicant', async () => {
    const { records, errors } = await collect(['csv/red-flags.csv']);
    expect(errors).toEqual([]);
    const [alex, jordan] = records.map((r) => r.applicant);
    expect(alex!.idDocument).toEqual({ type: 'passport', issuingCountry: 'US', name: 'Alex Placeholder' });
    expect(alex!.payment).toEqual({ method: 'Bank transfer', provider: 'Example Bank', bankCountry: 'US', accountHolder: 'Alex Placeholder' });
    // The row's employer columns describe the first employer named in "Current Employer".
    expect(alex!.employers).toEqual([
      { name: 'Example Corp', domain: 'example.com', address: { text: '1 Example Plaza, Springfield, IL 62701' } },
      { name: 'Sample LLC' },
    ]);
    expect(alex!.references).toEqual([{ name: 'Robin Example', email: 'robin@example.com', emailAddress: expect.objectContaining({ domain: 'example.com' }) }]);
    expect(alex!.yearsOfExperience).toBe(6);
    // "GitHub" (the URL) beside "GitHub Created": one profile object.
    expect(alex!.profiles.github).toEqual({
      url: 'https://github.com/alex-placeholder',
      createdAt: '2017-03-01T00:00:00.000Z',
      earliestCommitAt: '2017-03-02T00:00:00.000Z',
    });
    expect(records[0]!.origins.get('/profiles/github/createdAt')).toEqual({ column: 'GitHub Created' });
    expect(records[0]!.origins.get('/employers/0/domain')).toEqual({ column: 'Employer Website' });
    expect(records[0]!.origins.get('/references/0/email')).toEqual({ column: 'Reference Email' });
    expect(jordan!.idDocument).toEqual({ type: 'driving-licence', issuingCountry: 'US', name: 'Jordan Sample' });
    expect(jordan!.payment).toEqual({ method: 'USDT' });
    expect(jordan!.yearsOfExperience).toBe(7);
  });

  it('reads an ATS export: BOM, CRLF, quoted multi-line cell, several phones in a cell', async () => {
    const { records, errors } = await collect(['csv/ats-export.csv']);
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.applicant.id, r.input.line])).toEqual([
      ['C-100', 2],
      ['C-101', 4],
      ['C-102', 5],
    ]);
    const [jane, kim, pat] = records.map((r) => r.applicant);
    expect(jane!.location?.country).toBe('US');
    expect(jane!.address).toMatchObject({ street: '100 Example Street', city: 'San Francisco', region: 'CA', postalCode: '94110' });
    expect(jane!.extra.Notes).toBe('Referred by a\r\nformer colleague');
    expect(kim!.phones).toEqual(['+850 2 381 2222', '+1 415 555 0111']);
    expect(pat!.extra.Notes).toBe('Says "hi"');
    expect(records[1]!.origins.get('/phones/1')).toEqual({ column: 'Mobile' });
  });

  it('reads a semicolon-delimited export with split names and day-first dates', async () => {
    const { records, errors } = await collect(['csv/semicolon.csv']);
    expect(errors).toEqual([]);
    expect(records[0]!.applicant).toMatchObject({ name: 'Lena Beispiel', dateOfBirth: '1991-03-15', emails: ['lena@example.de'] });
    expect(records[1]!.applicant.address?.country).toBe('FR');
  });

  it('reads a tab-delimited export', async () => {
    const { records } = await collect(['csv/tab-export.tsv']);
    expect(records.map((r) => r.applicant.location?.country)).toEqual(['US', 'US']);
    expect(records[1]!.applicant.phones).toEqual(['+856 20 5555 1234']);
  });

  it.each([1, 2, 3, 7, 64])('gives the same records when the stream arrives in %i-character pieces', async (size) => {
    const text = readFileSync(FIXTURES + 'csv/ats-export.csv', 'utf8');
    const whole = await collect(['csv/ats-export.csv']);
    const pieces = await collect(['-'], { stdin: chunked(text, size), format: 'csv' });
    expect(pieces.records.map((r) => [r.applicant, r.input.line])).toEqual(whole.records.map((r) => [r.applicant, r.input.line]));
  });

  it('rejects a row with a broken quote and reads the rows after it', async () => {
    const { records, errors } = await collect(['broken/broken-quote.csv']);
    expect(records.map((r) => r.applicant.name)).toEqual(['Okay One', 'Okay Three']);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.location).toEqual({ file: 'broken/broken-quote.csv', line: 3, field: 'column "Email"' });
  });

  it('reports an unclosed quote at the line it opens, with the lines lost', async () => {
    const { records, errors } = await collect(['broken/unclosed-quote.csv']);
    expect(records.map((r) => r.applicant.name)).toEqual(['Okay One']);
    expect(errors[0]!.location.line).toBe(3);
    expect(errors[0]!.detail).toMatch(/never closed.*lines 3-4/);
  });

  it('rejects a row with the wrong number of fields', async () => {
    const { records, errors } = await collect(['broken/field-count.csv']);
    expect(records).toHaveLength(2);
    expect(errors[0]!.message).toBe('broken/field-count.csv:3: row has 5 fields but the header has 4');
  });

  it('refuses binary data, an empty file and a text file that is not an export', async () => {
    const image = await collect(['broken/image.csv']);
    expect(image.fatal[0]!.detail).toMatch(/not a text file/);
    const empty = await collect(['broken/empty.csv']);
    expect(empty.fatal[0]!.detail).toMatch(/empty/);
    const letter = await collect(['broken/not-applicants.csv']);
    expect(letter.fatal[0]!.detail).toMatch(/no column in the header/);
  });

  it('refuses an export whose known columns cannot check anyone, naming the columns it saw', async () => {
    const text = 'Candidate ID,Job Title,Applied At\n1042,Engineer,2025-01-01\n';
    const { records, fatal } = await collect(['-'], { stdin: Readable.from([text]) });
    expect(records).toEqual([]);
    expect(fatal[0]!.detail).toContain('no column vet can check applicants by');
    expect(fatal[0]!.detail).toContain('"Candidate ID", "Job Title", "Applied At"');
    // One usable column is enough.
    const ok = await collect(['-'], { stdin: Readable.from(['Candidate ID,Email\n1042,a@example.com\n']) });
    expect(ok.fatal).toEqual([]);
    expect(ok.records).toHaveLength(1);
  });

  it('maps unknown headers with --map and keeps other columns in extra', async () => {
    const text = 'Applicant,Cell #,Based In,Favourite Colour\nAda Example,+44 20 7946 0958,United Kingdom,green\n';
    const overrides = parseMapOptions(['name=Applicant', 'phones=Cell #', 'location.country=based in']);
    const { records, errors } = await collect(['-'], { stdin: Readable.from([text]), overrides });
    expect(errors).toEqual([]);
    expect(records[0]!.applicant).toMatchObject({ name: 'Ada Example', phones: ['+44 20 7946 0958'], location: { country: 'GB' } });
    expect(records[0]!.applicant.extra).toEqual({ 'Favourite Colour': 'green' });
  });

  it('lets --map replace a synonym column instead of clashing with it', async () => {
    const text = 'Full Name,Legal Name,Phone\nNick Example,Nicholas Example,+1 415 555 0100\n';
    const { records, fatal } = await collect(['-'], { stdin: Readable.from([text]), overrides: parseMapOptions(['name=Legal Name']) });
    expect(fatal).toEqual([]);
    expect(records[0]!.applicant.name).toBe('Nicholas Example');
  });

  it('refuses two columns for one single-value field', async () => {
    const text = 'Full Name,Candidate Name,Phone\nA,B,+1 415 555 0100\n';
    const { fatal } = await collect(['-'], { stdin: Readable.from([text]) });
    expect(fatal[0]!.detail).toMatch(/"Full Name" and "Candidate Name" both map to name/);
  });

  it('refuses a --map column the file does not have', async () => {
    const { fatal } = await collect(['csv/generic.csv'], { overrides: parseMapOptions(['phones=Cell']) });
    expect(fatal[0]!.detail).toBe('--map names a column this file does not have: "Cell"');
  });

  it('keeps a column named after an Object property as data', async () => {
    const text = 'Name,__proto__,constructor\nAda Example,x,y\n';
    const { records } = await collect(['-'], { stdin: Readable.from([text]) });
    expect(records[0]!.applicant.extra).toEqual(JSON.parse('{"__proto__": "x", "constructor": "y"}'));
    expect(Object.getPrototypeOf(records[0]!.applicant.extra)).toBe(Object.prototype);
  });

  it('treats N/A cells as empty', async () => {
    const text = 'Name,Phone,IP Address\nNo Phone,N/A,n/a\n';
    const { records, errors } = await collect(['-'], { stdin: Readable.from([text]) });
    expect(errors).toEqual([]);
    expect(records[0]!.applicant).toMatchObject({ phones: [], ipEvents: [] });
  });

  it('names the column of a bad value', async () => {
    const text = 'Name,IP Address,DOB\nBad Ip,999.1.1.1,03/04/1990\n';
    const { errors } = await collect(['-'], { stdin: Readable.from([text]) });
    expect(errors.map((e) => e.location.field)).toEqual(['column "IP Address"', 'column "DOB"']);
    expect(errors[1]!.detail).toMatch(/ambiguous/);
  });
});

describe('files and standard input', () => {
  it('sniffs the format of standard input', () => {
    expect(sniffFormat('[{"id":1}]')).toBe('json');
    expect(sniffFormat('{\n  "id": 1\n}')).toBe('json');
    expect(sniffFormat('{"id":1}\n{"id":2}\n')).toBe('ndjson');
    expect(sniffFormat('\uFEFFName,Email\n')).toBe('csv');
  });

  it('reads NDJSON from standard input', async () => {
    const text = readFileSync(FIXTURES + 'applicants/batch.ndjson', 'utf8');
    const { records } = await collect(['-'], { stdin: chunked(text, 5) });
    expect(records.map((r) => r.applicant.id)).toEqual(['N-1', 'N-2', 'N-3']);
    expect(records[0]!.input.file).toBe('<stdin>');
  });

  it('decodes UTF-8 split across chunks', async () => {
    const bytes = Buffer.from('Name,Country\nJosé Müller,Türkiye\n', 'utf8');
    const pieces = [...bytes].map((b) => Buffer.from([b]));
    const { records } = await collect(['-'], { stdin: Readable.from(pieces) });
    expect(records[0]!.applicant).toMatchObject({ name: 'José Müller', address: { country: 'TR' } });
  });

  it('keeps reading other files after a missing one or a directory', async () => {
    const { records, fatal } = await collect(['nope.json', 'csv', 'applicants/clean.json']);
    expect(fatal.map((e) => e.message)).toEqual(['nope.json: no such file', 'csv: is a directory, not a file']);
    expect(records).toHaveLength(1);
  });
});
