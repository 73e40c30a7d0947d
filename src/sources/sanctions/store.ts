import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, openSync, readSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { SourceError } from '../../errors.js';
import { ensurePrivateDir } from '../home.js';
import type { SanctionsEntry } from './entry.js';
import { EntryTable } from './entry-table.js';
import { buildNameIndex, type NameIndexData } from './name-index.js';
import { OFAC_FILES, requiredFiles } from './files.js';
import { INDEX_FILE, INDEX_FORMAT, IndexFileError, readIndexFile, writeIndexFile } from './index-file.js';
import { parseOfacList, type OfacFiles } from './ofac.js';
import { identifierMaps, type Identifiers } from './screen.js';

/** What index.bin held before format 4 (a v8-serialised object), left behind until the list is rebuilt. */
const OLD_INDEX_FILE = 'index.v8';

export interface ListMeta {
  formatVersion: number;
  id: 'ofac';
  description: string;
  /** URL or folder the files came from. */
  source: string;
  installedAt: string;
  /**
   * The list's date (ISO 8601 date): OFAC's publication date from SDN.XML, a date the user gave
   * (`vet lists import --date`), or, for a download, the newest Last-Modified date OFAC's server sent.
   * Never a file's modification time on this machine.
   */
  date: string;
  dateSource: 'publication' | 'user' | 'file-dates';
  fileDates: Record<string, string>;
  lists: ('SDN' | 'CONS')[];
  counts: { entries: number; aliases: number; addresses: number; names: number; wallets: number; emails: number };
}

export interface InstalledList {
  meta: ListMeta;
  entries: EntryTable;
  index: NameIndexData;
  identifiers: Identifiers;
  /** The version directory it was read from. */
  dir: string;
}

/** A file handed to `installList`: its upper-case OFAC name, bytes and, from a download, its Last-Modified date. */
export interface ListFile {
  name: string;
  data: Buffer;
  date?: Date;
}

interface Pointer {
  current: string;
  previous?: string;
}

function listRoot(home: string): string {
  return join(home, 'lists', 'ofac');
}

function readPointer(home: string): Pointer | undefined {
  const file = join(listRoot(home), 'current.json');
  if (!existsSync(file)) return undefined;
  try {
    const p = JSON.parse(readFileSync(file, 'utf8')) as Pointer;
    return typeof p.current === 'string' ? p : undefined;
  } catch {
    throw new SourceError(`${file} is damaged; run "vet lists update" or "vet lists import" again`);
  }
}

/** Text of an OFAC file: ASCII in practice; read as UTF-8 unless that fails, then as Latin-1. */
export function decodeListFile(data: Buffer): string {
  const utf8 = data.toString('utf8');
  return utf8.includes('\uFFFD') ? data.toString('latin1') : utf8;
}

function pick(files: ListFile[], name: string): ListFile | undefined {
  return files.find((f) => f.name.toUpperCase() === name);
}

/** The entries of the files of each list, in order; a list with none is refused. */
function parseListFiles(files: ListFile[], lists: readonly ('SDN' | 'CONS')[]): SanctionsEntry[] {
  const entries: SanctionsEntry[] = [];
  for (const list of lists) {
    const names = OFAC_FILES[list];
    const text = (n: string): string => decodeListFile(pick(files, n)!.data);
    const comments = pick(files, names.comments);
    const set: OfacFiles = { primary: text(names.primary), alt: text(names.alt), add: text(names.add) };
    if (comments) set.comments = decodeListFile(comments.data);
    const parsed = parseOfacList(set, list);
    if (parsed.length === 0) throw new SourceError(`${names.primary} has no entries; nothing was installed`);
    entries.push(...parsed);
  }
  return entries;
}

/**
 * Parses and checks the files, builds the name index and installs both under `home`, keeping the
 * version before. Nothing installed changes unless every step succeeds: the new version is
 * written to its own directory and the pointer to it replaced in one rename.
 */
