import rule from '../../src/rules/email.js';
import { applicant } from '../helpers/applicant.js';
import { engineWithIocs } from '../helpers/iocs.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    { name: 'no e-mail', applicant: applicant({}) },
    {
      name: 'ordinary free mail of many countries',
      applicant: applicant({
        emails: [
          'jane@gmail.com',
          'min.jun@naver.com',
          'wang.fang@qq.com',
          'li@163.com',
          'ivan@yandex.ru',
          'olga@mail.ru',
          'a@outlook.com',
          'b@proton.me',
          'c@gmx.de',
        ],
      }),
    },
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
    const engine = await engineWithIocs(rule, [
      { kind: 'email', value: 'recruiter.sample@gmail.com', source: 'Our SOC case 2026-14', date: '2026-10-02', note: 'applied under three names' },
    ]);
    const hit = engine.vet(applicant({ emails: ['jane@example.com', 'Recruiter.Sample+jobs@GMail.com'] }));
    const miss = engine.vet(applicant({ emails: ['recruiter.simple@gmail.com'] }));
    expect(hit.findings.map((f) => [f.messageId, f.level, f.evidence[0]!.path, f.data.source])).toEqual([
      ['knownIndicator', 'high', '/emails/1', 'Our SOC case 2026-14'],
    ]);
    expect(hit.findings[0]!.evidence[0]).toMatchObject({ origin: 'imported', note: 'applied under three names' });
    expect(miss.findings).toEqual([]);
  });
});

describe('the disposable-domain list', () => {
  it('answers as mailchecker does, from its first lookup and after it switches to a Set', async () => {
    const { loadEmailSource, EMAIL_PACK_FILE } = await import('../../src/sources/email.js');
    const { existsSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    const listed = [...(createRequire(import.meta.url)('mailchecker') as { blacklist(): Set<string> }).blacklist()];
    // `npm test` builds first, so the packed list is what a single check reads.
    expect(existsSync(EMAIL_PACK_FILE)).toBe(true);
    const source = loadEmailSource();
    expect(source.info.description).toContain(`(${listed.length.toLocaleString('en')} domains)`);
    const sample = listed.filter((_, i) => i % 1000 === 0);
    expect(sample.length).toBeGreaterThan(40);
    for (const d of sample) {
      expect(source.disposableDomain(d)).toBe(d);
      expect(source.disposableDomain(`mx.${d.toUpperCase()}.`)).toBe(d);
    }
    for (const d of ['example.com', 'gmail.com', 'naver.com', '', 'com', '.', 'mailinator.com.example']) expect(source.disposableDomain(d)).toBeUndefined();
  });
});
