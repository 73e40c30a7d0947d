import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * An empty VET_HOME for tests: they see the built-in data, never a list (or, later, a ledger)
 * installed on the developer's machine, and never write to it.
 */
export const EMPTY_HOME = mkdtempSync(join(tmpdir(), 'vet-home-'));
