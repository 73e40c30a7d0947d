import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// Private temporary directories of the runs in this thread: results, identity-reuse details and
// late findings of a large run wait there, and hold what the report will show. They are removed
// when the run ends, and by `removeTempDirs` when the process is interrupted (bin/vet.js calls it
// on SIGINT and SIGTERM). Only SIGKILL or a power cut leaves them behind.

const live = new Set<string>();

/** Makes a 0700 directory `prefix*` under `parent` and remembers it until `removeTempDir`. */
export function makeTempDir(parent: string, prefix: string): string {
  const dir = mkdtempSync(join(parent, prefix));
  live.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

/** Removes every directory still in use: for an interrupted process, just before it exits. */
export function removeTempDirs(): void {
  for (const dir of live) removeTempDir(dir);
}
