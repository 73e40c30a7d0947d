import { readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import { kindOfPath, maskString, redactFinding } from '../../src/engine/redact.js';
import type { Report } from '../../src/engine/report.js';
import type { Applicant, Address } from '../../src/input/applicant.js';
import { OUTPUT_FORMATS } from '../../src/formatters/formats.js';
import { collect, FIXTURES } from '../helpers/collect.js';

// A temporary home: identity-reuse compares within the run only (no ledger), the audit writes there.
const env = { VET_HOME: mkdtempSync(join(tmpdir(), 'vet-home-')), VET_LEDGER: 'off' };
const vet = (argv: string[]) => run(argv, { cwd: FIXTURES, env });
const PERSONAL = 'applicants/personal-data.json';
const IDS = ['123-45-6789', '123 45 6789', 'GB29 NWBK 6016 1331 9268 19', 'GB29NWBK60161331926819', '6016 1331', '60161331'];

describe('masking personal data in reports', () => {
  it.each([
    ['nationalId', '123-45-6789', '****6789'],
    ['bankAccount', 'GB29 NWBK 6016 1331 9268 19', '****6819'],
    ['bankAccount', '1234', '****'],
    ['name', 'Min-jun Kim', 'M. K.'],
    ['name', '송민호', '송.'],
    ['name', 'SONG, Kum Hyok', 'S. K. H.'],
    ['email', 'minjun.kim@mailinator.com', 'm***@mailinator.com'],
    ['email', 'no-at-sign', '[e-mail]'],
    ['phone', '+850 2 381 2222', '+*** * *** **22'],
    ['address', '12 Example Street, Springfield', '[address]'],
  ] as const)('masks a %s %j as %j', (kind, value, masked) => {
    expect(maskString(kind, value)).toBe(masked);
  });

  it.each([
    ['/nationalId', 'nationalId'],
    ['/bankAccount', 'bankAccount'],
    ['/payment/accountHolder', 'name'],
    ['/references/2/email', 'email'],
    ['/phones/0', 'phone'],
    ['/shippingAddress/street', 'address'],
    ['/employers/1/address', 'address'],
    ['/employers/1/name', undefined],
    ['/ipEvents/0/ip', undefined],
    ['/location/country', undefined],
  ])('reads evidence at %s as %s', (path, kind) => {
    expect(kindOfPath(path)).toBe(kind);
  });

  it('masks a data value as its evidence is masked, and leaves data that is no personal evidence', () => {
    const { data, evidence } = redactFinding('all', { field: 'Employer', name: 'Example Trading LLC', holder: 'Wei Zhang', phone: '+850 2 381 2222' }, [
      { path: '/employers/0/name', value: 'Example Trading LLC' },
      { path: '/phones/0', value: '+850 2 381 2222', e164: '+85023812222' },
      { path: '/address', value: { street: '12 Example Street', country: 'US' } },
    ]);
    expect(data).toEqual({ field: 'Employer', name: 'Example Trading LLC', holder: 'W. Z.', phone: '+*** * *** **22' });
    expect(evidence).toEqual([
      { path: '/employers/0/name', value: 'Example Trading LLC' },
      { path: '/phones/0', value: '+*** * *** **22', e164: '+*********22' },
      { path: '/address', value: { street: '[address]', country: 'US' } },
    ]);
    const untouched = { name: 'Wei Zhang' };
    expect(redactFinding('ids', untouched, []).data).toBe(untouched);
  });

  it.each(OUTPUT_FORMATS)('shows national IDs and bank accounts by their last 4 only, by default, in %s', async (format) => {
    const r = await vet([PERSONAL, '--format', format]);
    expect(r.exitCode).toBe(1);
    for (const id of IDS) expect(r.stdout).not.toContain(id);
    expect(r.stdout).toContain('Min-jun Kim');
    // The formats that show evidence show the masked form (csv and markdown list messages only).
    if (['text', 'json', 'ndjson'].includes(format)) expect([r.stdout.includes('****6789'), r.stdout.includes('****6819')]).toEqual([true, true]);
  });

  it('shows them in full with --show-ids, which a config asking to redact refuses', async () => {
    const r = await vet([PERSONAL, '--show-ids']);
    expect(r.stdout).toContain('GB29 NWBK 6016 1331 9268 19');
    expect(r.stdout).toContain('123-45-6789');
    const dir = mkdtempSync(join(tmpdir(), 'vet-config-'));
    writeFileSync(join(dir, 'vet.config.json'), '{ "redact": true }');
    const refused = await run([join(FIXTURES, PERSONAL), '--show-ids'], { cwd: dir, env });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/^vet: --show-ids: the config asks for every personal detail to be masked/);
    expect((await vet([PERSONAL, '--redact', '--show-ids'])).exitCode).toBe(2);
    const configured = await run([join(FIXTURES, PERSONAL), '--format', 'json'], { cwd: dir, env });
    expect((JSON.parse(configured.stdout) as Report).redaction).toBe('all');
  });

  it('--redact changes what is shown, never a score, a level or which findings there are', async () => {
    const plain = JSON.parse((await vet([PERSONAL, '--format', 'json'])).stdout) as Report;
    const redacted = JSON.parse((await vet([PERSONAL, '--format', 'json', '--redact'])).stdout) as Report;
    expect([plain.redaction, redacted.redaction]).toEqual(['ids', 'all']);
    const shape = (r: Report) => r.applicants.map((a) => [a.id, a.score, a.level, a.findings.map((f) => `${f.rule}/${f.messageId}/${f.level}`)]);
    expect(shape(redacted)).toEqual(shape(plain));
    expect(redacted.applicants.map((a) => a.name)).toEqual(['M. K.', 'O. S.']);
    const holder = redacted.applicants[0]!.findings.find((f) => f.messageId === 'holderMismatch')!;
    expect(holder.message).toBe('The payout account is in the name of "W. Z.", not the applicant\'s (M. K.).');
  });

  /** Every name, e-mail address, phone number, street and ID an applicant gives, as written. */
  function personalStrings(a: Applicant): string[] {
    const address = (x: Address | undefined) => [x?.text, x?.street];
    const profileNames = Object.values(a.profiles).map((p) => (typeof p === 'string' ? undefined : p.name));
    const phones = [...a.phones, ...a.references.map((r) => r.phone)].flatMap((p) => (p ? [p, p.replace(/\D/g, '')] : []));
    return [
      a.name,
      a.givenName && a.familyName ? `${a.givenName} ${a.familyName}` : undefined,
      ...a.otherNames,
      a.idDocument?.name,
      a.payment?.accountHolder,
      ...a.references.map((r) => r.name),
      ...profileNames,
      ...a.emails,
      ...a.references.map((r) => r.email),
      ...phones,
      ...address(a.address),
      ...address(a.shippingAddress),
      ...address(a.idDocument?.address),
      ...a.employers.flatMap((e) => address(e.address)),
      a.nationalId,
      a.bankAccount,
    ].filter((s): s is string => typeof s === 'string' && s.replace(/\s/g, '').length >= 6);
  }

  it.each(OUTPUT_FORMATS)('--redact leaves no name, e-mail address, phone number, street or ID of any fixture in %s', async (format) => {
    const files = [...readdirSync(join(FIXTURES, 'applicants')).map((f) => `applicants/${f}`), ...readdirSync(join(FIXTURES, 'csv')).map((f) => `csv/${f}`)];
    const { records } = await collect(files);
    const secrets = new Set(records.flatMap((r) => personalStrings(r.applicant)));
    expect(secrets.size).toBeGreaterThan(100);
    const r = await vet([...files, '--format', format, '--redact']);
    expect(r.stderr).toBe('');
    const leaked = [...secrets].filter((s) => r.stdout.includes(s));
    expect(leaked).toEqual([]);
    // Without --redact the same scan finds them: the scan itself can fail.
    const plain = await vet([...files, '--format', format]);
    expect([...secrets].filter((s) => plain.stdout.includes(s)).length).toBeGreaterThan(10);
  });
});
