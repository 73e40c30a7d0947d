// Every fixture through every report format, and the subcommands that print what vet knows, into
// one folder: run it before and after a change that must not change behaviour, then diff the two.
//   node test/golden/reports.mjs OUT_DIR            (after npm run build)
//   diff -r BEFORE_DIR AFTER_DIR
// Each run gets a fresh VET_HOME, no audit record and a fixed clock, so two runs of the same code
// write the same bytes.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../dist/vet.bundle.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const out = resolve(process.argv[2] ?? 'golden-out');
mkdirSync(out, { recursive: true });

const inputs = ['applicants', 'csv', 'broken'].flatMap((dir) =>
  readdirSync(join(root, 'fixtures', dir))
    .sort()
    .map((f) => `fixtures/${dir}/${f}`),
);
const formats = ['text', 'json', 'ndjson', 'csv', 'markdown'];
const variants = {
  plain: [],
  redact: ['--redact'],
  showids: ['--show-ids'],
  medium: ['--fail-on', 'medium', '--no-ledger'],
};

function home(withList) {
  const dir = mkdtempSync(join(tmpdir(), 'vet-golden-'));
  return { dir, withList };
}

async function vet(args, vetHome) {
  const env = { VET_HOME: vetHome, VET_AUDIT: 'off', SOURCE_DATE_EPOCH: '1764547200', TMPDIR: tmpdir() };
  const r = await run(args, { env, cwd: root });
  return `exit ${r.exitCode}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`.replaceAll(vetHome, '$VET_HOME');
}

const names = new Set();
async function save(name, text) {
  if (names.has(name)) throw new Error(`two outputs named ${name}`);
  names.add(name);
  writeFileSync(join(out, name), text);
}

for (const list of [false, true]) {
  const tag = list ? 'ofac' : 'builtin';
  for (const input of inputs) {
    for (const format of formats) {
      for (const [variant, flags] of Object.entries(variants)) {
        if (!list && variant !== 'plain' && format !== 'json') continue;
        const h = home(list);
        if (list) await vet(['lists', 'import', 'fixtures/ofac'], h.dir);
        await save(`${tag}.${input.replaceAll('/', '_')}.${variant}.${format}`, await vet([input, '-f', format, ...flags], h.dir));
        rmSync(h.dir, { recursive: true, force: true });
      }
    }
  }
  // Whole batches at once: identity-reuse across files.
  const h = home(list);
  if (list) await vet(['lists', 'import', 'fixtures/ofac'], h.dir);
  await save(
    `${tag}.all-batches.json`,
    await vet(
      [
        'fixtures/applicants/batch.json',
        'fixtures/applicants/batch.ndjson',
        'fixtures/csv/red-flags.csv',
        'fixtures/applicants/personal-data.json',
        '-f',
        'json',
      ],
      h.dir,
    ),
  );
  await save(`${tag}.all-batches-again.json`, await vet(['fixtures/applicants/batch.json', 'fixtures/csv/red-flags.csv', '-f', 'json'], h.dir));
  for (const [i, args] of [
    ['sdn', 'Song Kum Hyok'],
    ['sdn', 'Song Kum-hyok', '--dob', '1987-08-30', '--format', 'json'],
    ['sdn', 'Yanbian Silverstar', '--format', 'json'],
    ['sdn', '--file', 'fixtures/names/screening-set.csv'],
    ['match', 'Kum Hyok Song', 'SONG, Kum Hyok'],
    ['match', 'Ivan Petrov', 'Petrov Ivan', '--format', 'json'],
    ['rules'],
    ['rules', '-f', 'json'],
    ['ip', '175.45.176.1', '2a02:6b8::1', '--format', 'json'],
    ['iocs', 'list', '--format', 'json'],
    ['lists', 'status'],
    ['ledger', 'stats'],
  ].entries()) {
    await save(`${tag}.command-${String(i).padStart(2, '0')}-${args[0]}`, await vet(args, h.dir));
  }
  rmSync(h.dir, { recursive: true, force: true });
}
console.log(`${names.size} outputs in ${out}`);
