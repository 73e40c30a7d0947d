import { fileURLToPath } from 'node:url';

/**
 * vet's folder (the package root), where its docs and built data are. Every module that holds this
 * code lies one level below the root: this file in src/, its build in dist/, and the bundled
 * command, which inlines it, in dist/ too. A path written relative to the module that uses it
 * would break once that module is bundled elsewhere.
 */
export const ROOT = new URL('../', import.meta.url);

/** A path under vet's folder, as a file path. */
export function underRoot(path: string): string {
  return fileURLToPath(new URL(path, ROOT));
}
