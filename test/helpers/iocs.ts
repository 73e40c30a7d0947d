import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/engine/config.js';
import { Engine } from '../../src/engine/engine.js';
import type { AnyRule } from '../../src/engine/rule.js';
import { loadSources } from '../../src/sources/index.js';
import { writeUserIocs } from '../../src/sources/iocs/index.js';
import type { Ioc } from '../../src/sources/iocs/known.js';

/** An engine for one rule whose vet home holds these imported indicators (a fresh home each time). */
export async function engineWithIocs(rule: AnyRule, indicators: Ioc[]): Promise<Engine> {
  const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-iocs-')), VET_LEDGER: 'off' };
  writeUserIocs(env, indicators);
  const { sources } = await loadSources(rule.meta.requires, { env });
  return new Engine([rule], parseConfig({}, [rule]), sources);
}
