import { createRequire } from 'node:module';
import type { SourceInfo } from './index.js';

// mailchecker is CommonJS and its list is not a named export Node can detect: require it whole.
const require = createRequire(import.meta.url);

/** Disposable and throwaway e-mail domains, from the mailchecker package's maintained list. */
export interface EmailSource {
  info: SourceInfo;
  /** The listed domain the address's domain is, or is under; undefined when it is not listed. */
  disposableDomain(domain: string): string | undefined;
}

export function loadEmailSource(): EmailSource {
  const list = (require('mailchecker') as typeof import('mailchecker')).blacklist();
  const { version } = require('mailchecker/package.json') as { version: string };
  return {
    info: {
      id: 'email',
      description: `Disposable e-mail domains: mailchecker ${version} (${list.size.toLocaleString('en')} domains)`,
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
