import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { RULES } from '../src/rules/index.js';

const root = new URL('../', import.meta.url).pathname;
const ruleFiles = readdirSync(root + 'src/rules')
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''));

describe('repository', () => {
  it('registers every rule file exactly once', () => {
    expect(RULES.map((r) => r.meta.id).sort()).toEqual(ruleFiles.sort());
    expect(new Set(RULES.map((r) => r.meta.id)).size).toBe(RULES.length);
  });

  describe.each(RULES.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
    it('has a test and a doc named after its id', () => {
      expect(existsSync(`${root}test/rules/${id}.test.ts`)).toBe(true);
      expect(existsSync(`${root}docs/rules/${id}.md`)).toBe(true);
    });

    it('documents what it detects, why, how to review, false positives and every message', () => {
      const doc = readFileSync(`${root}docs/rules/${id}.md`, 'utf8');
      expect(doc.startsWith(`# ${id}\n`)).toBe(true);
      for (const heading of ['## What it reports', '## Why it matters', '## How to review', '## Known limits and false positives']) {
        expect(doc).toContain(heading);
      }
      for (const messageId of Object.keys(rule.meta.messages)) expect(doc).toContain(`\`${messageId}\``);
      for (const option of Object.keys(rule.meta.options ?? {})) expect(doc).toContain(`\`${option}\``);
    });

    it('has complete metadata', () => {
      expect(rule.meta.description).toMatch(/^Detects .+\.$/);
      expect(rule.meta.falsePositives.length).toBeGreaterThan(0);
      expect(rule.meta.references.length).toBeGreaterThan(0);
      for (const messageId of Object.keys(rule.meta.messages)) expect(messageId).toMatch(/^[a-z][a-zA-Z]*$/);
      for (const messageId of Object.keys(rule.meta.messageLevels ?? {})) expect(Object.keys(rule.meta.messages)).toContain(messageId);
    });

    it('is listed in the README', () => {
      expect(readFileSync(root + 'README.md', 'utf8')).toContain(`[${id}](docs/rules/${id}.md)`);
    });

    it('never opens files or the network itself', () => {
      const source = readFileSync(`${root}src/rules/${id}.ts`, 'utf8');
      expect(source).not.toMatch(/from 'node:(fs|net|http|https|child_process)/);
    });
  });

  it('keeps the README commands that CI runs', () => {
    const readme = readFileSync(root + 'README.md', 'utf8');
    const ci = readFileSync(root + '.ci/run', 'utf8');
    expect(readme).toMatch(/^# vet\n\n```sh\nnpm ci && npx vet fixtures\/[^\n]+\nnpm test\n```/);
    expect(ci).toContain('npm ci');
    expect(ci).toContain('npm test');
  });
});
