import { defineRule, findingLevelRank, type Evidence, type FindingReport } from '../engine/rule.js';
import type { Applicant } from '../input/applicant.js';
import { MATCH_THRESHOLD } from '../names/threshold.js';
import { requireSource } from '../sources/index.js';
import type { SanctionsSource } from '../sources/sanctions/index.js';
import { screenName, type NameMatch } from '../sources/sanctions/screen.js';
import { domainOf, walletKey } from '../keys/values.js';

type MessageId = 'sanctionedPerson' | 'nameOnlyMatch' | 'possibleMatch' | 'sanctionedOrganisation' | 'sanctionedIdentifier';
type PersonMessage = 'sanctionedPerson' | 'nameOnlyMatch' | 'possibleMatch';
type Level = NonNullable<FindingReport['level']>;

export default defineRule({
  meta: {
    id: 'sdn-alias-match',
    description:
      'Detects names, employers, payees, e-mail addresses, websites and wallets on the OFAC sanctions list, across romanizations, scripts, word order and typos.',
    level: 'high',
    messageLevels: {
      sanctionedPerson: 'high',
      nameOnlyMatch: 'medium',
      possibleMatch: 'low',
      sanctionedOrganisation: 'high',
      sanctionedIdentifier: 'critical',
    },
    status: 'stable',
    requires: ['sanctions'],
    messages: {
      sanctionedPerson: 'Name "{{name}}" matches "{{matchedName}}" on {{listName}}, {{entries}}, score {{score}}: {{why}}.',
      nameOnlyMatch:
        'Name "{{name}}" matches "{{matchedName}}" on {{listName}}, {{entries}}, score {{score}}, on the name alone: {{why}}. Ask for the date of birth and nationality and compare them with the entry.',
      possibleMatch:
        'Name "{{name}}" may match "{{matchedName}}" on {{listName}}, {{entries}}, score {{score}}, but {{why}}: verify the identity before drawing any conclusion.',
      sanctionedOrganisation: '{{field}} "{{name}}" matches {{listName}} entry {{entryId}}, {{primaryName}} ({{programs}}), score {{score}}.',
      sanctionedIdentifier: '{{kind}} {{value}} is listed on {{listName}} entry {{entryId}}, {{primaryName}} ({{programs}}).',
    },
    options: {
      minScore: {
        type: 'number',
        default: MATCH_THRESHOLD,
        min: 0.5,
        max: 1,
        description: 'Lowest match score (0..1, after date of birth and nationality are weighed in) that is reported.',
      },
    },
    falsePositives: [
      'People who share a common name with a listed person, above all the short Korean, Chinese and Russian names that many people hold: a name alone is a reason to verify, never a verdict.',
      'Companies whose names share words with a listed company (Silver Star, Fortuna, Trading).',
      'Aliases OFAC marks as weak (low-quality a.k.a.): reported, and said so in the evidence.',
    ],
    references: [
      'https://ofac.treasury.gov/sanctions-list-service',
      'https://ofac.treasury.gov/faqs/topic/1591',
      'https://home.treasury.gov/news/press-releases/jy2790',
      'https://www.ic3.gov/PSA/2023/PSA231018',
    ],
  },
  check(applicant, ctx) {
    const s = requireSource(ctx.sources, 'sanctions');
    const minScore = ctx.options.minScore;
    const countries = [applicant.nationality, applicant.address?.country, applicant.location?.country].filter((c): c is string => c !== undefined);
    const dob = applicant.dateOfBirth;
    const names = personNames(applicant);
    if (names.length > 0) {
      ctx.checked('sanctions list: name');
      if (dob === undefined)
        ctx.notChecked('sanctions list: date of birth', 'name only, no date of birth: a name match can be neither confirmed nor ruled out');
    }
    if (applicant.emails.length > 0 || applicant.employers.length > 0 || applicant.payment || Object.keys(applicant.profiles).length > 0) {
      ctx.checked('sanctions list: e-mails, employers, payee and websites');
    }

    for (const { path, value } of names) {
      const matches = screenName(s, value, {
        minScore,
        against: 'individuals',
        ...(dob !== undefined ? { dateOfBirth: dob } : {}),
        countries,
        ...(applicant.nationality !== undefined ? { nationality: applicant.nationality } : {}),
      });
      for (const group of sameFact(matches)) ctx.report(personFinding(s, group, path, value, dob));
    }

    const organisations: { path: string; value: string; field: string; against: 'organisations' | 'all' }[] = [];
    applicant.employers.forEach((e, i) => {
      if (e.name !== undefined) organisations.push({ path: `/employers/${i}/name`, value: e.name, field: 'Employer', against: 'organisations' });
    });
    const holder = applicant.payment?.accountHolder;
    if (holder !== undefined) organisations.push({ path: '/payment/accountHolder', value: holder, field: 'Payment account holder', against: 'all' });
    for (const o of organisations) {
      for (const m of screenName(s, o.value, { minScore: Math.max(minScore, ORGANISATION_MATCH), against: o.against })) {
        if (m.entry.type === 'individual' && (m.partial || m.common || m.score < STRONG_MATCH)) continue;
        ctx.report({
          messageId: 'sanctionedOrganisation',
          data: { ...entryData(s, m.entry), field: o.field, name: o.value, score: m.score },
          evidence: [matchEvidence(s, m, o.path, o.value)],
        });
      }
    }

    for (const hit of identifierHits(s, applicant)) ctx.report(hit);
  },
});

