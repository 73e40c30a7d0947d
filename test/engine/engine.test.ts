import { parseConfig } from '../../src/engine/config.js';
import { RuleFailure } from '../../src/engine/batch.js';
import { Engine, formatMessage } from '../../src/engine/engine.js';
import { defineRule, type AnyRule } from '../../src/engine/rule.js';
import { normaliseApplicant } from '../../src/input/normalise.js';
import { applicant } from '../helpers/applicant.js';

const probe = defineRule({
  meta: {
    id: 'probe',
    description: 'Reports what the test asks for.',
    level: 'medium',
    messageLevels: { loud: 'high' },
    status: 'stable',
    requires: [],
    messages: { quiet: 'Quiet {{what}}.', loud: 'Loud {{what}}.', broken: 'Needs {{missing}}.' },
    falsePositives: [],
    references: [],
  },
  check(a, ctx) {
    for (const m of (a.extra.report as string[] | undefined) ?? []) {
      if (m === 'throw') throw new Error('boom');
      ctx.report({ messageId: m as 'quiet', data: { what: m }, evidence: [{ path: '/phones/0', value: a.phones[0] }] });
    }
  },
});

function vetWith(rules: AnyRule[], config: unknown, raw: Record<string, unknown>) {
  return new Engine(rules, parseConfig(config, rules), {}).vet(applicant(raw));
}

describe('engine', () => {
  it('sums points, orders findings and keeps each contribution', () => {
    const result = vetWith([probe], {}, { phone: '+1', report: ['quiet', 'loud'] });
    expect(result.findings.map((f) => [f.messageId, f.level, f.points, f.message])).toEqual([
      ['loud', 'high', 50, 'Loud loud.'],
      ['quiet', 'medium', 25, 'Quiet quiet.'],
    ]);
    expect(result.score).toBe(75);
    expect(result.level).toBe('high');
    expect(result.failed).toBe(true);
  });

  it('applies configured levels, message levels and off', () => {
    const result = vetWith([probe], { rules: { probe: { level: 'low', messages: { loud: 'off' } } } }, { report: ['quiet', 'loud'] });
    expect(result.findings.map((f) => [f.messageId, f.level])).toEqual([['quiet', 'low']]);
    expect(vetWith([probe], { rules: { probe: 'off' } }, { report: ['quiet'] }).findings).toEqual([]);
  });

  it('gives experimental rules no points', () => {
    const experimental = { ...probe, meta: { ...probe.meta, status: 'experimental' as const } };
    const result = vetWith([experimental], {}, { report: ['loud'] });
    expect(result.findings[0]!.points).toBe(0);
    expect(result.level).toBe('clear');
  });

  it('adds the input location of the evidence', () => {
    const json = vetWith([probe], {}, { phone: '+1 415 555 0100', report: ['quiet'] });
    expect(json.findings[0]!.evidence[0]).toEqual({ path: '/phones/0', value: '+1 415 555 0100', inputPath: '/phone' });
    const csv = normaliseApplicant({ phones: ['+1 415 555 0100'], report: ['quiet'] }, { file: 'x.csv', line: 2, columns: new Map([['/phones/0', 'Mobile']]) });
    const result = new Engine([probe], parseConfig({}, [probe]), {}).vet(csv);
    expect(result.findings[0]!.evidence[0]).toMatchObject({ path: '/phones/0', column: 'Mobile' });
  });

  it('names the rule and applicant when a rule fails', () => {
    expect(() => vetWith([probe], {}, { id: 'A-9', report: ['throw'] })).toThrow(new RuleFailure('probe', 'A-9', new Error('boom')));
    expect(() => vetWith([probe], {}, { id: 'A-9', report: ['nope'] })).toThrow('rule probe failed on applicant A-9: reported unknown message "nope"');
    expect(() => vetWith([probe], {}, { id: 'A-9', report: ['broken'] })).toThrow(/needs \{\{missing\}\}/);
  });

  // Each rule's context is made once with the engine and reports to the applicant being vetted.
  it('keeps findings and checks to the applicant being vetted, and refuses a report made after a check', () => {
    let kept: Parameters<NonNullable<AnyRule['check']>>[1] | undefined;
    const keeper = defineRule({
      meta: { ...probe.meta, id: 'keeper', messages: { seen: 'Seen {{id}}.' }, messageLevels: {} },
      check(a, ctx) {
        kept = ctx;
        if (a.id === 'K-1') {
          ctx.checked('first');
          ctx.report({ messageId: 'seen', data: { id: a.id }, evidence: [] });
        } else ctx.notChecked('second', 'nothing to see');
      },
    });
    const engine = new Engine([keeper], parseConfig({}, [keeper]), {});
    const first = engine.vet(applicant({ id: 'K-1' }));
    const second = engine.vet(applicant({ id: 'K-2' }));
    expect([first.findings.map((f) => f.message), first.checks.checked, first.checks.notChecked]).toEqual([['Seen K-1.'], ['first'], []]);
    expect([second.findings, second.checks.checked, second.checks.notChecked]).toEqual([[], [], [{ check: 'second', reason: 'nothing to see' }]]);
    expect(() => kept!.report({ messageId: 'seen', data: { id: 'late' }, evidence: [] })).toThrow('a rule reported outside its check');
    expect(first.findings).toHaveLength(1);
  });

  it('adds findings of rules that compare applicants after the last one, re-scored and located', async () => {
    // Reports, for each applicant, how many applicants came after it: only known at the end.
    const counter = defineRule<'later', Record<string, never>, { seen: string[] }>({
      meta: { ...probe.meta, id: 'counter', messages: { later: '{{n}} came later.' }, messageLevels: {} },
      batch: {
        start: () => ({ seen: [] }),
        add: (b, a, _input, index) => void (b.seen[index] = a.id),
        finish: (b, ctx) =>
          b.seen.forEach((_, i) => {
            const n = b.seen.length - 1 - i;
            if (n > 0) ctx.report(i, { messageId: 'later', data: { n }, evidence: [{ path: '/phones/0', value: n }], level: n > 1 ? 'high' : 'low' });
          }),
      },
    });
    const engine = new Engine([probe, counter], parseConfig({}, [probe, counter]), {});
    const csv = normaliseApplicant(
      { id: 'C-1', phones: ['+1 415 555 0100'], report: ['quiet'] },
      { file: 'x.csv', line: 2, columns: new Map([['/phones/0', 'Mobile']]) },
    );
    const [c2, c3] = [applicant({ id: 'C-2' }), applicant({ id: 'C-3' })];
    const results = [engine.vet(csv), engine.vet(c2), engine.vet(c3)];
    // Neither test rule checks anything of C-2 and C-3: they are unchecked, not clear.
    expect(results.map((r) => r.level)).toEqual(['medium', 'unchecked', 'unchecked']);
    await engine.finish(results, [csv, c2, c3]);
    expect(results.map((r) => [r.id, r.score, r.level, r.findings.map((f) => f.messageId)])).toEqual([
      ['C-1', 75, 'high', ['later', 'quiet']],
      ['C-2', 10, 'low', ['later']],
      ['C-3', 0, 'unchecked', []],
    ]);
    expect(results[0]!.findings[0]!.evidence[0]).toMatchObject({ path: '/phones/0', column: 'Mobile' });
  });

  it('fills message templates', () => {
    expect(formatMessage('{{a}} and {{ b }}', { a: 1, b: 'two' })).toBe('1 and two');
  });
});
