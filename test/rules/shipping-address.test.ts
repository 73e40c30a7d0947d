import rule from '../../src/rules/shipping-address.js';
import { applicant } from '../helpers/applicant.js';
import { ruleTester } from '../helpers/rule-tester.js';

const home = { street: '100 Example Street, Apt 4', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };

ruleTester.run(rule, {
  valid: [
    { name: 'no shipping address', applicant: applicant({ address: home }) },
    {
      name: 'shipping to the home address, written another way',
      applicant: applicant({ address: home, shippingAddress: '100 EXAMPLE ST #4, SPRINGFIELD, ILLINOIS 62701-1234' }),
    },
    {
      name: 'shipping to the home building without the flat number',
      applicant: applicant({ address: home, shippingAddress: '100 Example St, Springfield, IL 62701' }),
    },
    {
      name: 'shipping to the address on the ID',
      applicant: applicant({
        address: home,
        idDocument: { address: '9 Sample Road, Portland, OR 97201' },
        shippingAddress: '9 Sample Rd, Portland, Oregon 97201',
      }),
    },
    {
      name: 'a shipping address but no home address to compare',
      applicant: applicant({ shippingAddress: '9 Sample Road, Portland, OR 97201', location: 'Portland, OR, USA' }),
    },
    { name: 'a vague shipping address is not compared', applicant: applicant({ address: home, shippingAddress: { city: 'Springfield', country: 'US' } }) },
    {
      name: 'a Seoul home and shipping address, claimed Korea',
      applicant: applicant({
        name: 'Kim Min-jun',
        location: { country: 'KR' },
        address: { text: '12 Sejong-daero, Jung-gu, Seoul 04524', country: 'KR' },
        shippingAddress: { text: '12 Sejong-daero, Jung-gu, Seoul 04524', country: 'KR' },
      }),
    },
  ],
  invalid: [
    {
      name: 'laptop shipped to North Korea',
      applicant: applicant({ shippingAddress: { city: 'Pyongyang', country: 'North Korea' } }),
      findings: [{ messageId: 'northKorea', level: 'critical', data: { shipping: 'Pyongyang, KP' }, paths: ['/shippingAddress/country'] }],
    },
    {
      name: 'a laptop to be shipped elsewhere than home and ID',
      applicant: applicant({ address: home, idDocument: { address: home }, shippingAddress: '77 Other Avenue, Dallas, TX 75201' }),
      findings: [
        {
          messageId: 'notHomeAddress',
          level: 'medium',
          data: { against: "the applicant's home address or the address on their ID" },
          paths: ['/shippingAddress', '/address', '/idDocument/address'],
        },
      ],
    },
    {
      name: 'shipping abroad from a claimed US home',
      applicant: applicant({ location: { country: 'US' }, address: home, shippingAddress: { street: '5 Harbour Road', city: 'Vladivostok', country: 'RU' } }),
      findings: [
        {
          messageId: 'countryMismatch',
          level: 'high',
          data: { shippingCountry: 'RU', claimedCountry: 'US' },
          paths: ['/shippingAddress/country', '/location/country'],
        },
        { messageId: 'notHomeAddress', data: { against: "the applicant's home address" } },
      ],
    },
    {
      name: 'shipping to the Shenyang front-company building',
      applicant: applicant({ shippingAddress: 'Room 1006-24, Building A1, 11 Tawan Street, Huanggu District, Shenyang' }),
      findings: [{ messageId: 'knownAddress', level: 'high', data: { field: 'Shipping address', how: 'in the same building' }, paths: ['/shippingAddress'] }],
    },
    {
      name: "an employer's address is a listed front-company address",
      applicant: applicant({
        employers: [{ name: 'Tonywang', address: 'No. 1006-25, Building A1, No. 11 Tawan Street, Huanggu District, Shenyang, Liaoning 110036, China' }],
      }),
      findings: [{ messageId: 'knownAddress', data: { field: 'Employer address', how: 'the same address' }, paths: ['/employers/0/address'] }],
    },
  ],
});
