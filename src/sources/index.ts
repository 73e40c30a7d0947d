import { SourceError } from '../errors.js';
import type { EmailSource } from './email.js';
import type { IocSource } from './iocs/index.js';
import type { IpSource } from './ip/index.js';
import type { IpDataFiles } from './ip/user-data.js';
import type { LedgerOptions } from './ledger.js';
import type { IdentityLedger } from './ledger-store.js';
import type { PhoneSource } from './phone.js';
import type { SanctionsSource } from './sanctions/index.js';
import type { SourceInfo } from '../keys/types.js';

/** The data sources rules can ask for in `meta.requires`. */
export interface Sources {
  email?: EmailSource;
  iocs?: IocSource;
  ip?: IpSource;
  ledger?: IdentityLedger;
  phone?: PhoneSource;
  sanctions?: SanctionsSource;
}

/** What loaders may read: the environment ($VET_HOME). */
export interface SourceContext {
  env: NodeJS.ProcessEnv;
  /** The user's own IP data (config ipData and flags), paths resolved. */
  ipData?: IpDataFiles;
  /** --ledger PATH and --no-ledger. */
  ledger?: LedgerOptions;
}

export type SourceId = keyof Sources;

// Each loader imports its module when asked, so a run loads only the data (and the code) its rules
// need: a run without the sanctions rule never reads the OFAC list. (libphonenumber's metadata is
// the exception: the normaliser parses every phone number, so every run loads it, about 90 ms.)
const LOADERS: { [K in SourceId]-?: (ctx: SourceContext) => Promise<NonNullable<Sources[K]>> } = {
  email: async () => (await import('./email.js')).loadEmailSource(),
  iocs: async (ctx) => (await import('./iocs/index.js')).loadIocSource(ctx.env),
  ip: async (ctx) => (await import('./ip/index.js')).loadIpSource(ctx.ipData),
  ledger: async (ctx) => (await import('./ledger.js')).openLedger(ctx.env, ctx.ledger),
  phone: async () => (await import('./phone.js')).loadPhoneSource(),
  sanctions: async (ctx) => (await import('./sanctions/index.js')).loadSanctionsSource(ctx.env),
};

/** Loads each source once. A source that fails to load stops the run (exit 2), naming it. */
export async function loadSources(ids: Iterable<SourceId>, ctx: SourceContext = { env: {} }): Promise<{ sources: Sources; info: SourceInfo[] }> {
  const sources: Sources = {};
  const info: SourceInfo[] = [];
  for (const id of new Set(ids)) {
    const loader = LOADERS[id];
    if (!loader) throw new SourceError(`unknown data source "${id}"`);
    try {
      const source = await loader(ctx);
      (sources as Record<SourceId, unknown>)[id] = source;
      info.push(source.info);
    } catch (e) {
      if (e instanceof SourceError) throw e;
      throw new SourceError(`data source "${id}" could not be loaded: ${(e as Error).message}`);
    }
  }
  return { sources, info };
}

/** One source, loaded as a run loads it: the subcommands (`vet ip`, `vet sdn`, `vet iocs`) see what the rules see. */
export async function loadSource<K extends SourceId>(id: K, ctx: SourceContext): Promise<NonNullable<Sources[K]>> {
  const { sources } = await loadSources([id], ctx);
  return requireSource(sources, id);
}

/** A source a rule requires, or a clear error if the engine did not load it. */
export function requireSource<K extends SourceId>(sources: Sources, id: K): NonNullable<Sources[K]> {
  const source = sources[id];
  if (!source) throw new SourceError(`data source "${id}" is not loaded`);
  return source;
}
