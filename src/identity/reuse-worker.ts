import { parentPort, workerData } from 'node:worker_threads';
import { SourceError } from '../errors.js';
import { Ledger, SqliteLedgerStore } from '../sources/ledger.js';
import type { IdentityLedger } from '../sources/ledger-store.js';
import type { IndexedFinding, ReuseEntry, ReuseOptions } from './reuse-index.js';
import { ReuseCore, type FromWorker, type LedgerPlace } from './reuse-run.js';

// The identity-reuse index and ledger writer of a large run (see ReuseRun): indexes, checks and
// records chunks of applicants as the main thread sends them, then answers with the findings.
const { options, ledger: place, tmp } = workerData as { options: ReuseOptions; ledger: LedgerPlace | undefined; tmp: string };
const port = parentPort!;
// The ledger's own errors, and SQLite's while writing it, name the ledger (exit 2); anything else is a fault of the rule.
const fail = (e: unknown) =>
  port.postMessage({
    type: 'error',
    message: (e as Error).message,
    source: e instanceof SourceError || String((e as { code?: unknown }).code).startsWith('SQLITE_'),
  });
async function openLedger(): Promise<IdentityLedger | undefined> {
  if (!place) return undefined;
  if (place.kind === 'sqlite') return new SqliteLedgerStore(Ledger.open({ VET_HOME: place.home }, { path: place.path, run: place.run }));
  const { PgLedger } = await import('../sources/ledger-pg.js');
  return PgLedger.connect(place.url, place.key, undefined, place.run);
}

// Chunks are checked and written one after another: each waits for the one before.
let queue: Promise<unknown> = Promise.resolve();
const ready = (async () => {
  const ledger = await openLedger();
  return { ledger, core: new ReuseCore(options, ledger, place?.at ?? 0, await ledger?.heldHashes(), tmp) };
})();
ready.catch(fail);
try {
  // Findings go back in parcels as they are made, not as one array at the end, and no faster
  // than the main thread takes them in: a parcel waiting in its port holds memory too.
  const PARCEL = 1_000;
  const PARCELS_IN_FLIGHT = 4;
  const send = (m: FromWorker) => port.postMessage(m);
  let sent = 0;
  let taken = 0;
  let wake: (() => void) | undefined;
  const report = async () => {
    const { ledger, core } = await ready;
    await core.finish();
    let parcel: IndexedFinding[] = [];
    for (const f of core.findings()) {
      parcel.push(f);
      if (parcel.length < PARCEL) continue;
      send({ type: 'findings', findings: parcel });
      sent++;
      parcel = [];
      while (sent - taken > PARCELS_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
    }
    send({ type: 'findings', findings: parcel });
    await ledger?.close();
    send({ type: 'done' });
  };
  port.on('message', (m: { type: 'entries'; entries: ReuseEntry[] } | { type: 'end' } | { type: 'taken' }) => {
    try {
      if (m.type === 'entries') {
        queue = queue
          .then(() => ready)
          .then(({ core }) => core.addChunk(m.entries))
          .then(() => send({ type: 'indexed', entries: m.entries.length }))
          .catch(fail);
      } else if (m.type === 'taken') {
        taken++;
        wake?.();
        wake = undefined;
      } else queue = queue.then(report).catch(fail);
    } catch (e) {
      fail(e);
    }
  });
} catch (e) {
  fail(e);
}
