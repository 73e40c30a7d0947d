import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceError } from '../../errors.js';
import { addressKey, addressWords, sameBuilding, type AddressWords } from '../../keys/address.js';
import { domainOf, emailKey, walletKey } from '../../keys/values.js';
import { compareNames, prepareName, type PreparedName } from '../../names/match.js';
import { tokenise } from '../../names/normalise.js';
import { editDistance } from '../../names/similarity.js';
import { ensurePrivateDir, vetHome } from '../home.js';
import type { SourceInfo } from '../../keys/types.js';
import { IOC_KINDS, KNOWN_IOCS, type Ioc, type IocKind } from './known.js';

export { IOC_KINDS, type Ioc, type IocKind };

/** An indicator with where vet has it from: shipped with vet, or imported by the user. */
export interface HeldIoc extends Ioc {
  origin: 'built-in' | 'imported';
}

const USER_IOC_FILE = 'iocs.json';

/**
 * Words that say what a company does or where, not which company it is: "Shenyang Technology Ltd"
 * is not "Shenyang Huguo Technology Ltd". Every other word of either name must be matched.
 */
const GENERIC_COMPANY_WORDS = new Set([
  'technology',
  'technologies',
  'tech',
  'network',
  'networks',
  'trading',
  'trade',
  'general',
  'computer',
  'computers',
  'information',
  'it',
  'cooperation',
  'company',
  'corporation',
  'group',
  'holding',
  'holdings',
  'international',
  'industry',
  'industries',
  'industrial',
  'real',
  'estate',
  'shipping',
  'lab',
  'labs',
  'software',
  'solutions',
  'services',
  'service',
  'consulting',
  'development',
  'department',
  'of',
  'the',
  'and',
  'ministry',
  'peoples',
  'people',
  'armed',
  'forces',
  'korea',
  'korean',
  'china',
  'chinese',
  'russia',
  'beijing',
  'shenyang',
  'liaoning',
]);
/** A distinctive word matches a listed one at this similarity or above (romanizations, joined words; not "Fortune"/"Fortuna" typos of other words). */
const DISTINCTIVE_SIMILARITY = 0.9;

/**
 * The comparison key of an indicator of its kind, or why the value cannot be one. Import refuses
 * what has no key, so every held indicator can match.
 */
export function iocKey(kind: IocKind, value: string): { key: string } | { error: string } {
  const v = value.trim();
  switch (kind) {
    case 'domain': {
      const d = v.includes('@') ? undefined : domainOf(v);
      if (d === undefined || !/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/.test(d)) return { error: 'not a domain name' };
      return { key: d };
    }
    case 'email': {
      const k = /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v) ? emailKey(v) : undefined;
      return k === undefined ? { error: 'not an e-mail address' } : { key: k };
    }
    case 'phone': {
      // International form only: without a country code a number names no one line.
      const digits = v.replace(/[\s().-]/g, '').replace(/^00/, '+');
      return /^\+[1-9]\d{6,14}$/.test(digits) ? { key: digits } : { error: 'not an international phone number (expected +country code and number)' };
    }
    case 'wallet': {
      const k = walletKey(v);
      return k === undefined ? { error: 'not a wallet address' } : { key: k };
    }
    case 'address': {
      const k = addressKey({ text: v });
      return k === undefined ? { error: 'too vague to be one place (give a street number and street)' } : { key: k };
    }
    case 'company':
      // Companies are matched through the name matcher; the key only tells one entry from another.
      return tokenise(v).some((t) => t.kind === 'word') ? { key: v.toLowerCase().replace(/\s+/g, ' ') } : { error: 'not a company name' };
  }
}

export interface AddressMatch {
  ioc: HeldIoc;
  /** "same address", or "same building" when one gives a unit and the other another or none. */
  how: 'same address' | 'same building';
}

export interface CompanyMatch {
  ioc: HeldIoc;
  /** The name or alias that matched. */
  matched: string;
  score: number;
}

interface CompanyName {
  ioc: HeldIoc;
  name: string;
  prepared: PreparedName;
  /** Legal forms in the listed name ("llc", "ltd"): never needed to match. */
  legal: Set<string>;
  /** For a name made only of generic words, all of them: then the whole name must match. */
  distinctive: Set<string>;
}

