import { parentPort, workerData } from 'node:worker_threads';
import { Ledger, type PendingEntry, type PendingHit } from './ledger.js';

// The identity ledger's writer for large runs (see LedgerRun): checks and records chunks of
// applicants as the main thread sends them, then answers with every earlier sighting.
const { home, path, at } = workerData as { home: string; path: string; at: number };
const port = parentPort!;
try {
  const ledger = Ledger.open({ VET_HOME: home }, { path });
  const hits: PendingHit[] = [];
  // Applicants of this run already written: never an earlier sighting.
  const ids = new Set<string>();
  // What the ledger held before this run: the only rows that can be earlier sightings.
  const held = ledger.heldHashes();
  port.on('message', (m: { type: 'entries'; entries: PendingEntry[] } | { type: 'end' }) => {
    try {
      if (m.type === 'entries') {
        for (const e of m.entries) ids.add(e.applicantId);
        hits.push(...ledger.checkAndRecord(m.entries, at, ids, held));
      } else {
        ledger.close();
        port.postMessage({ type: 'done', hits });
      }
    } catch (e) {
      port.postMessage({ type: 'error', message: (e as Error).message });
    }
  });
} catch (e) {
  port.postMessage({ type: 'error', message: (e as Error).message });
}