export function installList(
  home: string,
  files: ListFile[],
  options: {
    source: string;
    includeConsolidated: boolean;
    now: Date;
    force?: boolean;
    minEntries?: number;
    /** The list's date from its data or the user; without it, the files' server dates (a download). */
    date?: { value: string; source: 'publication' | 'user' };
  },
): ListMeta {
  const { required } = requiredFiles(options.includeConsolidated);
  const missing = required.filter((n) => !pick(files, n));
  if (missing.length > 0) throw new SourceError(`missing ${missing.join(', ')}; nothing was installed`);
  const lists: ('SDN' | 'CONS')[] = options.includeConsolidated ? ['SDN', 'CONS'] : ['SDN'];
  const entries = parseListFiles(files, lists);
  if (options.minEntries !== undefined && entries.length < options.minEntries) {
    throw new SourceError(
      `the new list has ${entries.length} entries, fewer than the ${options.minEntries} a publication of it holds; nothing was installed (--min-entries sets the floor)`,
    );
  }
  const before = readMeta(home);
  if (before && !options.force && entries.length < before.counts.entries / 2) {
    throw new SourceError(
      `the new list has ${entries.length} entries, less than half of the ${before.counts.entries} installed; a partial publication? Nothing was installed (use --force to install it anyway)`,
    );
  }
  const index = buildNameIndex(entries);
  const fileDates: Record<string, string> = {};
  for (const f of files) if (f.date) fileDates[f.name.toUpperCase()] = f.date.toISOString();
  const newest = Object.values(fileDates).sort().at(-1) ?? options.now.toISOString();
  const meta: ListMeta = {
    formatVersion: INDEX_FORMAT,
    id: 'ofac',
    description: options.includeConsolidated ? 'OFAC SDN list and non-SDN consolidated list' : 'OFAC SDN list',
    source: options.source,
    installedAt: options.now.toISOString(),
    date: options.date?.value ?? newest.slice(0, 10),
    dateSource: options.date?.source ?? 'file-dates',
    fileDates,
    lists,
    counts: {
      entries: entries.length,
      aliases: entries.reduce((s, e) => s + e.aliases.length, 0),
      addresses: entries.reduce((s, e) => s + e.addresses.length, 0),
      names: index.names.length,
      wallets: entries.reduce((s, e) => s + e.wallets.length, 0),
      emails: entries.reduce((s, e) => s + e.emails.length, 0),
    },
  };
  const root = listRoot(home);
  ensurePrivateDir(join(root, 'versions'));
  // Time and process id, and a counter when one process installs twice under one fixed clock (SOURCE_DATE_EPOCH).
  const stamp = `${options.now.toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
  let version = stamp;
  for (let n = 2; existsSync(join(root, 'versions', version)); n++) version = `${stamp}-${n}`;
  const staging = join(root, 'versions', `.staging-${version}`);
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  try {
    for (const f of files) writeFileSync(join(staging, f.name.toUpperCase()), f.data, { mode: 0o600 });
    writeIndexFile(join(staging, INDEX_FILE), EntryTable.pack(entries), index, identifierMaps(entries));
    writeFileSync(join(staging, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`, { mode: 0o600 });
    renameSync(staging, join(root, 'versions', version));
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw new SourceError(`could not write the list under ${root}: ${(e as Error).message}`);
  }
  const old = readPointer(home);
  const pointer: Pointer = { current: version };
  if (old) pointer.previous = old.current;
  writePointer(home, pointer);
  // Keep the current and the previous version only.
  for (const dir of readdirSync(join(root, 'versions'))) {
    if (dir !== pointer.current && dir !== pointer.previous && !dir.startsWith('.staging-'))
      rmSync(join(root, 'versions', dir), { recursive: true, force: true });
  }
  return meta;
}

/** Replaces the pointer in one rename, so a reader sees the old one or the new one. */
function writePointer(home: string, pointer: Pointer): void {
  const root = listRoot(home);
  const tmp = join(root, `current.json.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(pointer)}\n`, { mode: 0o600 });
  renameSync(tmp, join(root, 'current.json'));
}

/**
 * Makes the previous version current again, and the current one previous (so a second rollback
 * undoes the first). Refuses when there is no previous version or it cannot be read.
 */
export function rollbackList(home: string): { current: ListMeta; previous: ListMeta } {
  const pointer = readPointer(home);
  if (!pointer) throw new SourceError(`no OFAC list is installed under ${home}; nothing to roll back`);
  if (pointer.previous === undefined) throw new SourceError('no previous version of the list is kept; nothing to roll back');
  const previous = readMeta(home, 'previous');
  const current = readMeta(home, 'current');
  const kept = join(listRoot(home), 'versions', pointer.previous);
  if (!previous || !current || !(existsSync(join(kept, INDEX_FILE)) || existsSync(join(kept, OLD_INDEX_FILE)))) {
    throw new SourceError(`the previous version in ${kept} is incomplete; nothing was changed`);
  }
  writePointer(home, { current: pointer.previous, previous: pointer.current });
  return { current: previous, previous: current };
}

