import { defineRule, type Evidence, type FindingReport } from '../engine/rule.js';
import type { Applicant } from '../input/applicant.js';
import { MATCH_THRESHOLD } from '../names/threshold.js';
import { requireSource } from '../sources/index.js';
import type { SanctionsSource } from '../sources/sanctions/index.js';
import { screenName, type NameMatch } from '../sources/sanctions/screen.js';
import { domainOf, walletKey } from '../keys/values.js';

type MessageId = 'sanctionedPerson' | 'possibleMatch' | 'sanctionedOrganisation' | 'sanctionedIdentifier';

export default defineRule({
  meta: {
    id: 'sdn-alias-match',
    description:
      'Detects names, employers, payees, e-mail addresses, websites and wallets on the OFAC sanctions list, across romanizations, scripts, word order and typos.',
    level: 'high',
    messageLevels: {
      sanctionedPerson: 'high',
      possibleMatch: 'low',
      sanctionedOrganisation: 'high',
      sanctionedIdentifier: 'critical',
    },
    status: 'stable',
    requires: ['sanctions'],
    messages: {
      sanctionedPerson: 'Name "{{name}}" matches {{listName}} entry {{entryId}}, {{primaryName}} ({{programs}}), score {{score}}.',
      possibleMatch:
        'Name "{{name}}" may match {{listName}} entry {{entryId}}, {{primaryName}} ({{programs}}), score {{score}}, but {{why}}: verify the identity before drawing any conclusion.',
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

    for (const { path, value } of personNames(applicant)) {
      const matches = screenName(s, value, {
        minScore,
        against: 'individuals',
        ...(dob !== undefined ? { dateOfBirth: dob } : {}),
        countries,
      });
      for (const m of matches) {
        const finding = personFinding(s, m, path, value, dob);
        if (finding) ctx.report(finding);
      }
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

function personFinding(s: SanctionsSource, m: NameMatch, path: string, value: string, dob: string | undefined): FindingReport<MessageId> | undefined {
  const verdict = personVerdict(m);
  if (verdict === undefined) return undefined;
  const evidence = [matchEvidence(s, m, path, value)];
  if (dob !== undefined && m.dob !== 0) evidence.push({ path: '/dateOfBirth', value: dob });
  const data = { ...entryData(s, m.entry), name: value, score: m.score };
  if (verdict.kind === 'possible') return { messageId: 'possibleMatch', data: { ...data, why: verdict.why }, evidence };
  return { messageId: 'sanctionedPerson', data, evidence, ...(m.dob === 1 ? { level: 'critical' as const } : {}) };
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

/**
 * How the rule reads a person match: a match, a possible match (to verify, reported low), or
 * nothing. Surname plus a common syllable is not the listed person ("Kim Chol" is not KIM, Chol
 * Ho); a short common name, or a spelling-level likeness, needs a date of birth or nationality
 * that agrees before it counts as more than possible.
 */
export function personVerdict(m: NameMatch): { kind: 'match' } | { kind: 'possible'; why: string } | undefined {
  const corroborated = m.dob === 1 || m.nationality;
  if (m.partial && m.dob !== 1) return undefined;
  if (m.dob === -1) return { kind: 'possible', why: 'the date of birth differs from the list' };
  if (m.common && !corroborated) return { kind: 'possible', why: 'the name is short and common, and no date of birth or nationality corroborates it' };
  if (m.score < STRONG_MATCH && !corroborated) return { kind: 'possible', why: 'the names differ in spelling and nothing else corroborates it' };
  return { kind: 'match' };
}
