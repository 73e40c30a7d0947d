import rule from '../../src/rules/email.js';
import { applicant } from '../helpers/applicant.js';
import { engineWithIocs } from '../helpers/iocs.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    { name: 'no e-mail', applicant: applicant({}) },
    { name: 'ordinary free mail of many countries', applicant: applicant({ emails: ['jane@gmail.com', 'min.jun@naver.com', 'wang.fang@qq.com', 'li@163.com', 'ivan@yandex.ru', 'olga@mail.ru', 'a@outlook.com', 'b@proton.me', 'c@gmx.de'] }) },
    { name: 'a company address', applicant: applicant({ email: 'jane@example.com' }) },
    { name: 'a reference at an ordinary domain', applicant: applicant({ references: [{ name: 'Robin', email: 'robin@example.org' }] }) },
  ],
  invalid: [
    {
      name: 'a throwaway domain',
      applicant: applicant({ email: 'dev.guru@mailinator.com' }),
      findings: [{ messageId: 'disposableDomain', level: 'medium', data: { domain: 'mailinator.com' }, paths: ['/emails/0'] }],
    },
    {
      name: 'a subdomain of a throwaway domain, in capitals',
      applicant: applicant({ emails: ['jane@gmail.com', 'X@Inbox.Mailinator.com'] }),
      findings: [{ messageId: 'disposableDomain', data: { domain: 'inbox.mailinator.com' }, paths: ['/emails/1'] }],
    },
    {
      name: "a reference's throwaway address",
      applicant: applicant({ references: [{ name: 'Robin', email: 'robin@guerrillamail.com' }] }),
      findings: [{ messageId: 'disposableDomain', paths: ['/references/0/email'] }],
    },
  ],
});

describe('email with imported indicators', () => {
  it('reports an address on the list, however it is spelled, with its source', async () => {
    const engine = await engineWithIocs(rule, [{ kind: 'email', value: 'recruiter.sample@gmail.com', source: 'Our SOC case 2026-14', date: '2026-10-02', note: 'applied under three names' }]);
    const hit = engine.vet(applicant({ emails: ['jane@example.com', 'Recruiter.Sample+jobs@GMail.com'] }));
    const miss = engine.vet(applicant({ emails: ['recruiter.simple@gmail.com'] }));
    expect(hit.findings.map((f) => [f.messageId, f.level, f.evidence[0]!.path, f.data.source])).toEqual([['knownIndicator', 'high', '/emails/1', 'Our SOC case 2026-14']]);
    expect(hit.findings[0]!.evidence[0]).toMatchObject({ origin: 'imported', note: 'applied under three names' });
    expect(miss.findings).toEqual([]);
  });
});
