import { parseConfig } from '../../src/engine/config.js';
import type { Finding } from '../../src/engine/report.js';
import { basisOf, Reviews, subjectOf } from '../../src/engine/review.js';
import { FindingKeys } from '../../src/sources/ledger-key.js';
import type { ReviewDecision } from '../../src/sources/reviews.js';

const keys = FindingKeys.of(Buffer.alloc(32, 7));
const config = parseConfig({}, []);

function sanctionsFinding(entryVersion: string, name = 'Song Kum Hyok'): Finding {
  const evidence = [{ path: '/name', value: name, source: 'sanctions', entryId: '36470', entryVersion, programs: ['DPRK3'] }];
  const reviews = new Reviews(keys, [], new Date());
  return {
    id: reviews.findingId('sdn-alias-match', { messageId: 'nameOnlyMatch', evidence }),
    rule: 'sdn-alias-match',
    messageId: 'nameOnlyMatch',
    level: 'medium',
    points: 25,
    message: 'm',
    data: {},
    evidence,
    doc: 'docs/rules/sdn-alias-match.md#how-to-review',
  };
}

function decisionOn(f: Finding, person: string[]): ReviewDecision {
  const reviews = new Reviews(keys, [], new Date());
  return {
    id: 'd-1',
    applicantId: 'A-1',
    finding: f.id,
    topic: reviews.topic(f),
    basis: basisOf(f),
    rule: f.rule,
    messageId: f.messageId,
    person: reviews.person(person),
    decision: 'cleared',
    reason: 'different date of birth on the passport',
    by: 'alice',
    at: '2026-11-01T00:00:00.000Z',
  };
}

describe('review decisions meeting findings', () => {
  const person = ['email\u0000ann@example.com'];

  it('a finding id ignores where in a list the value was and how its case was written', () => {
    const a = subjectOf('email', { messageId: 'disposableDomain', evidence: [{ path: '/emails/0', value: 'Ann@Mailinator.com' }] });
    const b = subjectOf('email', { messageId: 'disposableDomain', evidence: [{ path: '/emails/2', value: 'ann@mailinator.com' }] });
    expect(a).toBe(b);
  });

  it('re-opens a decision when the list entry changed (a new alias, date of birth or program after vet lists update)', () => {
    const before = sanctionsFinding('v1');
    const reviews = new Reviews(keys, [decisionOn(before, person)], new Date('2026-12-01'));
    const same = sanctionsFinding('v1');
    reviews.apply([same], reviews.candidates(person), config, () => false);
    expect(same).toMatchObject({ points: 0, review: { status: 'decided' } });
    const updated = sanctionsFinding('v2');
    // The finding is the same (same entry, same name); the entry it rests on is not.
    expect(updated.id).toBe(before.id);
    reviews.apply([updated], reviews.candidates(person), config, () => false);
    expect(updated.points).toBe(25);
    expect(updated.review).toMatchObject({ status: 'reopened', decision: 'cleared' });
    expect(updated.review!.why).toMatch(/list entry changed/);
  });

  it('finds no decision for a person it was not made about', () => {
    const f = sanctionsFinding('v1');
    const reviews = new Reviews(keys, [decisionOn(f, person)], new Date('2026-12-01'));
    expect(reviews.candidates(['email\u0000someone.else@example.com'])).toEqual([]);
  });
});
