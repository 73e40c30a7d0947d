// The identity ledger holding 1,000,000 identifiers (200,000 applicants with five each): time to
// write them, size on disk, and lookups per second for identifiers it holds and does not hold.
// Not a test: timings depend on the machine. Usage: node test/bench/ledger-speed.mjs [identifiers]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger } from '../../dist/sources/ledger.js';

const total = Number(process.argv[2] ?? 1_000_000);
const perApplicant = 5;
const home = mkdtempSync(join(tmpdir(), 'vet-ledger-bench-'));
const KINDS = ['email', 'phone', 'homeAddress', 'nationalId', 'ip'];
let ledger = Ledger.open({ VET_HOME: home });
const applicants = total / perApplicant;

let t = performance.now();
let hashMs = 0;
for (let start = 0; start < applicants; start += 100_000) {
  const h = performance.now();
  const entries = [];
  for (let a = start; a < Math.min(applicants, start + 100_000); a++) {
    entries.push({
      applicantId: `A-${a}`,
      nameHash: ledger.hashOf('name', `person ${a}`),
      file: 'bench.csv',
      identifiers: KINDS.map((kind) => ({ hash: ledger.hashOf(kind === 'homeAddress' ? 'address' : kind, `${kind}-${a}`), kind })),
    });
  }
  hashMs += performance.now() - h;
  ledger.record(entries); // one run of 100,000 applicants
}
const writeMs = performance.now() - t;
ledger.close(); // folds the write-ahead log into the file
ledger = Ledger.open({ VET_HOME: home });
const stats = ledger.stats();

const lookups = 100_000;
const held = Array.from({ length: lookups }, (_, i) => ledger.hashOf('email', `email-${(i * 7919) % applicants}`));
const absent = Array.from({ length: lookups }, (_, i) => ledger.hashOf('email', `nobody-${i}`));
const rate = (hashes) => {
  const t0 = performance.now();
  let hits = 0;
  for (const h of hashes) hits += ledger.find(h, 'someone-else', undefined).length;
  return { perSecond: hashes.length / ((performance.now() - t0) / 1000), hits };
};
const hit = rate(held);
const miss = rate(absent);
t = performance.now();
const present = ledger.present([...held.slice(0, 50_000), ...absent.slice(0, 50_000)]);
const bulkMs = performance.now() - t;
ledger.close();
t = performance.now();
Ledger.open({ VET_HOME: home }).close();
const openMs = performance.now() - t;
rmSync(home, { recursive: true, force: true });

console.log(`identity ledger with ${stats.identifiers.toLocaleString('en')} identifiers of ${stats.applicants.toLocaleString('en')} applicants:`);
console.log(
  `  written in ${(writeMs / 1000).toFixed(1)} s in runs of 100,000 applicants (${(hashMs / 1000).toFixed(1)} s of it HMAC-SHA256), ${(stats.bytes / 1e6).toFixed(0)} MB on disk (${(stats.bytes / stats.identifiers).toFixed(0)} bytes per identifier)`,
);
console.log(
  `  lookups: ${Math.round(hit.perSecond).toLocaleString('en')}/s for held identifiers (${hit.hits.toLocaleString('en')} hits), ${Math.round(miss.perSecond).toLocaleString('en')}/s for absent ones`,
);
console.log(
  `  which of a 100,000-identifier batch the ledger holds: ${(bulkMs / 1000).toFixed(2)} s, ${present.size.toLocaleString('en')} held; opening the ledger: ${openMs.toFixed(0)} ms`,
);