function versionDir(home: string, which: 'current' | 'previous'): string | undefined {
  const pointer = readPointer(home);
  const v = pointer?.[which];
  return v === undefined ? undefined : join(listRoot(home), 'versions', v);
}

/** The installed list's metadata (current or previous version), if any. */
export function readMeta(home: string, which: 'current' | 'previous' = 'current'): ListMeta | undefined {
  const dir = versionDir(home, which);
  if (dir === undefined) return undefined;
  try {
    return JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as ListMeta;
  } catch {
    throw new SourceError(`the installed list in ${dir} is damaged; run "vet lists update" or "vet lists import" again`);
  }
}

/**
 * Loads the installed list and its index, or undefined when none is installed. An index of an
 * older format (a list installed by an older vet) is rebuilt from the list's files beside it, once,
 * in a few seconds; where it cannot be saved (a read-only home), each run rebuilds it.
 */
export function loadInstalled(home: string): InstalledList | undefined {
  const dir = versionDir(home, 'current');
  if (dir === undefined) return undefined;
  const meta = readMeta(home)!;
  const file = join(dir, INDEX_FILE);
  const rebuild = `run "vet lists import ${dir}" to rebuild it`;
  try {
    if (existsSync(file)) return { meta, ...readIndexFile(file), dir };
  } catch (e) {
    if (!(e instanceof IndexFileError && e.outdated)) {
      throw new SourceError(`the installed list's index in ${dir} cannot be read (${(e as Error).message}); ${rebuild}`);
    }
  }
  let entries: SanctionsEntry[];
  try {
    const files = readListFolder(dir, meta.lists.includes('CONS'));
    entries = parseListFiles(files, meta.lists);
  } catch (e) {
    throw new SourceError(`the installed list in ${dir} was indexed by another version of vet and cannot be re-indexed (${(e as Error).message}); ${rebuild}`);
  }
  const packed = EntryTable.pack(entries);
  const index = buildNameIndex(entries);
  const identifiers = identifierMaps(entries);
  try {
    writeIndexFile(file, packed, index, identifiers);
    rmSync(join(dir, OLD_INDEX_FILE), { force: true });
  } catch {
    // Not saved: this run uses what it built, and the next one builds it again.
  }
  return { meta, entries: EntryTable.of(entries), index, identifiers, dir };
}

/** Age of a list in whole days at `now`. */
export function listAgeDays(date: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
}

/** Reads the OFAC files of a folder (case-insensitive names) for `vet lists import`. */
export function readListFolder(dir: string, includeConsolidated: boolean): ListFile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new SourceError(`${dir} is not a folder`);
  const { required, optional } = requiredFiles(includeConsolidated);
  const present = new Map(readdirSync(dir).map((n) => [n.toUpperCase(), n]));
  const out: ListFile[] = [];
  for (const name of [...required, ...optional]) {
    const actual = present.get(name);
    if (actual === undefined) {
      if (required.includes(name)) throw new SourceError(`${join(dir, name)} not found (the folder must hold ${required.join(', ')})`);
      continue;
    }
    // No file time: a copied or unpacked file's modification time says nothing about the list.
    out.push({ name, data: readFileSync(join(dir, actual)) });
  }
  return out;
}

/**
 * OFAC's publication date from SDN.XML in the folder (its `<Publish_Date>` is near the top, so only
 * the first 64 KB are read), as YYYY-MM-DD; undefined without the file or the element.
 */
export function folderPublishDate(dir: string): string | undefined {
  const name = readdirSync(dir).find((n) => n.toUpperCase() === 'SDN.XML');
  if (name === undefined) return undefined;
  const fd = openSync(join(dir, name), 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    const read = readSync(fd, head, 0, head.length, 0);
    return publishDate(head.subarray(0, read).toString('utf8'));
  } finally {
    closeSync(fd);
  }
}

/** `<Publish_Date>11/03/2025</Publish_Date>` (OFAC writes MM/DD/YYYY) as 2025-11-03. */
export function publishDate(xml: string): string | undefined {
  const m = /<Publish_Date>\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*<\/Publish_Date>/.exec(xml);
  if (!m) return undefined;
  const iso = `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
  return checkDate(iso);
}

/** A real calendar date as YYYY-MM-DD, or undefined. */
export function checkDate(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const d = new Date(`${m[0]}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== m[0] ? undefined : m[0];
}
