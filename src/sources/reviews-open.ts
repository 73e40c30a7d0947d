import { ledgerIsOff, type LedgerOptions } from './ledger-key.js';
import { isPostgresUrl } from './ledger-store.js';
import { ReviewBook, SqliteReviewStore, type ReviewStore } from './reviews.js';

/** The store of the run's or the command's ledger: the team's database for a postgres:// URL, else the SQLite file; undefined when the ledger is off. */
export async function openReviews(env: NodeJS.ProcessEnv, options: LedgerOptions = {}): Promise<ReviewStore | undefined> {
  if (ledgerIsOff(env, options)) return undefined;
  const target = options.path ?? (env.VET_LEDGER !== '' ? env.VET_LEDGER : undefined);
  if (isPostgresUrl(target)) {
    const { PgReviewStore } = await import('./reviews-pg.js');
    const { teamKey } = await import('./ledger-key.js');
    return PgReviewStore.open(target, teamKey(env), options.now);
  }
  const book = ReviewBook.open(env, options);
  return book ? new SqliteReviewStore(book) : undefined;
}
