import { parentPort, workerData } from 'node:worker_threads';
import { SourceError } from '../errors.js';
import { Ledger } from '../sources/ledger.js';
import type { IndexedFinding, ReuseEntry, ReuseOptions } from './reuse-index.js';
import { ReuseCore, type FromWorker, type LedgerPlace } from './reuse-run.js';

// The identity-reuse index and ledger writer of a large run (see ReuseRun): indexes, checks and
// records chunks of applicants as the main thread sends them, then answers with the findings.
const { options, ledger: place, tmp } = workerData as { options: ReuseOptions; ledger: LedgerPlace | undefined; tmp: string };
const port = parentPort!;
// The ledger's own errors, and SQLite's while writing it, name the ledger (exit 2); anything else is a fault of the rule.
const fail = (e: unknown) =>
  port.postMessage({ type: 'error', message: (e as Error).message, source: e instanceof SourceError || String((e as { code?: unknown }).code).startsWith('SQLITE_') });
try {
  const ledger = place ? Ledger.open({ VET_HOME: place.home }, { path: place.path }) : undefined;
  const core = new ReuseCore(options, ledger, place?.at ?? 0, ledger?.heldHashes(), tmp);
  // Findings go back in parcels as they are made, not as one array at the end.
  const PARCEL = 1_000;
  const send = (m: FromWorker) => port.postMessage(m);
  port.on('message', (m: { type: 'entries'; entries: ReuseEntry[] } | { type: 'end' }) => {
    try {
      if (m.type === 'entries') {
        core.addChunk(m.entries);
        send({ type: 'indexed' });
      } else {
        let parcel: IndexedFinding[] = [];
        core.findings((f) => {
          parcel.push(f);
          if (parcel.length < PARCEL) return;
          send({ type: 'findings', findings: parcel });
          parcel = [];
        });
        send({ type: 'findings', findings: parcel });
        ledger?.close();
        send({ type: 'done' });
      }
    } catch (e) {
      fail(e);
    }
  });
} catch (e) {
  fail(e);
}