function personNames(applicant: Applicant): { path: string; value: string }[] {
  const out: { path: string; value: string }[] = [];
  if (applicant.name !== undefined) out.push({ path: '/name', value: applicant.name });
  else if (applicant.givenName !== undefined || applicant.familyName !== undefined) {
    out.push({
      path: applicant.familyName !== undefined ? '/familyName' : '/givenName',
      value: [applicant.givenName, applicant.familyName].filter(Boolean).join(' '),
    });
  }
  applicant.otherNames.forEach((n, i) => out.push({ path: `/otherNames/${i}`, value: n }));
  return out;
}

function entryData(s: SanctionsSource, entry: NameMatch['entry']): Record<string, string> {
  return {
    listName: `${s.list.id === 'ofac' ? 'OFAC' : "vet's built-in watchlist"} (${s.list.date})`,
    entryId: entry.uid,
    primaryName: entry.name,
    programs: entry.programs.join(', ') || 'no program given',
  };
}

function matchEvidence(s: SanctionsSource, m: NameMatch, path: string, value: string): Evidence {
  return {
    path,
    value,
    source: 'sanctions',
    list: s.list.id,
    listDate: s.list.date,
    entryId: m.entry.uid,
    entryVersion: s.entryVersion(m.entry),
    entryType: m.entry.type,
    primaryName: m.entry.name,
    matchedName: m.matchedName,
    matchedNameKind: m.nameKind,
    score: m.score,
    nameScore: m.nameScore,
    reasons: m.reasons,
    programs: m.entry.programs,
  };
}

/**
 * One fact, one finding: entries that the name matches through the same listed name (several
 * entries carrying the alias "HASSAN, Mohamed", or aliases that fold to one name) are one finding
 * listing every entry, scored once at the strongest verdict among them. See docs/scoring.md.
 */
interface Fact {
  /** The strongest verdict among the matches, and the match it came from. */
  verdict: PersonVerdict;
  best: NameMatch;
  matches: NameMatch[];
}

function sameFact(matches: NameMatch[]): Fact[] {
  const groups = new Map<string, Fact>();
  for (const m of matches) {
    const verdict = personVerdict(m);
    if (verdict === undefined) continue;
    const key = listedNameKey(m.matchedName);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { verdict, best: m, matches: [m] });
    else {
      group.matches.push(m);
      if (findingLevelRank(verdict.level) > findingLevelRank(group.verdict.level)) Object.assign(group, { verdict, best: m });
    }
  }
  return [...groups.values()];
}

/** A listed name's words, lower-cased, without punctuation, in order: "HASSAN, Mohamed" and "Hassan Mohamed" are one name. */
function listedNameKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(' ');
}

function personFinding(s: SanctionsSource, { verdict, best, matches }: Fact, path: string, value: string, dob: string | undefined): FindingReport<MessageId> {
  const evidence = matches.map((m) => matchEvidence(s, m, path, value));
  if (dob !== undefined && best.dob !== 0) evidence.push({ path: '/dateOfBirth', value: dob });
  const data = { ...entryData(s, best.entry), entries: entriesText(matches), matchedName: best.matchedName, name: value, score: best.score, why: verdict.why };
  return { messageId: verdict.messageId, data, evidence, level: verdict.level };
}

/** "entry 7828, HASSAN, Mohamed (SDGT)" or "entries 7828, ... (SDGT) and 39520, ... (SDGT)". */
function entriesText(matches: NameMatch[]): string {
  const each = matches.map((m) => `${m.entry.uid}, ${m.entry.name} (${m.entry.programs.join(', ') || 'no program given'})`);
  if (each.length === 1) return `entry ${each[0]}`;
  return `entries ${each.slice(0, -1).join('; ')} and ${each[each.length - 1]}`;
}

