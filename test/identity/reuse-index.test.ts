import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntryStore } from '../../src/identity/entry-store.js';
import { HashGroups } from '../../src/identity/hash-groups.js';
import { ReuseIndex, storedId, type IndexedFinding, type ReuseEntry } from '../../src/identity/reuse-index.js';
import { ledgerChunk, ReuseCore, ReuseRun } from '../../src/identity/reuse-run.js';
import { Ledger, SqliteLedgerStore } from '../../src/sources/ledger.js';
import { parseEmail } from '../../src/keys/values.js';

const OPTIONS = { resumeSimilarity: 0.6, maxShared: 10 };
const findingsOf = (index: ReuseIndex): IndexedFinding[] => {
  return [...index.findings([])];
};
type Fields = Omit<Partial<ReuseEntry['fields']>, 'emails'> & { emails?: string[] };
// E-mails are given as written and keyed as the normaliser keys them.
const entry = (index: number, name: string, { emails = [], ...fields }: Fields = {}, extra: Partial<ReuseEntry> = {}): ReuseEntry => ({
  index,
  id: `A-${index}`,
  file: 'in.csv',
  line: index + 2,
  name,
  otherNames: [],
  fields: { phones: [], ips: [], ...fields, emails: emails.map((raw) => ({ raw, key: parseEmail(raw).key })) },
  ...extra,
});

describe('HashGroups', () => {
  it('finds exactly the values given by two or more owners, across table growth', () => {
    const groups = new HashGroups();
    for (let i = 0; i < 60_000; i++) groups.add(`email\u0000person${i}@example.com`, i);
    groups.add('email\u0000person17@example.com', 60_000);
    groups.add('email\u0000person59999@example.com', 60_001);
    groups.add('email\u0000person59999@example.com', 60_002);
    // One owner giving one value twice (home and shipping address) is not sharing.
    groups.add('address\u0000one place', 70_000);
    groups.add('address\u0000one place', 70_000);
    const shared: number[][] = [];
    groups.forEachShared((owners) => shared.push(owners.sort((a, b) => a - b)));
    expect(shared.sort((a, b) => a[0]! - b[0]!)).toEqual([
      [17, 60_000],
      [59_999, 60_001, 60_002],
    ]);
    expect(groups.size).toBe(60_005);
    const visited: number[][] = [];
    const only = groups.shared((owners) => visited.push(owners.sort((a, b) => a - b)));
    expect(visited.sort((a, b) => a[0]! - b[0]!)).toEqual(shared);
    expect(only.size).toBe(2);
    expect(only.has('email\u0000person17@example.com')).toBe(true);
    expect(only.has('email\u0000person18@example.com')).toBe(false);
    expect(only.has('address\u0000one place')).toBe(false);
    expect(groups.has('email\u0000person18@example.com')).toBe(true);
  });
});

describe('storedId', () => {
  it("reads the id from the start of a stored entry's text, whatever it holds, and parses a text of another shape whole", () => {
    const ids = ['A-1', '', 'say "hi"', 'back\\slash\\', 'Łukasz 김민준', 'tab\tnew\nline', '\\"', '"},"id":"x'];
    for (const id of ids) {
      expect(storedId(JSON.stringify({ index: 12, id, file: 'in.csv', line: 3, name: 'A "B"' }))).toBe(id);
      expect(storedId(JSON.stringify({ id, index: 12 }))).toBe(id);
    }
    // Only the start is read where it has the stored shape: the rest is never parsed.
    expect(storedId('{"index":7,"id":"A-\\"7","file": not parsed')).toBe('A-"7');
    expect(storedId(undefined)).toBeUndefined();
  });
});

