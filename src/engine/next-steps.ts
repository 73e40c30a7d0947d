import { readFileSync } from 'node:fs';
import { underRoot } from '../paths.js';

// The next step a report gives for each finding comes from its rule's doc, the "How to review"
// section, so that the advice a reviewer reads in the report and in the doc is one text. Each bullet
// there starts with the message ids it is about: "- `northKorea`, `highRiskCountry`: ...".

/** The doc of a rule, relative to vet's folder (shipped with the package). */
export function ruleDoc(id: string): string {
  return `docs/rules/${id}.md#how-to-review`;
}

/** The first one or two sentences of a text (a sentence ends at ".", "!" or "?" before a space and a capital). */
export function firstSentences(text: string, n = 2): string {
  return text
    .trim()
    .split(/(?<=[.!?])\s+(?=[A-Z`(])/)
    .slice(0, n)
    .join(' ');
}

/** Message id -> next step, from a rule doc's "How to review" section. */
export function nextStepsOf(markdown: string): Record<string, string> {
  const start = markdown.indexOf('\n## How to review');
  if (start < 0) return {};
  const rest = markdown.slice(start + 1);
  const end = rest.indexOf('\n## ', 3);
  const section = end < 0 ? rest : rest.slice(0, end);
  const out: Record<string, string> = {};
  for (const bullet of section.split(/\n- /).slice(1)) {
    const text = bullet
      .split(/\n\n/)[0]!
      .replace(/\s*\n\s*/g, ' ')
      .trim();
    const head = /^((?:`\w+`(?:,\s*|\s+and\s+)?)+):\s*(.*)$/s.exec(text);
    if (!head) continue;
    const first = firstSentences(head[2]!);
    const plain = first.replace(/`([^`]+)`/g, '$1');
    const step = plain.charAt(0).toUpperCase() + plain.slice(1);
    for (const id of head[1]!.match(/`(\w+)`/g) ?? []) out[id.slice(1, -1)] = step;
  }
  return out;
}

/** The next steps of a rule from its doc beside the package; empty when the doc is not there. */
export function loadNextSteps(id: string): Record<string, string> {
  try {
    return nextStepsOf(readFileSync(underRoot(`docs/rules/${id}.md`), 'utf8'));
  } catch {
    return {};
  }
}
