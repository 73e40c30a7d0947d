import type { AnyRule } from '../engine/rule.js';

/** `vet rules`: what each rule checks, its default level and status. */
export function formatRules(rules: readonly AnyRule[], format: 'text' | 'json'): string {
  if (format === 'json') {
    return (
      JSON.stringify(
        rules.map(({ meta }) => ({
          id: meta.id,
          description: meta.description,
          level: meta.level,
          messageLevels: meta.messageLevels ?? {},
          status: meta.status,
          requires: meta.requires,
          messages: Object.keys(meta.messages),
          options: (meta.options ?? {}) as Record<string, unknown>,
          docs: `docs/rules/${meta.id}.md`,
        })),
        null,
        2,
      ) + '\n'
    );
  }
  const lines: string[] = [];
  for (const { meta } of rules) {
    const levels = Object.entries(meta.messageLevels ?? {})
      .map(([m, l]) => `${m}=${l}`)
      .join(', ');
    lines.push(`${meta.id}  (${meta.status}, default ${meta.level})`);
    lines.push(`  ${meta.description}`);
    if (levels) lines.push(`  levels: ${levels}`);
    lines.push(`  docs: docs/rules/${meta.id}.md`, '');
  }
  return lines.join('\n');
}
