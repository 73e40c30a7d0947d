import { parse } from 'csv-parse/sync';
import { InputError } from '../../errors.js';
import { IOC_KINDS, iocKey, type Ioc, type IocKind } from './index.js';

const FIELDS = ['kind', 'value', 'source', 'note', 'date'] as const;

/**
 * Reads a user's indicator list: CSV with a header naming kind, value, source and optionally note
 * and date, or JSON (an array, or `{ "indicators": [...] }`). Every problem is collected with its
 * line or position and field, never the value; the caller writes nothing unless there are none.
 */
export function parseIocList(text: string, file: string, today: string): { indicators: Ioc[]; errors: InputError[] } {
  const rows: Array<{ at: number; field: (name: string) => string; record: Record<string, unknown> }> = [];
  const errors: InputError[] = [];
  const body = text.replace(/^\uFEFF/, '');
  const json = /^\s*[[{]/.test(body);
  if (json) {
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch (e) {
      return { indicators: [], errors: [new InputError({ file }, `not valid JSON (${(e as Error).message.replace(/ in JSON at.*$/, '')})`)] };
    }
    const list = Array.isArray(doc) ? doc : (doc as { indicators?: unknown }).indicators;
    if (!Array.isArray(list)) return { indicators: [], errors: [new InputError({ file }, 'expected an array of indicators, or { "indicators": [...] }')] };
    list.forEach((record, i) =>
      rows.push({ at: i, field: (name) => `/${i}/${name}`, record: typeof record === 'object' && record !== null ? (record as Record<string, unknown>) : {} }),
    );
  } else {
    let records: string[][];
    try {
      records = parse(body, { relax_column_count: true, skip_empty_lines: true, trim: true });
    } catch (e) {
      return { indicators: [], errors: [new InputError({ file }, `not a CSV file vet can read (${(e as Error).message})`)] };
    }
    const header = (records[0] ?? []).map((h) => h.toLowerCase());
    const missing = ['kind', 'value', 'source'].filter((f) => !header.includes(f));
    if (missing.length > 0)
      return {
        indicators: [],
        errors: [new InputError({ file, line: 1 }, `the header must name the columns kind, value and source (missing: ${missing.join(', ')})`)],
      };
    records.slice(1).forEach((cells, i) => {
      const record: Record<string, unknown> = {};
      header.forEach((h, k) => {
        if ((FIELDS as readonly string[]).includes(h) && cells[k] !== undefined && cells[k] !== '') record[h] = cells[k];
      });
      rows.push({ at: i + 2, field: (name) => `column "${name}"`, record });
    });
  }
  const indicators: Ioc[] = [];
  for (const { at, field, record } of rows) {
    // JSON has no useful line: the field's pointer (/3/value) says where.
    const where = (name: string) => (json ? { file, field: field(name) } : { file, line: at, field: field(name) });
    const str = (name: string): string | undefined => (typeof record[name] === 'string' && record[name].trim() !== '' ? record[name].trim() : undefined);
    const kind = str('kind')?.toLowerCase();
    const value = str('value');
    const source = str('source');
    let ok = true;
    if (kind === undefined || !(IOC_KINDS as readonly string[]).includes(kind)) {
      errors.push(new InputError(where('kind'), `expected one of ${IOC_KINDS.join(', ')}`));
      ok = false;
    }
    if (value === undefined) {
      errors.push(new InputError(where('value'), 'missing'));
      ok = false;
    } else if (ok) {
      const k = iocKey(kind as IocKind, value);
      if ('error' in k) {
        errors.push(new InputError(where('value'), k.error));
        ok = false;
      }
    }
    if (source === undefined) {
      errors.push(new InputError(where('source'), 'missing: say where the indicator comes from'));
      ok = false;
    }
    const date = str('date');
    if (date !== undefined && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date)) {
      errors.push(new InputError(where('date'), 'expected YYYY-MM-DD, YYYY-MM or YYYY'));
      ok = false;
    }
    if (!ok) continue;
    const note = str('note');
    indicators.push({ kind: kind as IocKind, value: value!, source: source!, date: date ?? today, ...(note !== undefined ? { note } : {}) });
  }
  return { indicators, errors };
}

/** Adds `incoming` to `held`; an indicator already held (same kind and key) is updated, not repeated. */
export function mergeIocs(held: Ioc[], incoming: Ioc[]): { merged: Ioc[]; added: number; updated: number } {
  const keyOf = (i: Ioc) => {
    const k = iocKey(i.kind, i.value);
    return `${i.kind}:${'key' in k ? k.key : i.value}`;
  };
  const merged = [...held];
  const at = new Map(merged.map((i, n) => [keyOf(i), n]));
  let added = 0;
  let updated = 0;
  for (const i of incoming) {
    const k = keyOf(i);
    const n = at.get(k);
    if (n === undefined) {
      at.set(k, merged.length);
      merged.push(i);
      added++;
    } else {
      merged[n] = i;
      updated++;
    }
  }
  return { merged, added, updated };
}
