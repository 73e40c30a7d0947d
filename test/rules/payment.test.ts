import rule from '../../src/rules/payment.js';
import { applicant } from '../helpers/applicant.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    { name: 'no payment details', applicant: applicant({}) },
    {
      name: "a bank transfer in the applicant's name and country",
      applicant: applicant({
        name: 'Jane Doe',
        location: { country: 'US' },
        payment: { method: 'Bank transfer', accountHolder: 'JANE DOE', bankCountry: 'US' },
      }),
    },
    {
      name: 'a romanized variant of the same Korean name',
      applicant: applicant({ name: 'Kim Min-jun', payment: { method: 'ACH', accountHolder: 'Gim Minjun' } }),
    },
    { name: 'family name first, in another order', applicant: applicant({ name: 'Wang Fang', payment: { accountHolder: 'Fang Wang' } }) },
    {
      name: 'the holder matches the name on the ID',
      applicant: applicant({ name: 'Bob Smith', idDocument: { name: 'Robert James Smith' }, payment: { accountHolder: 'Robert J. Smith' } }),
    },
    { name: 'a contractor paid through their own company', applicant: applicant({ name: 'Ivan Petrov', payment: { accountHolder: 'Ivan Petrov LLC' } }) },
    {
      name: 'a bank in the claimed country of a Russian resident',
      applicant: applicant({ name: 'Ivan Petrov', location: { country: 'RU' }, payment: { method: 'bank', bankCountry: 'RU' } }),
    },
    {
      name: 'a provider not on the configured list',
      applicant: applicant({ payment: { provider: 'Example Payroll' } }),
      settings: { options: { highRiskProviders: ['QuickPayout'] } },
    },
  ],
  invalid: [
    {
      name: 'paid in a stablecoin',
      applicant: applicant({ payment: { method: 'USDT (TRC-20)' } }),
      findings: [{ messageId: 'cryptoPayout', level: 'medium', data: { method: 'USDT (TRC-20)' }, paths: ['/payment/method'] }],
    },
    {
      name: 'a wallet address without a method',
      applicant: applicant({ payment: { walletAddress: '0x2222222222222222222222222222222222222222' } }),
      findings: [{ messageId: 'cryptoPayout', data: { method: 'a wallet address' }, paths: ['/payment/walletAddress'] }],
    },
    {
      name: 'the designated Andreyev wallet',
      applicant: applicant({ payment: { method: 'Bitcoin', walletAddress: '1HmqvgSXUVES1jn4TQPzk9dxo1NE8wim2T' } }),
      findings: [
        { messageId: 'knownWallet', level: 'critical', paths: ['/payment/walletAddress'] },
        { messageId: 'cryptoPayout', paths: ['/payment/method', '/payment/walletAddress'] },
      ],
    },
    {
      name: "an account in another person's name",
      applicant: applicant({ name: 'Jane Doe', payment: { method: 'Wise', accountHolder: 'Christina Example' } }),
      findings: [
        { messageId: 'holderMismatch', level: 'high', data: { holder: 'Christina Example', name: 'Jane Doe' }, paths: ['/payment/accountHolder', '/name'] },
      ],
    },
    {
      name: 'a Chinese bank for a claimed US resident',
      applicant: applicant({ location: { country: 'US' }, payment: { method: 'wire', bankCountry: 'China' } }),
      findings: [
        {
          messageId: 'highRiskCountry',
          level: 'high',
          data: { bankCountry: 'CN', claimedCountry: 'US' },
          paths: ['/payment/bankCountry', '/location/country'],
        },
      ],
    },
    {
      name: 'a bank in another ordinary country',
      applicant: applicant({ address: { city: 'Berlin', country: 'DE' }, payment: { bankCountry: 'GB' } }),
      findings: [{ messageId: 'countryMismatch', level: 'medium', paths: ['/payment/bankCountry', '/address/country'] }],
    },
    {
      name: 'a North Korean bank is critical',
      applicant: applicant({ location: { country: 'US' }, payment: { bankCountry: 'KP' } }),
      findings: [{ messageId: 'highRiskCountry', level: 'critical' }],
    },
    {
      name: 'a payout service the organisation lists',
      applicant: applicant({ payment: { method: 'online', provider: 'QuickPayout Ltd' } }),
      settings: { options: { highRiskProviders: ['quickpayout'] } },
      findings: [{ messageId: 'listedProvider', data: { provider: 'quickpayout' }, paths: ['/payment/provider'] }],
    },
  ],
});
