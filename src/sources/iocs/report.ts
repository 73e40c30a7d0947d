import type { HeldIoc } from './index.js';

/**
 * What every rule says of a matched indicator, so each finding cites it the same way: the message
 * data (`note`, `source`, `date`) and the evidence fields. Kept apart from the source so that rules
 * load no list code.
 */
export function indicatorData(ioc: HeldIoc): { note: string; source: string; date: string } {
  return { note: ioc.note ?? 'listed without a note', source: ioc.source, date: ioc.date };
}

export function indicatorEvidence(ioc: HeldIoc): Record<string, string> {
  return { indicator: ioc.value, indicatorSource: ioc.source, indicatorDate: ioc.date, origin: ioc.origin, ...(ioc.note ? { note: ioc.note } : {}) };
}
