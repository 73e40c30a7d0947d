import type { SourceInfo } from '../../keys/types.js';
import { vetHome } from '../home.js';
import { entryVersion } from './entry-table.js';
import { NameIndex } from './name-index.js';
import { indexSanctions, type Sanctions } from './screen.js';
import { loadInstalled } from './store.js';
import { builtinWatchlist } from './watchlist.js';

export interface SanctionsSource extends Sanctions {
  info: SourceInfo;
  /** A short hash of everything an entry says: a review decision about a match with it re-opens when it changes. */
  entryVersion: typeof entryVersion;
}

/** The installed OFAC list under $VET_HOME, or the built-in DPRK watchlist when none is installed. */
export function loadSanctionsSource(env: NodeJS.ProcessEnv): SanctionsSource {
  const installed = loadInstalled(vetHome(env));
  if (installed) {
    const { meta } = installed;
    return {
      list: { id: meta.id, description: meta.description, date: meta.date, dateSource: meta.dateSource },
      entries: installed.entries,
      index: new NameIndex(installed.index),
      ...installed.identifiers,
      entryVersion,
      info: {
        id: 'sanctions',
        description: `${meta.description} (${meta.counts.entries} entries, ${meta.counts.names} names), installed ${meta.installedAt.slice(0, 10)} from ${meta.source}`,
        list: meta.id,
        date: meta.date,
        dateSource: meta.dateSource,
        license: 'U.S. Government work (public domain)',
      },
    };
  }
  const list = builtinWatchlist();
  const s = indexSanctions(list);
  return {
    ...s,
    entryVersion,
    info: {
      id: 'sanctions',
      description: list.description,
      list: list.id,
      date: list.date,
      dateSource: list.dateSource,
      license: 'U.S. Government work (public domain)',
    },
  };
}
