import { parentPort, workerData } from 'node:worker_threads';
import { SourceError } from '../errors.js';
import { Ledger } from '../sources/ledger.js';
import type { ReuseEntry, ReuseOptions } from './reuse-index.js';
import { ReuseCore, type LedgerPlace } from './reuse-run.js';

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
  port.on('message', (m: { type: 'entries'; entries: ReuseEntry[] } | { type: 'end' }) => {
    try {
      if (m.type === 'entries') {
        core.addChunk(m.entries);
      } else {
        const findings = core.findings(); // writes what is pending first
        ledger?.close();
        port.postMessage({ type: 'done', findings });
      }
    } catch (e) {
      fail(e);
    }
  });
} catch (e) {
  fail(e);
}