describe('EntryStore', () => {
  it('gives back every text by position, from memory and from its file, and removes the file', () => {
    const parent = mkdtempSync(join(tmpdir(), 'vet-store-'));
    const store = new EntryStore(parent, 10);
    const text = (i: number) => `{"i":${i},"name":"Łukasz 김민준 ${'x'.repeat(i % 50)}"}`;
    const order = Array.from({ length: 500 }, (_, i) => (i * 7919) % 500);
    for (const i of order) store.set(i, text(i));
    expect(readdirSync(parent)).toHaveLength(1);
    for (const i of [499, 0, 250, 3, 498]) expect(store.get(i)).toBe(text(i));
    expect(store.get(500)).toBeUndefined();
    store.close();
    expect(readdirSync(parent)).toEqual([]);
  });

  it('gives back the right texts read in order, at random, longer than a read, and written after a read', () => {
    const store = new EntryStore(mkdtempSync(join(tmpdir(), 'vet-store-')), 10);
    const text = (i: number, v = 0) => `{"i":${i},"v":${v},"name":"Łukasz 김민준 ${'x'.repeat(i % 97 === 0 ? 20_000 : i % 50)}"}`;
    const n = 3000;
    for (let i = 0; i < n; i++) store.set(i, text(i));
    for (let i = 0; i < n; i++) expect(store.get(i)).toBe(text(i));
    for (let k = 0; k < n; k++) {
      const i = (k * 7919) % n;
      expect(store.get(i)).toBe(text(i));
    }
    // Written while being read: new positions, and new texts for old ones.
    for (let i = n; i < n + 50; i++) {
      store.set(i, text(i));
      expect(store.get(i - 1)).toBe(text(i - 1));
    }
    for (let i = 0; i < 100; i += 3) store.set(i, text(i, 1));
    for (let i = 0; i < n + 50; i++) expect(store.get(i)).toBe(text(i, i < 100 && i % 3 === 0 ? 1 : 0));
    store.close();
  });
});

describe('ReuseIndex', () => {
  it('reads back only applicants who share something, and compares them in full', () => {
    const index = new ReuseIndex(OPTIONS);
    index.add(entry(0, 'Jane Doe', { emails: ['jane.doe@example.com'] }));
    for (let i = 1; i < 100; i++) index.add(entry(i, `Person ${i}`, { emails: [`p${i}@example.com`] }));
    index.add(entry(100, 'Min-jun Kim', { emails: ['Jane.Doe@Example.com'] }));
    const found = findingsOf(index);
    expect(found.map((f) => [f.index, f.finding.messageId])).toEqual([
      [0, 'sharedIdentifier'],
      [100, 'sharedIdentifier'],
    ]);
    index.close();
  });

  it('counts a placeholder value given by many without keeping its holders, and still compares what else they share', () => {
    const index = new ReuseIndex({ resumeSimilarity: 0.6, maxShared: 2 });
    const phone = [{ raw: '+1 415 555 0000', key: '+14155550000' }];
    index.add(entry(0, 'Ann One', { phones: phone }));
    index.add(entry(1, 'Bob Two', { phones: phone, emails: ['shared@example.com'] }));
    index.add(entry(2, 'Cem Three', { phones: phone }));
    // the same applicant id twice: its rows are not counted as others
    index.add({ ...entry(3, 'Dan Four', { phones: phone }), id: 'A-2' });
    index.add(entry(4, 'Eve Five', { phones: phone, emails: ['Shared@Example.com'] }));
    index.add(entry(5, 'Fay Six', { phones: [{ raw: '+1 415 555 0001', key: '+14155550001' }] }));
    const found = findingsOf(index).map((f) => [f.index, f.finding.messageId, f.finding.data?.count, f.finding.data?.others]);
    expect(found).toEqual([
      [0, 'widelyShared', 4, 'A-1, A-2, A-2, A-4'],
      [1, 'widelyShared', 4, 'A-0, A-2, A-2, A-4'],
      [1, 'sharedIdentifier', 1, 'A-4'],
      [2, 'widelyShared', 3, 'A-0, A-1, A-4'],
      [3, 'widelyShared', 3, 'A-0, A-1, A-4'],
      [4, 'widelyShared', 4, 'A-0, A-1, A-2, A-2'],
      [4, 'sharedIdentifier', 1, 'A-1'],
    ]);
    index.close();
  });

  it('finds one identity with two faces through a shared birth date and name word', () => {
    const index = new ReuseIndex(OPTIONS);
    index.add(entry(0, 'Kim Jong Su', { emails: ['a@example.com'] }, { dateOfBirth: '1990-01-02' }));
    index.add(entry(1, 'Other Person', { emails: ['b@example.com'] }, { dateOfBirth: '1990-01-02' }));
    index.add(entry(2, 'Jong Soo Kim', { emails: ['c@example.com'] }, { dateOfBirth: '1990-01-02' }));
    const found = findingsOf(index);
    expect(found.map((f) => [f.index, f.finding.messageId])).toEqual([
      [0, 'oneIdentityTwoFaces'],
      [2, 'oneIdentityTwoFaces'],
    ]);
    index.close();
  });
});

