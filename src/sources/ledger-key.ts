import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceError } from '../errors.js';
import { HmacSha256 } from '../keys/hmac.js';
import { ensurePrivateDir, vetHome } from './home.js';

// The key of vet's home and what needs only it: light enough for a run without the ledger (no
// SQLite is loaded for the finding ids of a report).

export const LEDGER_KEY_FILE = 'ledger.key';

export interface LedgerOptions {
  /** Ledger file; default $VET_HOME/ledger.sqlite. */
  path?: string;
  /** --no-ledger: neither read nor write. */
  off?: boolean;
  /** Time of the run, for reproducible tests. */
  now?: () => Date;
  /** The run's id, when a worker opens the ledger of a run already started (default: a new one). */
  run?: string;
}

/** Whether the ledger is off for a run: --no-ledger, or VET_LEDGER=off without --ledger. */
export function ledgerIsOff(env: NodeJS.ProcessEnv, options: LedgerOptions = {}): boolean {
  return options.off === true || (options.path === undefined && env.VET_LEDGER === 'off');
}

/** The key of vet's home (made at first use): the ledger's hashes and the report's finding ids are keyed by it. */
export function loadSecret(file: string): Buffer {
  if (existsSync(file)) {
    const secret = readFileSync(file);
    if (secret.length < 32) throw new SourceError(`${file} is not a vet ledger key (too short); move it away to start a new ledger`);
    return secret;
  }
  const secret = randomBytes(32);
  // Written whole under another name, then linked into place: two first runs at once must neither
  // each write a different key nor read the other's half-written file. link() fails if it exists.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, secret, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file);
    throw e;
  } finally {
    unlinkSync(draft);
  }
  return secret;
}

/**
 * The key of vet's home, for what a report and the ledger must name without showing a value: the
 * finding ids (a redacted report's ids must not let anyone try phone numbers against them) and the
 * person a decision is about. Two machines sharing the key (a team's ledger) give the same ids.
 */
export class FindingKeys {
  private readonly mac: HmacSha256;

  private constructor(secret: Buffer) {
    this.mac = new HmacSha256(secret);
  }

  static load(env: NodeJS.ProcessEnv): FindingKeys {
    const home = vetHome(env);
    ensurePrivateDir(home);
    return new FindingKeys(loadSecret(join(home, LEDGER_KEY_FILE)));
  }

  /** For tests and library callers that give their own key. */
  static of(secret: Buffer): FindingKeys {
    return new FindingKeys(secret);
  }

  /** HMAC-SHA256 of the text in its space, as `chars` hex digits. */
  hex(space: string, text: string, chars = 12): string {
    return this.mac.hex(space, text, chars);
  }
}

/**
 * The ledger's keyed hash of an identifier (its comparison space and normalised key): the first
 * 64 bits of HMAC-SHA256, as a signed integer, the same in the SQLite and the PostgreSQL ledger.
 */
export class LedgerHasher {
  private readonly mac: HmacSha256;

  constructor(secret: Buffer) {
    this.mac = new HmacSha256(secret);
  }

  hashOf(space: string, key: string): bigint {
    return this.mac.first64(space, key);
  }
}

/** The fingerprint of a key a ledger records (SQLite and PostgreSQL alike), so that a run with another key is refused. */
export function keyCheck(secret: Buffer): string {
  return createHmac('sha256', secret).update('vet ledger key check').digest('hex').slice(0, 16);
}

/**
 * The key of a team ledger: VET_LEDGER_KEY (base64 or hex of 32 bytes or more), else the key file
 * in vet's home that the team distributes. Never stored in the database.
 */
export function teamKey(env: NodeJS.ProcessEnv): Buffer {
  const given = env.VET_LEDGER_KEY;
  if (given !== undefined && given !== '') {
    const text = given.trim();
    const key = /^[0-9a-f]+$/i.test(text) && text.length % 2 === 0 ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
    if (key.length < 32) throw new SourceError('VET_LEDGER_KEY is shorter than 32 bytes (give the base64 or hex that vet ledger init printed)');
    return key;
  }
  const home = vetHome(env);
  const file = join(home, LEDGER_KEY_FILE);
  ensurePrivateDir(home);
  return loadSecret(file);
}