function identifierHits(s: SanctionsSource, applicant: Applicant): FindingReport<MessageId>[] {
  const out: FindingReport<MessageId>[] = [];
  const hit = (kind: string, path: string, value: string, ids: number[] | undefined, listed: (i: number) => string): void => {
    for (const i of ids ?? []) {
      const entry = s.entries.get(i);
      out.push({
        messageId: 'sanctionedIdentifier',
        data: { ...entryData(s, entry), kind, value },
        evidence: [
          {
            path,
            value,
            source: 'sanctions',
            list: s.list.id,
            listDate: s.list.date,
            entryId: entry.uid,
            entryVersion: s.entryVersion(entry),
            primaryName: entry.name,
            listedValue: listed(i),
            programs: entry.programs,
          },
        ],
      });
    }
  };
  applicant.emailAddresses.forEach(({ input, address, domain }, i) => {
    hit('E-mail address', `/emails/${i}`, input, s.byEmail.get(address), () => address);
    if (domain !== undefined) hit('E-mail domain', `/emails/${i}`, input, s.byDomain.get(domain), () => domain);
  });
  const wallet = applicant.payment?.walletAddress;
  if (wallet !== undefined)
    hit(
      'Wallet address',
      '/payment/walletAddress',
      wallet,
      s.byWallet.get(walletOf(wallet)),
      (i) => s.entries.get(i).wallets.find((w) => walletOf(w.address) === walletOf(wallet))?.address ?? wallet,
    );
  applicant.employers.forEach((e, i) => {
    const d = e.domain !== undefined ? domainOf(e.domain) : undefined;
    if (d !== undefined) hit('Employer domain', `/employers/${i}/domain`, e.domain!, s.byDomain.get(d), () => d);
  });
  for (const [key, value] of Object.entries(applicant.profiles)) {
    if (typeof value !== 'string' || !/^(https?:\/\/|www\.)/i.test(value)) continue;
    const d = domainOf(value);
    if (d !== undefined) hit('Website', `/profiles/${key}`, value, s.byDomain.get(d), () => d);
  }
  return out;
}

/** A wallet's comparison key, or the address as written when it is too odd to have one. */
function walletOf(address: string): string {
  return walletKey(address) ?? address.trim();
}

// The rule's policy: what a name match from the sanctions source means. The source says which
// entries, how close and why; these thresholds and personVerdict decide the level.

/** Name similarity above which a person match stands without other evidence. */
export const STRONG_MATCH = 0.9;

/** Organisation names share generic words (Star, Network, Trading): a match needs this much. */
export const ORGANISATION_MATCH = 0.88;

/** What a person match means: its message, level and the reason, which the message states. */
export interface PersonVerdict {
  /** A match (reported at medium or above) or a possible match (low, to verify). */
  kind: 'match' | 'possible';
  messageId: PersonMessage;
  level: Level;
  why: string;
}

/**
 * How the rule reads a person match: the level comes from what corroborates the name (date of
 * birth, nationality) and from how distinctive the name is on the list, never from the name's
 * origin. A name alone is at most medium unless every part of the listed name is there and each
 * part is rare on the list; a match without a listed surname, on a weak alias, with a name the list
 * would hold by chance or only a spelling-level likeness is at most low until something agrees; a
 * date of birth or nationality that disagrees lowers it to low. Surname plus a common syllable is
 * not the listed person ("Kim Chol" is not KIM, Chol Ho).
 */
export function personVerdict(m: NameMatch): PersonVerdict | undefined {
  const agrees = [m.dob === 1 ? 'the date of birth agrees' : undefined, m.nationality ? 'the nationality agrees' : undefined].filter(
    (x): x is string => x !== undefined,
  );
  const corroboration = agrees.join(' and ');
  const possible = (why: string, level: Level = 'low'): PersonVerdict => ({ kind: 'possible', messageId: 'possibleMatch', level, why });
  if (m.partial) {
    return m.dob === 1 ? possible(`part of the listed name is missing (${corroboration})`, 'medium') : undefined;
  }
  if (m.dob === -1) return possible('the date of birth differs from the list');
  if (m.nationalityDiffers && m.dob !== 1) return possible('the nationality differs from the list');
  if (m.nameKind === 'weak') {
    return agrees.length > 0
      ? possible(`it rests on a weak alias (OFAC: low-quality a.k.a.), though ${corroboration}`, 'medium')
      : possible('it rests only on a weak alias (OFAC: low-quality a.k.a.) and nothing corroborates it');
  }
  if (agrees.length === 0) {
    if (m.common) return possible('the name is common, and no date of birth or nationality corroborates it');
    if (m.score < STRONG_MATCH) return possible('the names differ in spelling and nothing else corroborates it');
    if (m.distinctive) {
      return {
        kind: 'match',
        messageId: 'sanctionedPerson',
        level: 'high',
        why: 'no date of birth or nationality to compare, but every part of the listed name is there and each is rare on the list',
      };
    }
    const missing = [
      m.dobUncompared ?? 'no date of birth to compare',
      m.residence ? 'the applicant lives in a country of the listed nationality, as many people do' : 'no nationality to compare',
    ];
    return { kind: 'match', messageId: 'nameOnlyMatch', level: 'medium', why: `nothing corroborates it (${missing.join('; ')})` };
  }
  if (m.score < STRONG_MATCH && m.dob !== 1) return possible(`the names differ in spelling, though ${corroboration}`, 'medium');
  // Critical takes the whole date of birth: a year, a month or OFAC's "circa" narrows less.
  return { kind: 'match', messageId: 'sanctionedPerson', level: m.dobExact && m.score >= STRONG_MATCH ? 'critical' : 'high', why: corroboration };
}