export class IocSource {
  readonly info: SourceInfo;
  private readonly byKey = new Map<string, HeldIoc>();
  private readonly addresses: Array<{ ioc: HeldIoc; key: string; words: AddressWords }> = [];
  // The words with a digit of the listed addresses: the same address or building shares one
  // (sameBuilding needs a number among the words one address has of the other's), so a key with
  // none of them is no listed address, found without comparing it with each.
  private readonly addressNumbers = new Set<string>();
  private readonly companies: CompanyName[] = [];
  /** Words of the listed company names by length, to skip the matcher for names sharing none. */
  private readonly companyWords = new Map<number, string[]>();

  constructor(
    readonly entries: readonly HeldIoc[],
    userFile?: string,
  ) {
    for (const ioc of entries) {
      const k = iocKey(ioc.kind, ioc.value);
      if ('error' in k) continue; // shipped entries are tested, imported ones checked on reading
      if (ioc.kind === 'address') {
        this.addresses.push({ ioc, key: k.key, words: addressWords(k.key) });
        for (const w of k.key.split(' ')) if (/\d/.test(w)) this.addressNumbers.add(w);
      } else if (ioc.kind === 'company') {
        for (const name of [ioc.value, ...(ioc.aliases ?? [])]) {
          const prepared = prepareName(name);
          const words = prepared.tokens.filter((t) => t.kind !== 'legal').map((t) => t.text);
          const legal = new Set(prepared.tokens.filter((t) => t.kind === 'legal').map((t) => t.text));
          this.companies.push({ ioc, name, prepared, legal, distinctive: new Set(words.some((w) => !GENERIC_COMPANY_WORDS.has(w)) ? [] : words) });
          for (const t of tokenise(name)) {
            if (t.kind !== 'word' || t.key.length < 4) continue;
            const list = this.companyWords.get(t.key.length) ?? [];
            if (!list.includes(t.key)) list.push(t.key);
            this.companyWords.set(t.key.length, list);
          }
        }
      } else if (!this.byKey.has(`${ioc.kind}:${k.key}`)) this.byKey.set(`${ioc.kind}:${k.key}`, ioc);
    }
    const imported = entries.filter((e) => e.origin === 'imported').length;
    this.info = {
      id: 'iocs',
      description: `Known DPRK IT-worker indicators: ${entries.length - imported} shipped with vet (SentinelLabs front companies, OFAC designations)${imported > 0 ? ` and ${imported} imported` : ''}`,
      version: `${entries.length} indicators`,
      license: 'facts from the public sources named on each entry; yours as you imported them',
      date: entries.reduce((latest, e) => (e.date > latest ? e.date : latest), ''),
      ...(userFile !== undefined ? { file: userFile } : {}),
    };
  }

  /** A listed domain, or a listed parent of the host ("mail.example.com" under "example.com"). */
  domain(host: string): HeldIoc | undefined {
    let d = domainOf(host);
    while (d !== undefined && d.includes('.')) {
      const hit = this.byKey.get(`domain:${d}`);
      if (hit) return hit;
      d = d.slice(d.indexOf('.') + 1);
    }
    return undefined;
  }

  /** `key` as `emailKey` gives it (`Applicant.emailAddresses[i].key`). */
  email(key: string): HeldIoc | undefined {
    return this.byKey.get(`email:${key}`);
  }

  /** `e164` as the phone source gives it (+ and digits). */
  phone(e164: string): HeldIoc | undefined {
    return this.byKey.get(`phone:${e164}`);
  }

  wallet(address: string): HeldIoc | undefined {
    const k = walletKey(address);
    return k === undefined ? undefined : this.byKey.get(`wallet:${k}`);
  }

