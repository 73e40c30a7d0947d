import type { FindingLevel } from '../engine/levels.js';
import { defineRule, type Evidence, type FindingReport } from '../engine/rule.js';
import { identifiersOf, KIND_NAMES, type Identifier, type IdentifierKind } from '../identity/identifiers.js';
import { bandKeys, signature, similarity } from '../identity/minhash.js';
import { emailKey } from '../identity/normalise.js';
import type { InputPosition } from '../input/applicant.js';
import { compareNames, prepareName, type PreparedName } from '../names/match.js';
import { fold, tokenise } from '../names/normalise.js';
import { MATCH_THRESHOLD } from '../names/threshold.js';
import { requireSource } from '../sources/index.js';
import type { LedgerRun, PendingHit } from '../sources/ledger.js';

type MessageId =
  | 'sharedIdentifier'
  | 'widelyShared'
  | 'sharedHomeAddress'
  | 'laptopFarm'
  | 'hostsOthersShipping'
  | 'sharedIp'
  | 'sharedResumeText'
  | 'oneIdentityTwoFaces'
  | 'seenBefore';

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
  input: InputPosition;
  /** The name as given, and all names (with otherNames), prepared for the matcher only when compared. */
  name: string | undefined;
  rawNames: string[];
  prepared: PreparedName[] | undefined;
  emails: string[];
  dateOfBirth: string | undefined;
  /** The start of the resume text, for evidence. */
  resumeStart: string | undefined;
  nameKey: string | undefined;
  identifiers: Identifier[];
  /** The batch's group of each identifier (same order): everyone who gave that value. */
  groups: Occurrence[][];
  resume: Uint32Array | undefined;
  /** Earlier runs' sightings of `identifiers` (by position), from the ledger at the end of the run. */
  seen: PendingHit[];
}

interface Occurrence {
  person: Person;
  identifier: Identifier;
}

interface ReuseBatch {
  phoneKey: (raw: string, claimed: string | undefined) => string | undefined;
  ledger: LedgerRun | undefined;
  people: Person[];
  ids: Set<string>;
  groups: Map<string, Occurrence[]>;
  bands: Map<string, number[]>;
  byBirthDate: Map<string, Person[]>;
  sameNameCache: Map<string, boolean>;
  resumeSimilarity: number;
  maxShared: number;
}

/** A name as a key that ignores order, case and romanization: the ledger keeps its hash. */
function nameKey(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const tokens = tokenise(name).map((t) => fold(t.text));
  return tokens.length > 0 ? tokens.sort().join(' ') : undefined;
}

