import { defineRule, type Evidence } from '../engine/rule.js';
import type { Applicant, IdDocumentType, Profile } from '../input/applicant.js';
import { countryName } from '../keys/countries.js';
import { compareNames, type NameComparison } from '../names/match.js';
import { MATCH_THRESHOLD } from '../names/threshold.js';

const YEAR_MS = 365.25 * 24 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

const DOCUMENT_NAMES: Record<IdDocumentType, string> = {
  passport: 'passport',
  'national-id': 'national ID card',
  'driving-licence': 'driving licence',
  'residence-permit': 'residence permit',
  other: 'ID document',
};

interface NamedField {
  path: string;
  value: string;
}

/** The best comparison of a name with any of the applicant's names, and whether any word matched. */
function bestMatch(value: string, against: NamedField[]): { score: number; partial: boolean; with: NamedField } {
  let best: { c: NameComparison; with: NamedField } | undefined;
  for (const other of against) {
    const c = compareNames(value, other.value);
    if (!best || c.score > best.c.score) best = { c, with: other };
  }
  return { score: best!.c.score, partial: best!.c.pairs.some((p) => p.kind !== 'initial'), with: best!.with };
}

function profileObjects(applicant: Applicant): Array<[string, Profile]> {
  return Object.entries(applicant.profiles).filter((e): e is [string, Profile] => typeof e[1] === 'object');
}

