import { firstSentences, loadNextSteps, nextStepsOf } from '../../src/engine/next-steps.js';
import { RULES } from '../../src/rules/index.js';

describe('next steps from the rule docs', () => {
  it.each(RULES.map((r) => [r.meta.id, r] as const))('%s: every message has a next step in its doc', (_id, rule) => {
    const steps = loadNextSteps(rule.meta.id);
    const missing = Object.keys(rule.meta.messages).filter((m) => steps[m] === undefined);
    expect(missing).toEqual([]);
    for (const step of Object.values(steps)) {
      expect(step).toMatch(/^[A-Z]/);
      expect(step).not.toContain('`');
    }
  });

  it('takes the bullet of each message id, one or two sentences of it', () => {
    const doc = '# x\n\n## How to review\n\n- `a`, `b`: ask first. Then check. And more.\n- `c`: stop.\n\n## Known limits\n\n- `d`: no.\n';
    expect(nextStepsOf(doc)).toEqual({ a: 'Ask first. Then check.', b: 'Ask first. Then check.', c: 'Stop.' });
    expect(firstSentences('Use e.g. a call. Or a visit. Or not.')).toBe('Use e.g. a call. Or a visit.');
  });
});
