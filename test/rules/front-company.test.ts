import rule from '../../src/rules/front-company.js';
import { applicant } from '../helpers/applicant.js';
import { ruleTester } from '../helpers/rule-tester.js';

const reference = (email: string) => applicant({ references: [{ name: 'Robin Example', email }] });

ruleTester.run(rule, {
  valid: [
    {
      name: 'ordinary employers and references',
      applicant: applicant({
        employers: [{ name: 'Example Corp', domain: 'example.com' }, 'Samsung Electronics', 'Korea Telecom'],
        references: [{ name: 'Robin', email: 'robin@example.org', company: 'Example Corp' }],
      }),
    },
    { name: 'a reference at the real company', applicant: reference('robin@google.com') },
    { name: "a reference at the company's other country domain", applicant: reference('robin@google.de') },
    { name: "a reference at a subdomain of the company's domain", applicant: reference('robin@corp.amazon.com') },
    { name: 'free mail is not a look-alike of a company', applicant: reference('robin@gmail.com') },
    { name: 'a five-letter name and its ordinary neighbour', applicant: reference('robin@black.com') },
    {
      name: 'a generic company name that contains a listed city and trade',
      applicant: applicant({ employers: ['Shenyang Technology Ltd', 'Korea Trading Corporation', 'Silver Star Consulting'] }),
    },
    { name: "the applicant's own mail at a look-alike is not this rule's concern", applicant: applicant({ email: 'jane@gooogle.com' }) },
  ],
  invalid: [
    {
      name: 'an employer domain that is a seized front-company site',
      applicant: applicant({ employers: [{ name: 'Independent Lab', domain: 'https://www.inditechlab.com' }] }),
      findings: [
        { messageId: 'knownDomain', level: 'high', data: { domain: 'inditechlab.com', field: 'Employer domain' }, paths: ['/employers/0/domain'] },
        { messageId: 'sharedCompanyName', level: 'low', data: { company: 'Independent Lab LLC' }, paths: ['/employers/0/name'] },
      ],
    },
    {
      name: "a reference's e-mail and the applicant's e-mail at front-company domains",
      applicant: applicant({ email: 'dev@tonywangtech.com', references: [{ name: 'Tony', email: 'hr@mail.huguotechltd.com' }] }),
      findings: [
        { messageId: 'knownDomain', data: { domain: 'tonywangtech.com', field: 'E-mail' }, paths: ['/emails/0'] },
        { messageId: 'knownDomain', data: { domain: 'huguotechltd.com', field: "Reference's e-mail" }, paths: ['/references/0/email'] },
      ],
    },
    {
      name: 'an employer designated by OFAC, written another way',
      applicant: applicant({ employers: ['YANBIAN SILVER STAR NETWORK TECHNOLOGY CO LTD'] }),
      findings: [
        { messageId: 'knownCompany', level: 'high', data: { company: 'Yanbian Silverstar Network Technology Co., Ltd.' }, paths: ['/employers/0/name'] },
      ],
    },
    {
      name: "a reference's company is a designated dispatcher",
      applicant: applicant({ references: [{ name: 'Kim', company: 'Korea Sobaeksu Trading Company' }] }),
      findings: [{ messageId: 'knownCompany', data: { field: "Reference's company" }, paths: ['/references/0/company'] }],
    },
    {
      name: 'a common name shared with a designated company is reported low',
      applicant: applicant({ employers: ['Fortuna LLC'] }),
      findings: [{ messageId: 'sharedCompanyName', level: 'low', data: { company: 'Fortuna LLC' } }],
    },
    {
      name: 'one slip in a well-known domain',
      applicant: reference('robin@amazom.com'),
      findings: [{ messageId: 'lookalikeDomain', level: 'medium', data: { domain: 'amazom.com', imitated: 'amazon.com' }, paths: ['/references/0/email'] }],
    },
    { name: 'rn for m', applicant: reference('hr@rnicrosoft.com'), findings: [{ messageId: 'lookalikeDomain', data: { imitated: 'microsoft.com' } }] },
    { name: 'digits for letters', applicant: reference('hr@g00gle.com'), findings: [{ messageId: 'lookalikeDomain', data: { imitated: 'google.com' } }] },
    {
      name: 'the company name with -hr',
      applicant: reference('jobs@netflix-hr.com'),
      findings: [{ messageId: 'lookalikeDomain', data: { imitated: 'netflix.com' } }],
    },
    {
      name: 'a cloned firm whose site a front company copied',
      applicant: reference('pm@kitrurn.com'),
      findings: [{ messageId: 'lookalikeDomain', data: { imitated: 'kitrum.com' } }],
    },
    {
      name: 'look-alikes of a protected domain from config, in an employer and a reference',
      applicant: applicant({
        employers: [
          { name: 'Acme', domain: 'acme-widgets.co' },
          { name: 'Acme', domain: 'acmewidgets.com' },
        ],
        references: [{ email: 'boss@acmewidgetz.com' }],
      }),
      settings: { options: { protectedDomains: ['acmewidgets.com'] } },
      findings: [
        { messageId: 'lookalikeDomain', data: { imitated: 'acmewidgets.com', field: 'Employer domain' }, paths: ['/employers/0/domain'] },
        { messageId: 'lookalikeDomain', data: { imitated: 'acmewidgets.com', field: "Reference's e-mail" }, paths: ['/references/0/email'] },
      ],
    },
  ],
});