export default defineRule({
  meta: {
    id: 'profile-consistency',
    description:
      'Detects names that differ across the application, the ID and online profiles, an ID issued by a country that fits neither the claimed nationality nor residence, and GitHub accounts younger than the experience claimed or than the commits they host.',
    level: 'medium',
    messageLevels: {
      northKoreanIdentity: 'critical',
      idNameMismatch: 'high',
      profileNameMismatch: 'medium',
      otherNameMismatch: 'low',
      idCountryMismatch: 'medium',
      accountYoungerThanExperience: 'low',
      commitsBeforeAccount: 'medium',
    },
    status: 'stable',
    requires: [],
    messages: {
      northKoreanIdentity:
        "The applicant's {{fields}} is North Korea: employing a person in North Korea, or a North Korean worker abroad, is prohibited by US sanctions (North Korea Sanctions Regulations, 31 CFR 510): verify before any next step.",
      idNameMismatch: 'The name on the ID, "{{idName}}", is not the applicant\'s name "{{name}}" (best match {{score}}).',
      profileNameMismatch: 'The name on the {{site}} profile, "{{profileName}}", is not the applicant\'s name "{{name}}".',
      otherNameMismatch: 'Other name "{{otherName}}" shares nothing with the applicant\'s name "{{name}}" or the name on the ID.',
      idCountryMismatch: 'The {{documentName}} was issued by {{issuingCountryName}}, but the applicant claims {{expected}}.',
      accountYoungerThanExperience: 'The {{site}} account is {{accountYears|year}} old, but the applicant claims {{claimedYears}} years of experience.',
      commitsBeforeAccount: 'The {{site}} account was created on {{createdAt}} but hosts commits from {{earliestCommitAt}}, {{days}} days earlier.',
    },
    options: {
      graceYears: {
        type: 'number',
        default: 5,
        min: 0,
        description:
          'Years of claimed experience an account may lack before accountYoungerThanExperience is reported (many developers open an account years into their career).',
      },
      graceDays: {
        type: 'number',
        default: 30,
        min: 0,
        description: 'Days commits may predate the account (an import, a clock off) before commitsBeforeAccount is reported.',
      },
    },
    falsePositives: [
      'Preferred and adopted names ("Kevin Wang" for Wang Fang), nicknames and names changed by marriage: give them in otherNames, which the other names are compared against.',
      'Dual nationals who show the passport of their second country.',
      'Developers who opened their GitHub account late in their career, or imported older repositories into a new account.',
    ],
    references: [
      'https://sanctionsnews.bakermckenzie.com/the-us-government-publishes-advisory-on-north-korean-it-workers/',
      'https://ic3.gov/PSA/2023/PSA231018',
      'https://github.com/security-alliance/frameworks',
      'https://github.com/shortdoom/gh-fake-analyzer',
    ],
  },
  check(applicant, ctx) {
    if (applicant.idDocument || applicant.nationality || applicant.otherNames.length > 0 || Object.keys(applicant.profiles).length > 0) {
      ctx.checked('ID document, nationality and profiles');
    }
    const northKorean: Evidence[] = [];
    if (applicant.nationality === 'KP') northKorean.push({ path: '/nationality', value: 'KP' });
    if (applicant.idDocument?.issuingCountry === 'KP') northKorean.push({ path: '/idDocument/issuingCountry', value: 'KP' });
    if (northKorean.length > 0) {
      const fields = northKorean.map((e) => (e.path === '/nationality' ? 'nationality' : "ID document's issuing country")).join(' and ');
      ctx.report({ messageId: 'northKoreanIdentity', data: { fields }, evidence: northKorean });
    }
    const name = applicant.name;
    const idName = applicant.idDocument?.name;
    const named: NamedField[] = [
      ...(name ? [{ path: '/name', value: name }] : []),
      ...applicant.otherNames.map((value, i) => ({ path: `/otherNames/${i}`, value })),
    ];
    const shown = name ?? idName;

    // The ID is the authority: its name must be one of the applicant's names (a preferred name
    // belongs in otherNames). A shared family name with another given name is medium, none high.
    if (idName && named.length > 0) {
      const best = bestMatch(idName, named);
      if (best.score < MATCH_THRESHOLD) {
        ctx.report({
          messageId: 'idNameMismatch',
          ...(best.partial ? { level: 'medium' as const } : {}),
          data: { idName, name: shown!, score: best.score },
          evidence: [{ path: '/idDocument/name', value: idName }, ...named.map((n) => ({ path: n.path, value: n.value }))],
        });
      }
    }
    const all = [...named, ...(idName ? [{ path: '/idDocument/name', value: idName }] : [])];
    if (all.length > 0) {
      for (const [site, profile] of profileObjects(applicant)) {
        if (!profile.name) continue;
        const best = bestMatch(profile.name, all);
        // A display name of one word is usually a handle or a nickname, and part of the name is a short form.
        const words = profile.name.trim().split(/\s+/).length;
        if (best.score >= MATCH_THRESHOLD || best.partial || words < 2) continue;
        ctx.report({
          messageId: 'profileNameMismatch',
          data: { site, profileName: profile.name, name: shown! },
          evidence: [
            { path: `/profiles/${site}/name`, value: profile.name },
            { path: best.with.path, value: best.with.value },
          ],
        });
      }
      // Other names are compared with the name and the ID name, not with one another.
      const against = all.filter((n) => !n.path.startsWith('/otherNames/'));
      applicant.otherNames.forEach((otherName, i) => {
        if (against.length === 0) return;
        const best = bestMatch(otherName, against);
        if (best.score >= MATCH_THRESHOLD || best.partial) return;
        ctx.report({
          messageId: 'otherNameMismatch',
          data: { otherName, name: shown! },
          evidence: [{ path: `/otherNames/${i}`, value: otherName }, ...against.map((n) => ({ path: n.path, value: n.value }))],
        });
      });
    }

    // Nationality and residence differing is ordinary (it is what immigration is); only an ID that
    // fits neither is reported.
    const doc = applicant.idDocument;
    const issuing = doc?.issuingCountry;
    if (doc && issuing) {
      const nationality = applicant.nationality;
      const residence = applicant.location?.country ?? applicant.address?.country;
      const residencePath = applicant.location?.country ? '/location/country' : '/address/country';
      const type = doc.type ?? 'other';
      let expected: { text: string; path: string; value: string } | undefined;
      if ((type === 'passport' || type === 'national-id') && nationality && issuing !== nationality) {
        expected = { text: `${countryName(nationality)} nationality`, path: '/nationality', value: nationality };
      } else if ((type === 'driving-licence' || type === 'residence-permit') && residence && issuing !== residence) {
        expected = { text: `to live in ${countryName(residence)}`, path: residencePath, value: residence };
      } else if (type === 'other' && nationality && residence && issuing !== nationality && issuing !== residence) {
        expected = { text: `${countryName(nationality)} nationality and to live in ${countryName(residence)}`, path: '/nationality', value: nationality };
      }
      if (expected) {
        ctx.report({
          messageId: 'idCountryMismatch',
          data: { documentName: DOCUMENT_NAMES[type], issuingCountry: issuing, issuingCountryName: countryName(issuing), expected: expected.text },
          evidence: [
            { path: '/idDocument/issuingCountry', value: issuing, ...(doc.type ? { documentType: doc.type } : {}) },
            { path: expected.path, value: expected.value },
          ],
        });
      }
    }

    for (const [site, profile] of profileObjects(applicant)) {
      if (!profile.createdAt) continue;
      const created = Date.parse(profile.createdAt);
      const years = applicant.yearsOfExperience;
      const age = (ctx.now.getTime() - created) / YEAR_MS;
      if (years !== undefined && age >= 0 && age + ctx.options.graceYears < years) {
        ctx.report({
          messageId: 'accountYoungerThanExperience',
          data: { site, accountYears: Math.floor(age * 10) / 10, claimedYears: years },
          evidence: [
            { path: `/profiles/${site}/createdAt`, value: profile.createdAt, judgedAt: ctx.now.toISOString() },
            { path: '/yearsOfExperience', value: years },
          ],
        });
      }
      if (profile.earliestCommitAt) {
        const days = Math.floor((created - Date.parse(profile.earliestCommitAt)) / DAY_MS);
        if (days > ctx.options.graceDays) {
          ctx.report({
            messageId: 'commitsBeforeAccount',
            data: { site, createdAt: profile.createdAt.slice(0, 10), earliestCommitAt: profile.earliestCommitAt.slice(0, 10), days },
            evidence: [
              { path: `/profiles/${site}/createdAt`, value: profile.createdAt },
              { path: `/profiles/${site}/earliestCommitAt`, value: profile.earliestCommitAt },
            ],
          });
        }
      }
    }
  },
});