describe('ReuseRun', () => {
  it('makes reading wait while its worker is behind, and gives every finding in order', async () => {
    const run = new ReuseRun(OPTIONS, undefined, 0);
    let waits = 0;
    for (let i = 0; i < 40_000; i++) {
      // Every 1,000th applicant shares an e-mail address with the one before.
      run.add(entry(i, `Person ${i}`, { emails: [i % 1000 === 1 ? `p${i - 1}@example.com` : `p${i}@example.com`] }));
      const behind = run.wait();
      if (behind) {
        waits++;
        await behind;
      }
    }
    const found: number[] = [];
    await run.end((f) => found.push(f.index));
    expect(waits).toBeGreaterThan(0);
    expect(found).toEqual(Array.from({ length: 40 }, (_, k) => [k * 1000, k * 1000 + 1]).flat());
  });

  it('ends with the error when a finding from its worker is refused, instead of throwing from a listener', async () => {
    const run = new ReuseRun(OPTIONS, undefined, 0);
    for (let i = 0; i < 3_000; i++) run.add(entry(i, `Person ${i}`, { emails: [i === 2_999 ? 'p0@example.com' : `p${i}@example.com`] }));
    await expect(
      run.end(() => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
  });

  it('finds in its worker what this thread finds, resumes included', async () => {
    const resume = 'Senior full-stack engineer: React, Node.js, Solidity smart contracts, DeFi dashboards, remote since 2019. '.repeat(4);
    const entries = Array.from({ length: 3_000 }, (_, i) =>
      entry(
        i,
        `Person ${i}`,
        { emails: [i === 2_900 ? 'p7@example.com' : `p${i}@example.com`] },
        // Two applicants with one resume, under different names and e-mails; others with their own.
        i === 10 || i === 2_500
          ? { resumeText: resume }
          : i % 300 === 0
            ? { resumeText: `Resume number ${i}: ${'gardening and pottery '.repeat((i % 7) + 3)}` }
            : {},
      ),
    );
    const run = new ReuseRun(OPTIONS, undefined, 0);
    for (const e of entries) run.add(e);
    const viaWorker: [number, string][] = [];
    await run.end((f) => viaWorker.push([f.index, f.finding.messageId]));
    const core = new ReuseCore(OPTIONS, undefined, 0);
    await core.addChunk(entries);
    await core.finish();
    const here = [...core.findings()].map((f): [number, string] => [f.index, f.finding.messageId]);
    expect(viaWorker).toEqual(here);
    expect(here.map(([i]) => i)).toEqual(expect.arrayContaining([7, 10, 2_500, 2_900]));
  });

  it('leaves no temporary file when a large run is stopped before its end', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'vet-reuse-abort-'));
    const run = new ReuseRun(OPTIONS, undefined, 0, tmp);
    for (let i = 0; i < 5_000; i++) run.add(entry(i, `Person ${i}`, { emails: [`p${i}@example.com`] }));
    expect(readdirSync(tmp)).toHaveLength(1);
    await run.abort();
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('ReuseCore', () => {
  it('writes the ledger in transactions that grow to a quarter of what the run has written', async () => {
    const store = new SqliteLedgerStore(Ledger.open({ VET_HOME: mkdtempSync(join(tmpdir(), 'vet-home-')) }));
    // The real ledger, with the size of each transaction noted on the way.
    const sizes: number[] = [];
    const counted = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'checkAndRecord')
          return (entries: unknown[], ...rest: unknown[]) => {
            sizes.push(entries.length);
            return (target.checkAndRecord as (...a: unknown[]) => unknown).call(target, entries, ...rest);
          };
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const core = new ReuseCore(OPTIONS, counted, Date.now());
    for (let start = 0; start < 70_000; start += 2_000) {
      await core.addChunk(Array.from({ length: 2_000 }, (_, k) => entry(start + k, `Person ${start + k}`, { emails: [`p${start + k}@example.com`] })));
    }
    await core.finish();
    // 10,000 until the run has written 40,000; then at least a quarter of what it has written.
    expect(sizes).toEqual([10_000, 10_000, 10_000, 10_000, 10_000, 14_000, 6_000]);
    expect((await store.stats()).applicants).toBe(70_000);
    expect([...core.findings()]).toEqual([]);
    await store.close();
    // And no more than 40,000 however large the run: a transaction's rows are live while it runs.
    expect([0, 40_000, 160_000, 1_000_000, 10_000_000].map(ledgerChunk)).toEqual([10_000, 10_000, 40_000, 40_000, 40_000]);
  }, 60_000);
});