  /**
   * The listed address an address key (`addressKey`) is, or is in the building of: every word of
   * one address (its unit aside) appears in the other, so "Building A1, 11 Tawan Street, Shenyang"
   * finds unit 1006-25 of that building.
   */
  address(key: string): AddressMatch | undefined {
    if (this.addresses.length === 0) return undefined;
    if (!key.split(' ').some((w) => this.addressNumbers.has(w))) return undefined;
    for (const a of this.addresses) {
      if (a.key === key) return { ioc: a.ioc, how: 'same address' };
    }
    const words = addressWords(key);
    for (const a of this.addresses) {
      if (sameBuilding(words, a.words)) return { ioc: a.ioc, how: 'same building' };
    }
    return undefined;
  }

  /**
   * The listed company this name is: every distinctive word of each matched by the other (generic
   * words such as Technology, Trading or a city may be left out or added), the best first.
   */
  company(name: string): CompanyMatch | undefined {
    if (this.companies.length === 0) return undefined;
    const words = tokenise(name).filter((t) => t.kind === 'word' && t.key.length >= 4);
    // The matcher is the slow part: only names sharing a word (one edit allowed) with a listed name get it.
    const near = words.some((t) => [-1, 0, 1].some((d) => (this.companyWords.get(t.key.length + d) ?? []).some((w) => editDistance(t.key, w, 1) <= 1)));
    if (!near) return undefined;
    const prepared = prepareName(name);
    const legal = new Set(prepared.tokens.filter((t) => t.kind === 'legal').map((t) => t.text));
    let best: CompanyMatch | undefined;
    for (const c of this.companies) {
      const comparison = compareNames(prepared, c.prepared);
      const distinctive = (w: string) => c.distinctive.has(w) || (!GENERIC_COMPANY_WORDS.has(w) && !c.legal.has(w) && !legal.has(w));
      const pairs = comparison.pairs.filter((p) => distinctive(p.a) || distinctive(p.b));
      const same =
        pairs.length > 0 &&
        pairs.every((p) => p.similarity >= DISTINCTIVE_SIMILARITY) &&
        !comparison.unmatchedA.some(distinctive) &&
        !comparison.unmatchedB.some(distinctive);
      if (same && (!best || comparison.score > best.score)) best = { ioc: c.ioc, matched: c.name, score: comparison.score };
    }
    return best;
  }
}

interface UserIocFile {
  version: 1;
  indicators: Ioc[];
}

export function userIocPath(env: NodeJS.ProcessEnv): string {
  return join(vetHome(env), USER_IOC_FILE);
}

/** The user's imported indicators, or none. A damaged file stops the run rather than being ignored. */
export function readUserIocs(env: NodeJS.ProcessEnv): { file: string; indicators: Ioc[] } | undefined {
  const file = userIocPath(env);
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new SourceError(`${file}: not valid JSON; re-import your indicators with "vet iocs import" after removing it`);
  }
  const doc = parsed as Partial<UserIocFile>;
  if (doc.version !== 1 || !Array.isArray(doc.indicators)) throw new SourceError(`${file}: not an indicator file of this vet version`);
  for (const [i, e] of doc.indicators.entries()) {
    const ok =
      typeof e === 'object' &&
      e !== null &&
      IOC_KINDS.includes(e.kind) &&
      typeof e.value === 'string' &&
      typeof e.source === 'string' &&
      typeof e.date === 'string' &&
      'key' in iocKey(e.kind, e.value);
    // An indicator that could never match is not skipped in silence: the user thinks it is checked.
    if (!ok) throw new SourceError(`${file}: indicator ${i + 1} is damaged`);
  }
  return { file, indicators: doc.indicators };
}

/** Writes the user's indicators, replacing the file in one step; readable by the owner only. */
export function writeUserIocs(env: NodeJS.ProcessEnv, indicators: Ioc[]): string {
  ensurePrivateDir(vetHome(env));
  const file = userIocPath(env);
  const tmp = `${file}.${process.pid}.tmp`;
  const doc: UserIocFile = { version: 1, indicators };
  writeFileSync(tmp, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  return file;
}

export function loadIocSource(env: NodeJS.ProcessEnv): IocSource {
  const user = readUserIocs(env);
  const entries: HeldIoc[] = [
    ...KNOWN_IOCS.map((e) => ({ ...e, origin: 'built-in' as const })),
    ...(user?.indicators ?? []).map((e) => ({ ...e, origin: 'imported' as const })),
  ];
  return new IocSource(entries, user?.file);
}
