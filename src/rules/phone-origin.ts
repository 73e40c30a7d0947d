import { defineRule, setOf, type Evidence } from '../engine/rule.js';
import { countryName } from '../keys/countries.js';
import { requireSource } from '../sources/index.js';
import { indicatorData, indicatorEvidence } from '../sources/iocs/report.js';

/** Human names for libphonenumber's line types that are not tied to a person at a place. */
const LINE_TYPES: Record<string, string> = {
  VOIP: 'VoIP',
  PERSONAL_NUMBER: 'personal-number (call forwarding)',
  UAN: 'universal access number (UAN)',
  PAGER: 'pager',
  TOLL_FREE: 'toll-free',
  PREMIUM_RATE: 'premium-rate',
  SHARED_COST: 'shared-cost',
};

const PROBLEMS: Record<string, string> = {
  NOT_A_NUMBER: 'not a phone number',
  INVALID_COUNTRY: 'unknown country calling code',
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID_LENGTH: 'wrong length for its country',
};

export default defineRule({
  meta: {
    id: 'phone-origin',
    description: 'Detects phone numbers that are North Korean, invalid, virtual, or from a country other than the one the applicant claims to live in.',
    level: 'medium',
    messageLevels: {
      northKorea: 'critical',
      knownIndicator: 'high',
      highRiskCountry: 'high',
      countryMismatch: 'medium',
      invalidNumber: 'low',
      virtualLine: 'low',
      notChecked: 'info',
    },
    status: 'stable',
    requires: ['phone', 'iocs'],
    messages: {
      northKorea: 'Phone number {{phone}} is a North Korean (+850) number.',
      knownIndicator: 'Phone number {{phone}} is on the indicator list: {{note}} ({{source}}, {{date}}).',
      highRiskCountry:
        "Phone number {{phone}} is from {{phoneCountryName}}, a high-risk origin for this fraud, but the applicant's claimed country of residence is {{claimedCountryName}}.",
      countryMismatch: "Phone number {{phone}} is from {{phoneCountryName}} but the applicant's claimed country of residence is {{claimedCountryName}}.",
      invalidNumber: 'The phone number given, "{{phone}}", is not a valid number ({{reason}}).',
      virtualLine: 'Phone number {{phone}} is a {{lineTypeName}} line, not tied to a person or a place.',
      notChecked: 'Phone number {{phone}} has no country code and the applicant gives no country to read it against, so it was not checked.',
    },
    options: {
      highRiskCountries: {
        type: 'countries',
        default: ['KP', 'CN', 'RU', 'LA'],
        description: 'Origins reported as high (not medium) when they differ from the claimed country. North Korea is always critical.',
      },
      lineTypes: {
        type: 'strings',
        default: ['VOIP', 'PERSONAL_NUMBER', 'UAN', 'PAGER', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST'],
        allowed: Object.keys(LINE_TYPES),
        description: 'libphonenumber line types reported as virtual lines.',
      },
    },
    falsePositives: [
      'Expatriates, recent movers and frequent travellers who keep a home-country number.',
      'Applicants who use a VoIP or forwarding number for privacy.',
      'Typos in a number typed into an application form.',
    ],
    references: ['https://www.ic3.gov/PSA/2023/PSA231018', 'https://ofac.treasury.gov/recent-actions/20250708', 'https://github.com/google/libphonenumber'],
  },
  check(applicant, ctx) {
    const phone = requireSource(ctx.sources, 'phone');
    const iocs = requireSource(ctx.sources, 'iocs');
    const claimed: Array<{ country: string; path: string }> = [];
    if (applicant.location?.country) claimed.push({ country: applicant.location.country, path: '/location/country' });
    if (applicant.address?.country && applicant.address.country !== applicant.location?.country) {
      claimed.push({ country: applicant.address.country, path: '/address/country' });
    }
    const home = claimed[0];
    if (applicant.phoneNumbers.length > 0) {
      ctx.checked('phone numbers');
      if (home === undefined) ctx.notChecked('phone numbers: country', 'not compared, no claimed country');
    }
    const highRisk = setOf(ctx.options.highRiskCountries);
    const lineTypes = setOf(ctx.options.lineTypes);
    // A few numbers at most: a list, not a Set per applicant.
    const seen: string[] = [];

    applicant.phoneNumbers.forEach((parsed, i) => {
      const raw = parsed.input;
      if (parsed.e164 !== undefined) {
        if (seen.includes(parsed.e164)) return;
        seen.push(parsed.e164);
      }
      const evidence: Evidence = { path: `/phones/${i}`, value: raw, source: phone.info.id };
      if (parsed.e164) evidence.e164 = parsed.e164;
      if (parsed.country) evidence.region = parsed.country;
      if (parsed.type) evidence.lineType = parsed.type;
      if (parsed.readAs) evidence.readAs = parsed.readAs;

      const ioc = parsed.e164 !== undefined ? iocs.phone(parsed.e164) : undefined;
      if (ioc) {
        ctx.report({
          messageId: 'knownIndicator',
          data: { phone: raw, ...indicatorData(ioc) },
          evidence: [{ ...evidence, ...indicatorEvidence(ioc) }],
        });
      }
      if (parsed.problem === 'NO_COUNTRY_CODE') {
        ctx.report({ messageId: 'notChecked', data: { phone: raw }, evidence: [evidence] });
        return;
      }
      const northKorean = parsed.callingCode === '850' || /^\+850/.test(parsed.normalised.replace(/\s/g, ''));
      if (northKorean) {
        ctx.report({ messageId: 'northKorea', data: { phone: raw, phoneCountry: 'KP' }, evidence: [evidence] });
      }
      if (!parsed.valid) {
        const reason = PROBLEMS[parsed.problem ?? ''] ?? 'no such number in its numbering plan';
        ctx.report({ messageId: 'invalidNumber', data: { phone: raw, reason }, evidence: [evidence] });
        return;
      }
      if (parsed.type && lineTypes.has(parsed.type)) {
        ctx.report({
          messageId: 'virtualLine',
          data: { phone: raw, lineType: parsed.type, lineTypeName: LINE_TYPES[parsed.type] ?? parsed.type },
          evidence: [evidence],
        });
      }
      if (northKorean || home === undefined || parsed.country === undefined || parsed.callingCode === undefined) return;
      // Countries that share a calling code are one family: +1 (US, Canada, the Caribbean), +44 (UK
      // and the Crown dependencies), +7 (Russia, Kazakhstan). Within a family a number can be ported
      // or roam freely, so only a different calling code is a contradiction.
      if (claimed.some((c) => phone.callingCodeOf(c.country) === parsed.callingCode)) return;
      const data = {
        phone: raw,
        phoneCountry: parsed.country,
        phoneCountryName: countryName(parsed.country),
        claimedCountry: home.country,
        claimedCountryName: countryName(home.country),
      };
      const claimedEvidence = claimed.map((c) => ({ path: c.path, value: c.country }));
      ctx.report({
        messageId: highRisk.has(parsed.country) ? 'highRiskCountry' : 'countryMismatch',
        data,
        evidence: [evidence, ...claimedEvidence],
      });
    });
  },
});
