import { defineRule, setOf, type Evidence } from '../engine/rule.js';
import { countryName } from '../keys/countries.js';
import { compareNames } from '../names/match.js';
import { MATCH_THRESHOLD } from '../names/threshold.js';
import { requireSource } from '../sources/index.js';
import { indicatorData, indicatorEvidence } from '../sources/iocs/report.js';

/** Payout methods that name a cryptocurrency, a token or a crypto exchange. */
const CRYPTO =
  /crypto|bitcoin|\bbtc\b|ethereum|\beth\b|\busdt\b|\busdc\b|tether|stable ?coin|\btrx\b|\btron\b|solana|\bsol\b|monero|\bxmr\b|litecoin|\bltc\b|binance|coinbase|\bdefi\b/i;

export default defineRule({
  meta: {
    id: 'payment',
    description:
      "Detects payouts in cryptocurrency, to an account in another person's name, to a bank in another country than the claimed one, through a payout service the user lists as higher-risk, or to a wallet on the indicator list.",
    level: 'medium',
    messageLevels: {
      knownWallet: 'critical',
      holderMismatch: 'high',
      highRiskCountry: 'high',
      countryMismatch: 'medium',
      cryptoPayout: 'medium',
      listedProvider: 'medium',
    },
    status: 'stable',
    requires: ['iocs'],
    messages: {
      knownWallet: 'Payout wallet {{wallet}} is on the indicator list: {{note}} ({{source}}, {{date}}).',
      holderMismatch: 'The payout account is in the name of "{{holder}}", not the applicant\'s ({{name}}).',
      highRiskCountry:
        "The payout account is in {{bankCountryName}}, a high-risk origin for this fraud, but the applicant's claimed country is {{claimedCountryName}}.",
      countryMismatch: "The payout account is in {{bankCountryName}}, but the applicant's claimed country is {{claimedCountryName}}.",
      cryptoPayout: 'The applicant asks to be paid in cryptocurrency ({{method}}).',
      listedProvider: 'The payout service {{provider}} is on your list of higher-risk payout services.',
    },
    options: {
      highRiskCountries: {
        type: 'countries',
        default: ['KP', 'CN', 'RU', 'LA'],
        description: 'Bank countries reported as high (not medium) when they differ from the claimed country.',
      },
      highRiskProviders: {
        type: 'strings',
        default: [] as string[],
        description: 'Payout services your organisation treats as higher-risk (matched case-insensitively within the provider or method). None by default.',
      },
    },
    falsePositives: [
      'Contractors paid through their own company, or a joint account with a partner: the account holder is then another name.',
      'Expatriates who keep a home-country bank account, and remote workers paid through an international payout service.',
      'Some contractors in crypto-native companies prefer stablecoin payment for ordinary reasons.',
    ],
    references: [
      'https://sanctionsnews.bakermckenzie.com/the-us-government-publishes-advisory-on-north-korean-it-workers/',
      'https://www.ic3.gov/PSA/2024/PSA240516',
      'https://www.ic3.gov/PSA/2025/PSA250723-4',
    ],
  },
  check(applicant, ctx) {
    const payment = applicant.payment;
    if (!payment) return;
    ctx.checked('payment details');
    const iocs = requireSource(ctx.sources, 'iocs');

    if (payment.walletAddress) {
      const ioc = iocs.wallet(payment.walletAddress);
      if (ioc) {
        ctx.report({
          messageId: 'knownWallet',
          data: { wallet: payment.walletAddress, ...indicatorData(ioc) },
          evidence: [{ path: '/payment/walletAddress', value: payment.walletAddress, source: 'iocs', ...indicatorEvidence(ioc) }],
        });
      }
    }

    const method = payment.method;
    if ((method && CRYPTO.test(method)) || (payment.walletAddress && !(method && /bank|wire|transfer|ach|sepa|payroll|check|cheque/i.test(method)))) {
      const evidence: Evidence[] = [];
      if (method) evidence.push({ path: '/payment/method', value: method });
      if (payment.walletAddress) evidence.push({ path: '/payment/walletAddress', value: payment.walletAddress });
      ctx.report({ messageId: 'cryptoPayout', data: { method: method ?? 'a wallet address' }, evidence });
    }

    // The name matcher decides: "Kim Min Jun" is "Min-jun Kim" and "Gim Minjun"; another person is not.
    const holder = payment.accountHolder;
    const own = [
      ...(applicant.name ? [{ path: '/name', value: applicant.name }] : []),
      ...applicant.otherNames.map((value, i) => ({ path: `/otherNames/${i}`, value })),
      ...(applicant.idDocument?.name ? [{ path: '/idDocument/name', value: applicant.idDocument.name }] : []),
    ];
    const best = holder && own.length > 0 ? Math.max(...own.map((n) => compareNames(holder, n.value).score)) : 1;
    if (holder && best < MATCH_THRESHOLD) {
      ctx.report({
        messageId: 'holderMismatch',
        data: { holder, name: applicant.name ?? own[0]!.value },
        evidence: [
          { path: '/payment/accountHolder', value: holder, bestScore: best, threshold: MATCH_THRESHOLD },
          ...own.map((n) => ({ path: n.path, value: n.value })),
        ],
      });
    }

    const bank = payment.bankCountry;
    const claimed = applicant.location?.country ?? applicant.address?.country;
    if (bank && claimed && bank !== claimed) {
      const high = setOf(ctx.options.highRiskCountries);
      ctx.report({
        messageId: high.has(bank) || bank === 'KP' ? 'highRiskCountry' : 'countryMismatch',
        // A North Korean account is the scheme's purpose itself.
        ...(bank === 'KP' ? { level: 'critical' as const } : {}),
        data: { bankCountry: bank, bankCountryName: countryName(bank), claimedCountry: claimed, claimedCountryName: countryName(claimed) },
        evidence: [
          { path: '/payment/bankCountry', value: bank },
          { path: applicant.location?.country ? '/location/country' : '/address/country', value: claimed },
        ],
      });
    }

    const service = [payment.provider, method].filter((s): s is string => s !== undefined);
    const listed = ctx.options.highRiskProviders.find((p) => p.trim() !== '' && service.some((s) => s.toLowerCase().includes(p.trim().toLowerCase())));
    if (listed !== undefined) {
      const path = payment.provider?.toLowerCase().includes(listed.trim().toLowerCase()) ? '/payment/provider' : '/payment/method';
      ctx.report({
        messageId: 'listedProvider',
        data: { provider: listed },
        evidence: [{ path, value: path === '/payment/provider' ? payment.provider : method, listedAs: listed }],
      });
    }
  },
});
