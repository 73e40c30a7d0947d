import type { FindingLevel } from '../engine/levels.js';
import type { Evidence, FindingReport } from '../engine/rule.js';
import { compareNames, prepareName, type PreparedName } from '../names/match.js';
import { fold, tokenise } from '../names/normalise.js';
import { MATCH_THRESHOLD } from '../names/threshold.js';
import type { PendingHit } from '../sources/ledger.js';
import { identifiersOf, KIND_NAMES, type IdentityFields, type Identifier, type IdentifierKind } from './identifiers.js';
import { EntryStore } from './entry-store.js';
import { HashGroups } from './hash-groups.js';
import { bandKeys, signature, similarity } from './minhash.js';

// The batch index of rule identity-reuse (docs/rules/identity-reuse.md): every applicant's
// identifiers by normalised value, resume signatures by band and birth dates, and the findings
// they give once the last applicant is in. Plain data in, plain findings out, so that it runs in
// a worker thread for large batches (see reuse-run.ts) and in the main thread for small ones.
//
// It works in two steps so that a million applicants fit in memory. While the run lasts, each
// applicant's values are kept only as hashes (HashGroups) and their details go to an EntryStore.
// At the end, the applicants behind a hash given by two or more are read back, and only they are
// compared in full, as objects, value by value.

export type ReuseMessage =
  | 'sharedIdentifier'
  | 'widelyShared'
  | 'sharedHomeAddress'
  | 'laptopFarm'
  | 'hostsOthersShipping'
  | 'sharedIp'
  | 'sharedResumeText'
  | 'oneIdentityTwoFaces'
  | 'seenBefore';

/** One applicant as the index is given it: structured-clonable, without the fields it does not read. */
export interface ReuseEntry {
  /** Position in the run. */
  index: number;
  id: string;
  file: string;
  line: number;
  name?: string;
  otherNames: string[];
  dateOfBirth?: string;
  resumeText?: string;
  fields: IdentityFields;
}

export interface ReuseOptions {
  resumeSimilarity: number;
  maxShared: number;
}

/** A finding on the applicant at `index`. */
export interface IndexedFinding {
  index: number;
  finding: FindingReport<ReuseMessage>;
}

/** Level of a shared identifier by kind: what one person cannot plausibly share with a stranger is high. */
const SHARED_LEVEL: Record<IdentifierKind, FindingLevel> = {
  nationalId: 'high',
  bankAccount: 'high',
  wallet: 'high',
  photo: 'high',
  resumeFile: 'high',
  phone: 'high',
  email: 'high',
  github: 'high',
  linkedin: 'high',
  homeAddress: 'medium',
  shippingAddress: 'medium',
  ip: 'medium',
};
/** Other applicants named in a finding; the count says how many there are in all. */
const LISTED = 10;

interface Person {
  index: number;
  id: string;
  file: string;
  line: number;
  /** The name as given, and all names (with otherNames), prepared for the matcher only when compared. */
  name: string | undefined;
  rawNames: string[];
  prepared: PreparedName[] | undefined;
  /** E-mail keys (the address as given when it has none), for evidence. */
  emails: string[];
  dateOfBirth: string | undefined;
  /** The start of the resume text, for evidence. */
  resumeStart: string | undefined;
  identifiers: Held[];
  resume: Uint32Array | undefined;
  /** Earlier runs' sightings of `identifiers` (by position), from the ledger at the end of the run. */
  seen: PendingHit[];
  /** Whether this person and one at a later position are one by name (sameName), by that position. */
  sameAs: Map<number, boolean> | undefined;
}

/** An identifier in the index: whose it is and, once the batch is in, everyone who gave that value. */
interface Held extends Identifier {
  owner: Person;
  /** Set by `findings` when two or more applicants gave the value. */
  group: Held[] | undefined;
  /** The value's WideGroup (by position in ReuseBatch.wide), when more than maxShared + 1 gave it. */
  wide: number | undefined;
  /** Whether another applicant gave a value with this hash: only then is it grouped. */
  shared: boolean;
}

/**
 * A value given by more applicants than maxShared + 1 (a placeholder): counted and listed, never
 * compared name by name, and its holders are not kept as objects for it.
 */
interface WideGroup {
  rows: number;
  /** Rows by applicant id. */
  idCounts: Map<string, number>;
  /** Applicant ids of the first rows in run order: enough to list LISTED others for anyone. */
  first: string[];
}

