import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { run } from '../../src/cli/run.js';
import { FIXTURES } from '../helpers/collect.js';

const require = createRequire(import.meta.url);
// ajv is CommonJS; its 2020-12 entry validates the schema's own dialect.
const Ajv2020 = require('ajv/dist/2020').default as new (o: object) => {
  compile(s: object): ((d: unknown) => boolean) & { errors?: unknown };
};

const schema = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true }).compile(schema);

const inputs = ['applicants', 'csv', 'broken'].flatMap((dir) => readdirSync(join(FIXTURES, dir)).map((f) => `${dir}/${f}`));

/** The keys of src/keys/types.ts's Evidence interface, read with TypeScript's parser. */
function evidenceKeys(): string[] {
  const file = new URL('../../src/keys/types.ts', import.meta.url).pathname;
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Evidence');
  return decl!.members.map((m) => (m.name as ts.Identifier).text);
}

describe('docs/report.schema.json', () => {
  let home: string;
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'vet-report-schema-'));
    // The fixture OFAC list, so that sanctions evidence is in the reports too.
    expect((await run(['lists', 'import', join(FIXTURES, 'ofac')], { env: { VET_HOME: home } })).exitCode).toBe(0);
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('lists exactly the evidence keys the Evidence type allows', () => {
    expect(Object.keys(schema.$defs.evidence.properties).sort()).toEqual(evidenceKeys().sort());
  });

  it.each(inputs)('describes the JSON report on %s, plain and redacted', async (input) => {
    for (const flags of [[], ['--redact'], ['--show-ids']]) {
      const r = await run([input, '-f', 'json', '--no-ledger', ...flags], { cwd: FIXTURES, env: { VET_HOME: home, VET_AUDIT: 'off' } });
      if (r.stdout === '') continue; // refused whole (exit 2 with one line): no report to describe
      const report = JSON.parse(r.stdout);
      const ok = validate(report);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('covers the evidence of every rule family the fixtures reach', async () => {
    const r = await run(
      ['applicants/batch.json', 'applicants/flagged.json', 'csv/red-flags.csv', 'applicants/personal-data.json', '-f', 'json', '--no-ledger'],
      {
        cwd: FIXTURES,
        env: { VET_HOME: home, VET_AUDIT: 'off' },
      },
    );
    const report = JSON.parse(r.stdout);
    const rules = new Set(report.applicants.flatMap((a: { findings: { rule: string }[] }) => a.findings.map((f) => f.rule)));
    expect(rules.size).toBeGreaterThanOrEqual(6);
    expect(validate(report)).toBe(true);
    // A key the schema does not know is refused: the schema is not vacuous.
    const tampered = structuredClone(report);
    tampered.applicants.find((a: { findings: unknown[] }) => a.findings.length > 0).findings[0].evidence[0].unlisted = 1;
    expect(validate(tampered)).toBe(false);
  });
});