/** A person's names with case and spacing folded: two spellings of one name differ here. */
function spellings(p: Person): Set<string> {
  return new Set(p.rawNames.map((name) => name.normalize('NFKC').toLowerCase().replace(/[\s.,'-]+/g, ' ').trim()));
}

// Most applicants share nothing, so their names are prepared only when a comparison needs them.
function preparedNames(p: Person): PreparedName[] {
  p.prepared ??= p.rawNames.map((n) => prepareName(n)).filter((n) => n.tokens.length > 0);
  return p.prepared;
}

/** Whether two applicants are one person by name: any name of one matches any name of the other. */
function sameName(batch: ReuseBatch, a: Person, b: Person): boolean | undefined {
  if (a.rawNames.length === 0 || b.rawNames.length === 0) return undefined;
  const key = a.index < b.index ? `${a.index}:${b.index}` : `${b.index}:${a.index}`;
  let same = batch.sameNameCache.get(key);
  if (same === undefined) {
    const pa = preparedNames(a);
    const pb = preparedNames(b);
    same = pa.length > 0 && pb.length > 0 ? pa.some((x) => pb.some((y) => compareNames(x, y).score >= MATCH_THRESHOLD)) : undefined;
    if (same === undefined) return undefined;
    batch.sameNameCache.set(key, same);
  }
  return same;
}

/** Other applicants in a list who are not this one (another id) and not this person (another name). */
function strangers(batch: ReuseBatch, me: Person, others: Iterable<Occurrence>): Occurrence[] {
  const out: Occurrence[] = [];
  const seen = new Set<number>();
  for (const o of others) {
    if (o.person.id === me.id || seen.has(o.person.index)) continue;
    // Without a name on both sides, "under different names" cannot be said.
    if (sameName(batch, me, o.person) !== false) continue;
    seen.add(o.person.index);
    out.push(o);
  }
  return out;
}

function listIds(people: Person[]): string {
  const ids = people.slice(0, LISTED).map((p) => p.id);
  return people.length > LISTED ? `${ids.join(', ')} and ${people.length - LISTED} more` : ids.join(', ');
}

function sharedWith(occurrences: Occurrence[]): Array<{ applicant: string; input: string; path: string; value: string }> {
  return occurrences.slice(0, LISTED).map((o) => ({
    applicant: o.person.id,
    input: `${o.person.input.file}:${o.person.input.line}`,
    path: o.identifier.path,
    value: o.identifier.raw,
  }));
}

const ID_COUNTS = new WeakMap<Occurrence[], Map<string, number>>();

/** How often each applicant id occurs in a group, counted once per group. */
function idCounts(group: Occurrence[]): Map<string, number> {
  let counts = ID_COUNTS.get(group);
  if (!counts) {
    counts = new Map();
    for (const o of group) counts.set(o.person.id, (counts.get(o.person.id) ?? 0) + 1);
    ID_COUNTS.set(group, counts);
  }
  return counts;
}

/** More applicants behind one value than one person, a household or a ring: a placeholder. */
function tooCommon(batch: ReuseBatch, group: Occurrence[]): boolean {
  return group.length > batch.maxShared + 1;
}

function distinctNames(batch: ReuseBatch, people: Person[]): number {
  const reps: Person[] = [];
  for (const p of people) if (!reps.some((r) => sameName(batch, r, p) === true)) reps.push(p);
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

export default defineRule({
  meta: {
    id: 'identity-reuse',
    description:
      'Detects one identifier (national ID, bank account, wallet, phone, e-mail, profile, photo, resume, address, IP) behind different names, in a batch and across earlier runs: identity rings and laptop farms.',
    level: 'high',
    messageLevels: {
      sharedIdentifier: 'high',
      widelyShared: 'low',
      sharedHomeAddress: 'medium',
      laptopFarm: 'high',
      hostsOthersShipping: 'high',
      sharedIp: 'medium',
      sharedResumeText: 'medium',
      oneIdentityTwoFaces: 'high',
      seenBefore: 'high',
    },
    status: 'stable',
    requires: ['phone', 'ledger'],
    messages: {
      sharedIdentifier: 'The same {{kindName}} is given by {{count}} other applicant(s) under different names: {{others}}.',
      widelyShared:
        'The same {{kindName}} is given by {{count}} other applicants, too many to be one person\'s: a placeholder, a switchboard or an agency\'s? Check where it comes from. First: {{others}}.',
      sharedHomeAddress:
        'The home address is also the home address of {{count}} other applicant(s) under different names ({{names}} different names at one address): {{others}}.',
      laptopFarm:
        'The work laptop is to be shipped to an address that is not the home address, and {{count}} other applicant(s) under different names use that address: {{others}}.',
      hostsOthersShipping: '{{count}} other applicant(s) under different names want their work laptops shipped to this applicant\'s home address: {{others}}.',
      sharedIp: 'IP address {{ip}} is also used by {{count}} other applicant(s) under different names: {{others}}.',
      sharedResumeText: 'The resume text is {{similarity}}% the same as the resume of {{count}} other applicant(s) under different names: {{others}}.',
      oneIdentityTwoFaces:
        'The same {{basis}} appears in another application ({{others}}) with the name written differently ("{{otherName}}") and different contact details.',
      seenBefore: 'The {{kindName}} was given in an earlier run by applicant {{otherId}} under a different name ({{file}}, {{seenAt}}).',
    },
    options: {
      maxShared: {
        type: 'number',
        default: 50,
        min: 2,
        description:
          'An identifier given by more applicants than this is reported as widely shared (a placeholder, a switchboard, an agency), once and low, without comparing names.',
      },
      resumeSimilarity: {
        type: 'number',
        default: 0.6,
        min: 0.3,
        max: 1,
        description: 'Estimated share of four-word phrases two resumes must have in common to be reported (Jaccard similarity).',
      },
    },
    falsePositives: [
      'Family members and roommates share a home address, a home IP address and sometimes a phone.',
      'Applicants behind one office, university or mobile-carrier NAT share an IP address.',
      'Recruiting agencies sometimes enter their own phone or e-mail for the candidates they submit.',
      'Resumes written from one template or by one resume service share phrases.',
      'One person who applies again under a new applicant id with a different e-mail and a new spelling of the name.',
    ],
    references: [
      'https://sanctionsnews.bakermckenzie.com/the-us-government-publishes-advisory-on-north-korean-it-workers/',
      'https://www.ic3.gov/PSA/2024/PSA240516',
      'https://www.ic3.gov/PSA/2025/PSA250723-4',
      'https://ofac.treasury.gov/recent-actions/20250708',
    ],
  },
  batch: {
    start(ctx): ReuseBatch {
      const phone = requireSource(ctx.sources, 'phone');
      return {
        phoneKey: (raw, claimed) => {
          // A NANP number written internationally ("+1 (415) 555-0101") is its own E.164 form
          // once the punctuation goes: area codes never start with 0 or 1, so there is no trunk
          // prefix to drop. libphonenumber is asked about everything else.
          const nanp = /^\+1[\s().-]*([2-9]\d{2})[\s().-]*(\d{3})[\s.-]*(\d{4})$/.exec(raw);
          if (nanp) return `+1${nanp[1]}${nanp[2]}${nanp[3]}`;
          const p = phone.parse(raw, claimed);
          return p.possible ? p.e164 : undefined;
        },
        ledger: ctx.sources.ledger?.enabled ? ctx.sources.ledger.startRun() : undefined,
        people: [],
        ids: new Set(),
        groups: new Map(),
        bands: new Map(),
        byBirthDate: new Map(),
        sameNameCache: new Map(),
        resumeSimilarity: ctx.options.resumeSimilarity,
        maxShared: ctx.options.maxShared,
      };
    },
    add(batch, applicant, input, index) {
      const names = [applicant.name, ...applicant.otherNames].filter((n): n is string => n !== undefined);
      const person: Person = {
        index,
        id: applicant.id,
        input,
        name: applicant.name,
        rawNames: names,
        prepared: undefined,
        emails: applicant.emails,
        dateOfBirth: applicant.dateOfBirth,
        resumeStart: applicant.resumeText?.slice(0, 80),
        // Only the ledger needs the name as a key.
        nameKey: batch.ledger ? nameKey(applicant.name) : undefined,
        identifiers: identifiersOf(applicant, batch.phoneKey),
        groups: [],
        resume: applicant.resumeText !== undefined ? signature(applicant.resumeText) : undefined,
        seen: [],
      };
      batch.ledger?.add({
        index,
        applicantId: applicant.id,
        ...(person.nameKey !== undefined ? { nameKey: person.nameKey } : {}),
        file: input.file,
        identifiers: person.identifiers.map((i) => ({ space: i.space, key: i.key, kind: i.kind })),
      });
      batch.people[index] = person;
      batch.ids.add(applicant.id);
      for (const identifier of person.identifiers) {
        const k = `${identifier.space}\u0000${identifier.key}`;
        let group = batch.groups.get(k);
        if (group) group.push({ person, identifier });
        else batch.groups.set(k, (group = [{ person, identifier }]));
        person.groups.push(group);
      }
      if (person.resume) {
        for (const band of bandKeys(person.resume)) {
          const list = batch.bands.get(band);
          if (list) list.push(person.index);
          else batch.bands.set(band, [person.index]);
        }
      }
      if (applicant.dateOfBirth && /^\d{4}-\d{2}-\d{2}$/.test(applicant.dateOfBirth) && names.length > 0) {
        const list = batch.byBirthDate.get(applicant.dateOfBirth);
        if (list) list.push(person);
        else batch.byBirthDate.set(applicant.dateOfBirth, [person]);
      }
    },
    async finish(batch, ctx) {
      // The ledger's answers first (a large run's writer has been working beside the rules).
      for (const hit of (await batch.ledger?.end()) ?? []) batch.people[hit.index]?.seen.push(hit);
      for (const person of batch.people) if (person) reportOn(batch, person, (f) => ctx.report(person.index, f));
    },
  },
});

function reportOn(batch: ReuseBatch, me: Person, report: (finding: FindingReport<MessageId>) => void): void {
  const evidenceOf = (i: Identifier, others: Occurrence[]): Evidence => ({ path: i.path, value: i.raw, kind: i.kind, sharedWith: sharedWith(others) });
  const home = me.identifiers.find((i) => i.kind === 'homeAddress');

  for (const [k, id] of me.identifiers.entries()) {
    const all = me.groups[k]!;
    if (all.length < 2) continue;
    if (tooCommon(batch, all)) {
      // Comparing every name with every other would cost the square of the group, and would
      // report thousands of applicants high for one placeholder value.
      const first: Person[] = [];
      for (const o of all) {
        if (first.length === LISTED) break;
        if (o.person.id !== me.id) first.push(o.person);
      }
      const count = all.length - idCounts(all).get(me.id)!;
      report({
        messageId: 'widelyShared',
        data: { kind: id.kind, kindName: KIND_NAMES[id.kind], count, others: listIds(first) },
        evidence: [{ path: id.path, value: id.raw, kind: id.kind }],
      });
      continue;
    }
    if (id.kind === 'homeAddress') {
      const neighbours = strangers(batch, me, all.filter((o) => o.identifier.kind === 'homeAddress'));
      if (neighbours.length > 0) {
        const people = neighbours.map((o) => o.person);
        const names = distinctNames(batch, [me, ...people]);
        report({
          messageId: 'sharedHomeAddress',
          data: { count: people.length, names, others: listIds(people) },
          evidence: [evidenceOf(id, neighbours)],
          // Two names at one address is a household; more is a pattern (research notes §2).
          level: names >= 3 ? 'high' : 'medium',
        });
      }
      const shippers = strangers(batch, me, all.filter((o) => o.identifier.kind === 'shippingAddress' && o.person.identifiers.find((i) => i.kind === 'homeAddress')?.key !== id.key));
      if (shippers.length > 0) {
        report({ messageId: 'hostsOthersShipping', data: { count: shippers.length, others: listIds(shippers.map((o) => o.person)) }, evidence: [evidenceOf(id, shippers)] });
      }
      continue;
    }
    if (id.kind === 'shippingAddress') {
      // Shipping home is ordinary; what is shared then is the home address, reported above.
      if (home?.key === id.key) continue;
      const others = strangers(batch, me, all);
      if (others.length > 0) {
        report({ messageId: 'laptopFarm', data: { count: others.length, others: listIds(others.map((o) => o.person)) }, evidence: [evidenceOf(id, others)] });
      }
      continue;
    }
    const others = strangers(batch, me, all);
    if (others.length === 0) continue;
    const people = others.map((o) => o.person);
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

  if (me.resume) {
    const candidates = new Set<number>();
    for (const band of bandKeys(me.resume)) for (const i of batch.bands.get(band) ?? []) if (i !== me.index) candidates.add(i);
    const near: { person: Person; sim: number }[] = [];
    for (const i of candidates) {
      const other = batch.people[i]!;
      if (other.id === me.id || sameName(batch, me, other) !== false) continue;
      const sim = similarity(me.resume, other.resume!);
      if (sim >= batch.resumeSimilarity) near.push({ person: other, sim });
    }
    if (near.length > 0) {
      near.sort((a, b) => b.sim - a.sim || a.person.index - b.person.index);
      report({
        messageId: 'sharedResumeText',
        data: { similarity: Math.round(100 * near[0]!.sim), count: near.length, others: listIds(near.map((n) => n.person)) },
        evidence: [{ path: '/resumeText', value: `${me.resumeStart}…`, similarTo: near.slice(0, LISTED).map((n) => ({ applicant: n.person.id, similarity: Math.round(100 * n.sim) / 100 })) }],
      });
    }
  }

  // One identity, two faces: one person by ID or birth date and name, written differently, with
  // other contact details, as when a stolen identity is used twice.
  const faces: { other: Person; basis: string; path: string; value: string; level: FindingLevel }[] = [];
  const idAt = me.identifiers.findIndex((i) => i.kind === 'nationalId');
  const nationalId = me.identifiers[idAt];
  const sameId = me.groups[idAt] ?? [];
  if (nationalId && !tooCommon(batch, sameId)) {
    for (const o of sameId) {
      if (o.person.id !== me.id && sameName(batch, me, o.person) === true) faces.push({ other: o.person, basis: 'national ID and name', path: nationalId.path, value: nationalId.raw, level: 'high' });
    }
  }
  const born = me.dateOfBirth;
  const bornSameDay = born ? (batch.byBirthDate.get(born) ?? []) : [];
  // Thousands born on one day is a placeholder date (1900-01-01), not a person.
  if (born && bornSameDay.length <= batch.maxShared + 1) {
    for (const other of bornSameDay) {
      if (other.id === me.id || faces.some((f) => f.other === other) || sameName(batch, me, other) !== true) continue;
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
        { path: '/name', value: me.name ?? null, otherApplicant: f.other.id, otherName: f.other.name ?? null, otherEmails: f.other.emails.map((e) => emailKey(e) ?? e) },
      ],
      level: f.level,
    });
  }

  for (const seen of me.seen) {
    const id = me.identifiers[seen.identifier]!;
    // Applicants in this run were compared above; the ledger answers for earlier runs.
    const hits = seen.hits.filter((h) => h.sameName === false && !batch.ids.has(h.applicantId));
    const first = hits[0];
    if (!first) continue;
    const level = id.kind === 'shippingAddress' && first.kind === 'homeAddress' ? 'high' : SHARED_LEVEL[id.kind];
    report({
      messageId: 'seenBefore',
      data: { kind: id.kind, kindName: KIND_NAMES[id.kind], otherId: first.applicantId, file: first.file, seenAt: first.seenAt.slice(0, 10), count: hits.length },
      evidence: [{ path: id.path, value: id.raw, ledger: hits.slice(0, LISTED).map((h) => ({ applicant: h.applicantId, kind: h.kind, file: h.file, seenAt: h.seenAt })) }],
      level,
    });
  }
}