/** An applicant as the entry store keeps it: the resume as its start and signature. */
interface StoredEntry extends Omit<ReuseEntry, 'resumeText'> {
  resumeStart?: string;
  signature?: number[];
}

interface ReuseBatch {
  /** The applicants who share something, by position. */
  people: Map<number, Person>;
  /** Every applicant id of the run, by 64-bit hash (a collision, odds about 10^-13 a lookup at a million ids, would hide one ledger sighting). */
  ids: { has(id: string): boolean };
  /**
   * By comparison space, then by key. Most values are given once: the map holds the identifier
   * itself until a second one comes.
   */
  groups: Map<string, Map<string, Held | Held[]>>;
  bands: Map<string, number[]>;
  byBirthDate: Map<string, Person[]>;
  /** How many applicants of the whole run were born on each day. */
  bornOn: ReadonlyMap<string, number>;
  wide: WideGroup[];
  resumeSimilarity: number;
  maxShared: number;
}

/** A name as a key that ignores order, case and romanization: the ledger keeps its hash. */
export function nameKey(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const tokens = tokenise(name).map((t) => fold(t.text));
  return tokens.length > 0 ? tokens.sort().join(' ') : undefined;
}

/** A person's names with case and spacing folded: two spellings of one name differ here. */
function spellings(p: Person): Set<string> {
  return new Set(
    p.rawNames.map((name) =>
      name
        .normalize('NFKC')
        .toLowerCase()
        .replace(/[\s.,'-]+/g, ' ')
        .trim(),
    ),
  );
}

// Most applicants share nothing, so their names are prepared only when a comparison needs them.
function preparedNames(p: Person): PreparedName[] {
  p.prepared ??= p.rawNames.map((n) => prepareName(n)).filter((n) => n.tokens.length > 0);
  return p.prepared;
}

/** Whether two applicants are one person by name: any name of one matches any name of the other. */
function sameName(a: Person, b: Person): boolean | undefined {
  if (a.rawNames.length === 0 || b.rawNames.length === 0) return undefined;
  // Kept by the first of the two, by the other's position: a key string for each pair was a
  // tenth of the time of comparing those who share something.
  const [first, second] = a.index < b.index ? [a, b] : [b, a];
  let same = first.sameAs?.get(second.index);
  if (same === undefined) {
    const pa = preparedNames(a);
    const pb = preparedNames(b);
    same = pa.length > 0 && pb.length > 0 ? pa.some((x) => pb.some((y) => compareNames(x, y).score >= MATCH_THRESHOLD)) : undefined;
    if (same === undefined) return undefined;
    (first.sameAs ??= new Map()).set(second.index, same);
  }
  return same;
}

/** Other applicants in a list who are not this one (another id) and not this person (another name). */
function strangers(batch: ReuseBatch, me: Person, others: Iterable<Held>): Held[] {
  const out: Held[] = [];
  const seen = new Set<number>();
  for (const o of others) {
    if (o.owner.id === me.id || seen.has(o.owner.index)) continue;
    // Without a name on both sides, "under different names" cannot be said.
    if (sameName(me, o.owner) !== false) continue;
    seen.add(o.owner.index);
    out.push(o);
  }
  return out;
}

function listIds(people: Person[]): string {
  const ids = people.slice(0, LISTED).map((p) => p.id);
  return people.length > LISTED ? `${ids.join(', ')} and ${people.length - LISTED} more` : ids.join(', ');
}

function sharedWith(occurrences: Held[]): Array<{ applicant: string; input: string; path: string; value: string }> {
  return occurrences.slice(0, LISTED).map((o) => ({
    applicant: o.owner.id,
    input: `${o.owner.file}:${o.owner.line}`,
    path: o.path,
    value: o.raw,
  }));
}

function distinctNames(batch: ReuseBatch, people: Person[]): number {
  const reps: Person[] = [];
  for (const p of people) if (!reps.some((r) => sameName(r, p) === true)) reps.push(p);
  return reps.length;
}

function contactKeys(p: Person): Set<string> {
  return new Set(p.identifiers.filter((i) => i.kind === 'email' || i.kind === 'phone').map((i) => `${i.kind}:${i.key}`));
}

function disjointContacts(a: Person, b: Person): boolean {
  const ka = contactKeys(a);
  const kb = contactKeys(b);
  if (ka.size === 0 || kb.size === 0) return false;
  for (const k of ka) if (kb.has(k)) return false;
  return true;
}

const BIRTH_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Blocking keys for "one identity, two faces": a birth date with each folded word of each name. */
function birthKeys(born: string, names: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const name of names) for (const t of tokenise(name)) if (t.kind === 'word') keys.add(`\u0002${born}\u0000${t.key}`);
  return keys;
}

/**
 * The index of one run. `add` takes applicants in any order of positions; `findings` is called
 * once, after the last, with the ledger's earlier sightings; `close` removes the entry store.
 */
export class ReuseIndex {
  /** Identifiers by hash. */
  private groups = new HashGroups();
  /** Resume bands and birth dates with a name word, by hash: never treated as placeholders. */
  private others = new HashGroups();
  private readonly store: EntryStore;
  /** Every applicant id of the run, as 64-bit hashes: a million ids in 24 MB instead of 90. */
  private readonly allIds = new HashGroups();
  private readonly bornOn = new Map<string, number>();

  constructor(
    private readonly options: ReuseOptions,
    tmp?: string,
  ) {
    this.store = new EntryStore(tmp);
  }

  /** Ids of the applicants added so far: in the ledger, their rows are never earlier sightings. */
  get ids(): { has(id: string): boolean } {
    return this.allIds;
  }

  /** Indexes an applicant and gives its identifiers (for the ledger; `PendingHit.identifier` counts in this order). */
  add(entry: ReuseEntry): readonly Identifier[] {
    this.allIds.add(entry.id, 0);
    const identifiers = identifiersOf(entry.fields);
    for (const i of identifiers) this.groups.add(`${i.space}\u0000${i.key}`, entry.index);
    const { resumeText, ...stored } = entry as ReuseEntry & StoredEntry;
    if (resumeText !== undefined) {
      stored.resumeStart = resumeText.slice(0, 80);
      const sig = signature(resumeText);
      if (sig) {
        stored.signature = [...sig];
        for (const band of bandKeys(sig)) this.others.add(`\u0001${band}`, entry.index);
      }
    }
    const born = entry.dateOfBirth;
    const names = entry.name !== undefined ? [entry.name, ...entry.otherNames] : entry.otherNames;
    if (born && BIRTH_DATE.test(born) && names.length > 0) {
      this.bornOn.set(born, (this.bornOn.get(born) ?? 0) + 1);
      for (const key of birthKeys(born, names)) this.others.add(key, entry.index);
    }
    this.store.set(entry.index, JSON.stringify(stored));
    return identifiers;
  }

  /**
   * Every finding of the run, by applicant position, in ascending order of position as they are
   * made (a generator, so that a consumer that falls behind holds the work back); `seen` are the
   * ledger's earlier sightings.
   */
  *findings(seen: readonly PendingHit[]): Generator<IndexedFinding> {
    const involved = new Set<number>();
    // Placeholder values given by thousands are counted, not compared: their holders are read back
    // one at a time below, unless they share something else.
    const wideRows: number[][] = [];
    const wideHashes = new HashGroups();
    // The hashes have done their work: their memory goes before the applicants who share come in,
    // but for the shared ones, so that only shared values are grouped (a fifth of the objects).
    // Taken in the scan that finds who shares: the table of a million applicants' hashes is large.
    const shared = this.groups.shared((owners, a, b) => {
      if (owners.length > this.options.maxShared + 1) {
        wideHashes.addHash(a, b, wideRows.length);
        wideRows.push(owners.sort((x, y) => x - y));
      } else for (const o of owners) involved.add(o);
    });
    this.others.forEachShared((owners) => {
      for (const o of owners) involved.add(o);
    });
    this.groups = new HashGroups();
    this.others = new HashGroups();
    for (const hit of seen) involved.add(hit.index);
    const entryAt = (index: number): StoredEntry | undefined => {
      const text = this.store.get(index);
      return text === undefined ? undefined : (JSON.parse(text) as StoredEntry);
    };
    const batch: ReuseBatch = {
      people: new Map(),
      ids: this.allIds,
      groups: new Map(),
      bands: new Map(),
      byBirthDate: new Map(),
      bornOn: this.bornOn,
      wide: wideRows.map((rows) => wideGroup(rows, (i) => storedId(this.store.get(i)))),
      resumeSimilarity: this.options.resumeSimilarity,
      maxShared: this.options.maxShared,
    };
    const values = { shared, wide: wideHashes };
    for (const index of [...involved].sort((a, b) => a - b)) {
      const entry = entryAt(index);
      if (entry) indexPerson(batch, makePerson(entry, values));
    }
    for (const space of batch.groups.values()) for (const group of space.values()) if (Array.isArray(group)) for (const held of group) held.group = group;
    for (const hit of seen) batch.people.get(hit.index)?.seen.push(hit);
    const light = new Set<number>();
    for (const rows of wideRows) for (const r of rows) if (!involved.has(r)) light.add(r);
    for (const index of [...batch.people.keys(), ...light].sort((a, b) => a - b)) {
      let person = batch.people.get(index);
      if (!person) {
        // Shares only placeholders: made, reported on and dropped.
        const entry = entryAt(index);
        if (!entry) continue;
        person = makePerson(entry, values);
      }
      // Most applicants share nothing with anyone: nothing to compare.
      if (!(
        person.resume ||
        person.seen.length > 0 ||
        person.identifiers.some((i) => i.group || i.wide !== undefined) ||
        (batch.byBirthDate.get(person.dateOfBirth ?? '')?.length ?? 0) > 1
      ))
        continue;
      const made: IndexedFinding[] = [];
      const p = person;
      reportOn(batch, p, (finding) => made.push({ index: p.index, finding }));
      yield* made;
    }
  }

  close(): void {
    this.store.close();
  }
}

/** How a stored entry's text starts (its fields in the order the rule gives them): the position, then the id. */
const STORED_ID = /^\{"index":\d+,"id":("(?:[^"\\]|\\.)*")/;

/**
 * The id of a stored entry, read from the start of its text: the holders of a placeholder are
 * tens of thousands at a million rows, and parsing each whole entry for its id took a twentieth
 * of the comparing. Parsed whole if the text starts otherwise.
 */
export function storedId(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const found = STORED_ID.exec(text);
  return found ? (JSON.parse(found[1]!) as string) : (JSON.parse(text) as StoredEntry).id;
}

/** A WideGroup from its rows' positions (ascending) and a way to read an applicant's id. */
function wideGroup(rows: readonly number[], idAt: (index: number) => string | undefined): WideGroup {
  const idCounts = new Map<string, number>();
  const first: string[] = [];
  let most = 0;
  for (const r of rows) {
    const id = idAt(r) ?? '';
    const n = (idCounts.get(id) ?? 0) + 1;
    idCounts.set(id, n);
    // Listing LISTED others must work for anyone, even the id that holds most of the first rows.
    // While `first` grows, every row so far is in it, so the counts so far are its counts.
    if (first.length - most < LISTED) {
      first.push(id);
      most = Math.max(most, n);
    }
  }
  return { rows: rows.length, idCounts, first };
}

/**
 * An applicant who shares a hash with another, as the objects that compare values in full. Of
 * their identifiers, those in `values.wide` are placeholders (a WideGroup), and only those in
 * `values.shared` can be grouped.
 */
function makePerson(entry: StoredEntry, values: { shared: HashGroups; wide: HashGroups }): Person {
  const names = entry.name !== undefined ? [entry.name, ...entry.otherNames] : entry.otherNames;
  const person: Person = {
    index: entry.index,
    id: entry.id,
    file: entry.file,
    line: entry.line,
    name: entry.name,
    rawNames: names,
    prepared: undefined,
    emails: entry.fields.emails.map((e) => e.key ?? e.raw),
    dateOfBirth: entry.dateOfBirth,
    resumeStart: entry.resumeStart,
    identifiers: [],
    resume: entry.signature ? Uint32Array.from(entry.signature) : undefined,
    seen: [],
    sameAs: undefined,
  };
  for (const identifier of identifiersOf(entry.fields)) {
    const value = `${identifier.space}\u0000${identifier.key}`;
    const shared = values.shared.has(value);
    const wide = shared ? values.wide.ownerOf(value) : -1;
    // Written out, not spread: a spread object with properties added after it was about twice the size.
    const held: Held = {
      kind: identifier.kind,
      space: identifier.space,
      key: identifier.key,
      raw: identifier.raw,
      path: identifier.path,
      owner: person,
      group: undefined,
      wide: wide >= 0 ? wide : undefined,
      shared,
    };
    person.identifiers.push(held);
  }
  return person;
}

/** Puts a person into the batch: their shared values into groups, resume bands and birth date. */
function indexPerson(batch: ReuseBatch, person: Person): void {
  batch.people.set(person.index, person);
  for (const held of person.identifiers) {
    if (held.wide !== undefined || !held.shared) continue;
    let space = batch.groups.get(held.space);
    if (!space) batch.groups.set(held.space, (space = new Map<string, Held | Held[]>()));
    const group = space.get(held.key);
    if (group === undefined) space.set(held.key, held);
    else if (Array.isArray(group)) group.push(held);
    else space.set(held.key, [group, held]);
  }
  if (person.resume) {
    for (const band of bandKeys(person.resume)) {
      const list = batch.bands.get(band);
      if (list) list.push(person.index);
      else batch.bands.set(band, [person.index]);
    }
  }
  const born = person.dateOfBirth;
  if (born && BIRTH_DATE.test(born) && person.rawNames.length > 0) {
    const list = batch.byBirthDate.get(born);
    if (list) list.push(person);
    else batch.byBirthDate.set(born, [person]);
  }
}

type Report = (finding: FindingReport<ReuseMessage>) => void;

/** Every finding on one applicant, by family: shared identifiers, resumes, one identity written twice, earlier runs. */
function reportOn(batch: ReuseBatch, me: Person, report: Report): void {
  reportShared(batch, me, report);
  reportResume(batch, me, report);
  reportTwoFaces(batch, me, report);
  reportSeenBefore(batch, me, report);
}

/** One identifier (or address) given by other applicants under other names, in this run. */
function reportShared(batch: ReuseBatch, me: Person, report: Report): void {
  const evidenceOf = (i: Identifier, others: Held[]): Evidence => ({ path: i.path, value: i.raw, kind: i.kind, sharedWith: sharedWith(others) });
  const home = me.identifiers.find((i) => i.kind === 'homeAddress');

  for (const id of me.identifiers) {
    const wide = id.wide !== undefined ? batch.wide[id.wide] : undefined;
    if (wide) {
      // Comparing every name with every other would cost the square of the group, and would
      // report thousands of applicants high for one placeholder value: it is counted instead.
      // (A value is a placeholder by its hash's rows; a group of exact values is never larger.)
      const others: string[] = [];
      for (const other of wide.first) {
        if (others.length === LISTED) break;
        if (other !== me.id) others.push(other);
      }
      report({
        messageId: 'widelyShared',
        data: { kind: id.kind, kindName: KIND_NAMES[id.kind], count: wide.rows - (wide.idCounts.get(me.id) ?? 0), others: others.join(', ') },
        evidence: [{ path: id.path, value: id.raw, kind: id.kind }],
      });
      continue;
    }
    const all = id.group;
    if (!all) continue;
    if (id.kind === 'homeAddress') {
      const neighbours = strangers(
        batch,
        me,
        all.filter((o) => o.kind === 'homeAddress'),
      );
      if (neighbours.length > 0) {
        const people = neighbours.map((o) => o.owner);
        const names = distinctNames(batch, [me, ...people]);
        report({
          messageId: 'sharedHomeAddress',
          data: { count: people.length, names, others: listIds(people) },
          evidence: [evidenceOf(id, neighbours)],
          // Two names at one address is a household; more is a pattern (research notes §2).
          level: names >= 3 ? 'high' : 'medium',
        });
      }
      const shippers = strangers(
        batch,
        me,
        all.filter((o) => o.kind === 'shippingAddress' && o.owner.identifiers.find((i) => i.kind === 'homeAddress')?.key !== id.key),
      );
      if (shippers.length > 0) {
        report({
          messageId: 'hostsOthersShipping',
          data: { count: shippers.length, others: listIds(shippers.map((o) => o.owner)) },
          evidence: [evidenceOf(id, shippers)],
        });
      }
      continue;
    }
    if (id.kind === 'shippingAddress') {
      // Shipping home is ordinary; what is shared then is the home address, reported above.
      if (home?.key === id.key) continue;
      const others = strangers(batch, me, all);
      if (others.length > 0) {
        report({ messageId: 'laptopFarm', data: { count: others.length, others: listIds(others.map((o) => o.owner)) }, evidence: [evidenceOf(id, others)] });
      }
      continue;
    }
    const others = strangers(batch, me, all);
    if (others.length === 0) continue;
    const people = others.map((o) => o.owner);
    if (id.kind === 'ip') {
      report({ messageId: 'sharedIp', data: { ip: id.raw, count: people.length, others: listIds(people) }, evidence: [evidenceOf(id, others)] });
    } else {
      report({
        messageId: 'sharedIdentifier',
        data: { kind: id.kind, kindName: KIND_NAMES[id.kind], count: people.length, others: listIds(people) },
        evidence: [evidenceOf(id, others)],
        level: SHARED_LEVEL[id.kind],
      });
    }
  }
}

/** A resume nearly the same as another applicant's under another name. */
function reportResume(batch: ReuseBatch, me: Person, report: Report): void {
  if (me.resume) {
    const candidates = new Set<number>();
    for (const band of bandKeys(me.resume)) for (const i of batch.bands.get(band) ?? []) if (i !== me.index) candidates.add(i);
    const near: { person: Person; sim: number }[] = [];
    for (const i of candidates) {
      const other = batch.people.get(i);
      if (!other) continue;
      if (other.id === me.id || sameName(me, other) !== false) continue;
      const sim = similarity(me.resume, other.resume!);
      if (sim >= batch.resumeSimilarity) near.push({ person: other, sim });
    }
    if (near.length > 0) {
      near.sort((a, b) => b.sim - a.sim || a.person.index - b.person.index);
      report({
        messageId: 'sharedResumeText',
        data: { similarity: Math.round(100 * near[0]!.sim), count: near.length, others: listIds(near.map((n) => n.person)) },
        evidence: [
          {
            path: '/resumeText',
            value: `${me.resumeStart}…`,
            similarTo: near.slice(0, LISTED).map((n) => ({ applicant: n.person.id, similarity: Math.round(100 * n.sim) / 100 })),
          },
        ],
      });
    }
  }
}

/** One person by ID or birth date and name, written differently, with other contact details. */
function reportTwoFaces(batch: ReuseBatch, me: Person, report: Report): void {
  // One identity, two faces: one person by ID or birth date and name, written differently, with
  // other contact details, as when a stolen identity is used twice.
  const faces: { other: Person; basis: string; path: string; value: string; level: FindingLevel }[] = [];
  const nationalId = me.identifiers.find((i) => i.kind === 'nationalId');
  // A placeholder national ID has no group (it is a WideGroup): nothing to compare.
  if (nationalId?.group) {
    for (const o of nationalId.group) {
      if (o.owner.id !== me.id && sameName(me, o.owner) === true)
        faces.push({ other: o.owner, basis: 'national ID and name', path: nationalId.path, value: nationalId.raw, level: 'high' });
    }
  }
  const born = me.dateOfBirth;
  const bornSameDay = born ? (batch.byBirthDate.get(born) ?? []) : [];
  // Thousands born on one day is a placeholder date (1900-01-01), not a person.
  if (born && (batch.bornOn.get(born) ?? 0) <= batch.maxShared + 1) {
    for (const other of bornSameDay) {
      if (other.id === me.id || faces.some((f) => f.other === other) || sameName(me, other) !== true) continue;
      faces.push({ other, basis: 'date of birth and name', path: '/dateOfBirth', value: born, level: 'medium' });
    }
  }
  const mine = faces.length > 0 ? spellings(me) : new Set<string>();
  for (const f of faces) {
    const otherSpelling = [...spellings(f.other)].find((s) => !mine.has(s));
    if (otherSpelling === undefined || !disjointContacts(me, f.other)) continue;
    report({
      messageId: 'oneIdentityTwoFaces',
      data: { basis: f.basis, others: f.other.id, otherName: f.other.name ?? otherSpelling },
      evidence: [
        { path: f.path, value: f.value },
        {
          path: '/name',
          value: me.name ?? null,
          otherApplicant: f.other.id,
          otherName: f.other.name ?? null,
          otherEmails: f.other.emails,
        },
      ],
      level: f.level,
    });
  }
}

/** An identifier the ledger saw in an earlier run under another name. */
function reportSeenBefore(batch: ReuseBatch, me: Person, report: Report): void {
  for (const seen of me.seen) {
    const id = me.identifiers[seen.identifier]!;
    // Applicants in this run were compared above; the ledger answers for earlier runs.
    const hits = seen.hits.filter((h) => h.sameName === false && !batch.ids.has(h.applicantId));
    const first = hits[0];
    if (!first) continue;
    const level = id.kind === 'shippingAddress' && first.kind === 'homeAddress' ? 'high' : SHARED_LEVEL[id.kind];
    report({
      messageId: 'seenBefore',
      data: {
        kind: id.kind,
        kindName: KIND_NAMES[id.kind],
        otherId: first.applicantId,
        file: first.file,
        seenAt: first.seenAt.slice(0, 10),
        count: hits.length,
      },
      evidence: [
        {
          path: id.path,
          value: id.raw,
          ledger: hits.slice(0, LISTED).map((h) => ({ applicant: h.applicantId, kind: h.kind, file: h.file, seenAt: h.seenAt })),
        },
      ],
      level,
    });
  }
}
