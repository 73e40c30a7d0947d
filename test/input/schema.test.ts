import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CANONICAL_FIELDS } from '../../src/input/applicant.js';
import { FIXTURES } from '../helpers/collect.js';

const require = createRequire(import.meta.url);
// ajv is CommonJS; its 2020-12 entry validates the schema's own dialect.
const Ajv2020 = require('ajv/dist/2020').default as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } };

const schema = JSON.parse(readFileSync(new URL('../../docs/applicant.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true }).compile(schema);

describe('docs/applicant.schema.json', () => {
  it('lists exactly the fields the reader knows', () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...CANONICAL_FIELDS].sort());
  });

  it.each(['applicants/clean.json', 'applicants/flagged.json', 'applicants/ordinary.json', 'applicants/batch.json'])('accepts %s', (file) => {
    const doc = JSON.parse(readFileSync(FIXTURES + file, 'utf8'));
    const list = Array.isArray(doc) ? doc : (doc.applicants ?? [doc]);
    for (const a of list) {
      const ok = validate(a);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('rejects what the reader rejects for type', () => {
    expect(validate(JSON.parse(readFileSync(FIXTURES + 'broken/wrong-type.json', 'utf8')))).toBe(false);
    expect(validate({ location: { planet: 'Mars' } })).toBe(false);
    expect(validate({ ipEvents: [{ at: '2025-01-01' }] })).toBe(false);
  });
});
