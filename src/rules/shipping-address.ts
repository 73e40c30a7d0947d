import { defineRule, type Evidence } from '../engine/rule.js';
import { addressKey, addressWords, sameBuilding } from '../keys/address.js';
import type { Address } from '../input/applicant.js';
import { countryName } from '../keys/countries.js';
import { requireSource } from '../sources/index.js';
import { indicatorData, indicatorEvidence } from '../sources/iocs/report.js';

/** One line for a message: the address as given. */
function oneLine(a: Address): string {
  return a.text ?? [a.street, a.city, a.region, a.postalCode, a.country].filter(Boolean).join(', ');
}

export default defineRule({
  meta: {
    id: 'shipping-address',
    description:
      "Detects laptops to be shipped away from the applicant's home and ID address or to another country than the claimed one, and shipping, home or employer addresses that are known front-company or laptop-farm addresses.",
    level: 'medium',
    messageLevels: { northKorea: 'critical', knownAddress: 'high', countryMismatch: 'high', notHomeAddress: 'medium' },
    status: 'stable',
    requires: ['iocs'],
    messages: {
      northKorea:
        'The laptop is to be shipped to North Korea ("{{shipping}}"): employing a person in North Korea, or a North Korean worker abroad, is prohibited by US sanctions (North Korea Sanctions Regulations, 31 CFR 510): verify before any next step.',
      knownAddress: '{{field}} "{{address}}" is {{how}} as a listed front-company or laptop-farm address: {{note}} ({{source}}, {{date}}).',
      countryMismatch: 'The laptop is to be shipped to {{shippingCountryName}}, but the applicant claims to live in {{claimedCountryName}}.',
      notHomeAddress: 'The laptop is to be shipped to "{{shipping}}", which is not {{against}}.',
    },
    falsePositives: [
      'Applicants who are moving, or who have equipment sent to a relative, a parcel locker or a workplace for safe delivery.',
      'Addresses written so differently (a missing unit, a building name instead of a number) that vet cannot tell they are one.',
      'Imported laptop-farm addresses are only as good as the case they came from.',
    ],
    references: [
      'https://sanctionsnews.bakermckenzie.com/the-us-government-publishes-advisory-on-north-korean-it-workers/',
      'https://www.ic3.gov/PSA/2024/PSA240516',
      'https://www.biginy.org/newsfeed/Lists/Posts/Post.aspx?ID=1476',
      'https://www.sentinelone.com/labs/dprk-it-workers-a-network-of-active-front-companies-and-their-links-to-china/',
    ],
  },
  check(applicant, ctx) {
    const iocs = requireSource(ctx.sources, 'iocs');
    // Each address is normalised once: the key serves the list and the home comparison.
    const places: Array<{ field: string; path: string; address: Address; key: string | undefined }> = [];
    const add = (field: string, path: string, address: Address | undefined) => {
      if (address) places.push({ field, path, address, key: addressKey(address) });
    };
    if (applicant.shippingAddress || applicant.address || applicant.idDocument?.address) ctx.checked('addresses');
    if (applicant.shippingAddress?.country === 'KP') {
      const shipping = oneLine(applicant.shippingAddress);
      ctx.report({ messageId: 'northKorea', data: { shipping }, evidence: [{ path: '/shippingAddress/country', value: 'KP' }] });
    }
    add('Shipping address', '/shippingAddress', applicant.shippingAddress);
    add('Home address', '/address', applicant.address);
    add('ID address', '/idDocument/address', applicant.idDocument?.address);
    applicant.employers.forEach((e, i) => add('Employer address', `/employers/${i}/address`, e.address));
    for (const { field, path, address, key } of places) {
      const match = key !== undefined ? iocs.address(key) : undefined;
      if (!match) continue;
      const { ioc } = match;
      ctx.report({
        messageId: 'knownAddress',
        data: { field, address: oneLine(address), how: match.how === 'same address' ? 'the same address' : 'in the same building', ...indicatorData(ioc) },
        evidence: [{ path, value: oneLine(address), source: 'iocs', ...indicatorEvidence(ioc), match: match.how }],
      });
    }

    const shipping = applicant.shippingAddress;
    if (!shipping) return;
    const claimed = applicant.location?.country ?? applicant.address?.country;
    if (shipping.country && claimed && shipping.country !== claimed) {
      ctx.report({
        messageId: 'countryMismatch',
        data: {
          shippingCountry: shipping.country,
          shippingCountryName: countryName(shipping.country),
          claimedCountry: claimed,
          claimedCountryName: countryName(claimed),
        },
        evidence: [
          { path: '/shippingAddress/country', value: shipping.country },
          { path: applicant.location?.country ? '/location/country' : '/address/country', value: claimed },
        ],
      });
    }
    // Home and ID addresses the shipping address can be compared with: both too vague means no verdict.
    const key = places.find((p) => p.path === '/shippingAddress')!.key;
    const homeKeys = places.filter((p) => (p.path === '/address' || p.path === '/idDocument/address') && p.key !== undefined);
    if (key === undefined || homeKeys.length === 0) return;
    const words = addressWords(key);
    // A shipping address that leaves out the flat number, or adds it, is still the home.
    if (homeKeys.some((h) => h.key === key || sameBuilding(words, addressWords(h.key!)))) return;
    const evidence: Evidence[] = [
      { path: '/shippingAddress', value: oneLine(shipping) },
      ...homeKeys.map((h) => ({ path: h.path, value: oneLine(h.address) })),
    ];
    const against = homeKeys.map((h) => (h.path === '/address' ? "the applicant's home address" : 'the address on their ID')).join(' or ');
    ctx.report({ messageId: 'notHomeAddress', data: { shipping: oneLine(shipping), against }, evidence });
  },
});
