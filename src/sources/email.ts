import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceInfo } from '../keys/types.js';
import { grouped } from '../digits.js';
import { underRoot } from '../paths.js';

// mailchecker is CommonJS and its list is not a named export Node can detect: require it whole.
const require = createRequire(import.meta.url);

/**
 * mailchecker's list, one domain a line after a header line ("mailchecker VERSION COUNT"),
 * written by `npm run build` (node dist/sources/email.js). Requiring mailchecker itself parses a
 * megabyte of JavaScript and fills a Set of 55,000 domains: 30 ms of a 400 ms single check.
 */
export const EMAIL_PACK_FILE = underRoot('dist/data/disposable-domains.txt');

/** Disposable and throwaway e-mail domains, from the mailchecker package's maintained list. */
export interface EmailSource {
  info: SourceInfo;
  /** The listed domain the address's domain is, or is under; undefined when it is not listed. */
  disposableDomain(domain: string): string | undefined;
}

function mailcheckerVersion(): string {
  return (require('mailchecker/package.json') as { version: string }).version;
}

/**
 * The list as a membership test. A few lookups search the packed text; the 33rd builds a Set,
 * which a batch then uses for every address.
 */
class DomainList {
  private set: Set<string> | undefined;
  private lookups = 0;

  constructor(
    private readonly text: string | undefined,
    readonly size: number,
  ) {}

  static load(version: string): DomainList {
    if (existsSync(EMAIL_PACK_FILE)) {
      const text = readFileSync(EMAIL_PACK_FILE, 'utf8');
      const nl = text.indexOf('\n');
      const [name, packed, count] = text.slice(0, nl).split(' ');
      if (name === 'mailchecker' && packed === version) return new DomainList(text.slice(nl), Number(count));
    }
    // No pack for this version (a source checkout before `npm run build`): the package itself.
    const set = (require('mailchecker') as typeof import('mailchecker')).blacklist();
    const list = new DomainList(undefined, set.size);
    list.set = set;
    return list;
  }

  has(domain: string): boolean {
    if (this.set === undefined && ++this.lookups > 32) this.set = new Set(this.text!.split('\n').filter((d) => d !== ''));
    if (this.set !== undefined) return this.set.has(domain);
    return domain !== '' && !domain.includes('\n') && this.text!.includes(`\n${domain}\n`);
  }
}

export function loadEmailSource(): EmailSource {
  const version = mailcheckerVersion();
  const list = DomainList.load(version);
  return {
    info: {
      id: 'email',
      description: `Disposable e-mail domains: mailchecker ${version} (${grouped(list.size)} domains)`,
      version: `mailchecker ${version}`,
      license: 'MIT',
    },
    disposableDomain(domain) {
      let d = domain.trim().toLowerCase().replace(/\.$/, '');
      for (;;) {
        if (list.has(d)) return d;
        const dot = d.indexOf('.');
        if (dot < 0) return undefined;
        d = d.slice(dot + 1);
      }
    },
  };
}

// `node dist/sources/email.js`: pack mailchecker's list unless a pack of its version exists.
// Run as this very file (the bundled command holds this code too, and must never pack anything).
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1] && import.meta.url.endsWith('/email.js')) {
  const version = mailcheckerVersion();
  const existing = existsSync(EMAIL_PACK_FILE) ? readFileSync(EMAIL_PACK_FILE, 'utf8').split('\n', 1)[0] : '';
  if (existing?.split(' ')[1] !== version) {
    const domains = [...(require('mailchecker') as typeof import('mailchecker')).blacklist()].filter((d) => d !== '' && !d.includes('\n')).sort();
    mkdirSync(dirname(EMAIL_PACK_FILE), { recursive: true });
    const tmp = `${EMAIL_PACK_FILE}.${process.pid}.tmp`;
    writeFileSync(tmp, `mailchecker ${version} ${domains.length}\n${domains.join('\n')}\n`);
    renameSync(tmp, EMAIL_PACK_FILE);
    console.log(`packed ${domains.length} disposable e-mail domains from mailchecker ${version} into ${EMAIL_PACK_FILE}`);
  }
}
