import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { underRoot } from './paths.js';

/**
 * `node dist/bundle.js`, the build's last step: bundles the command (dist/vet.js and every vet
 * module it imports) into dist/vet.bundle.js with esbuild, a devDependency imported only here,
 * which bin/vet.js loads. Loading some 130 modules one by one (resolving, reading and compiling
 * each) was a fifth of a single check. One file, no chunks: the 60 chunks that splitting made
 * for the commands' dynamic imports cost as much to load as they saved. A module reached only
 * through a dynamic import still runs only when imported (esbuild defers its initialisation), but
 * a package it imports statically is loaded with the bundle: such imports are made where they are
 * used (pg, in ledger-pg.ts). Packages stay outside, loaded by Node as published. The bundle lies
 * one level below vet's folder, as paths.ts requires. The identity-reuse worker and the build
 * steps are not bundled. Source maps chain to the TypeScript, so that `node --enable-source-maps
 * bin/vet.js` names vet's files; VET_UNBUNDLED=1 runs the modules as tsc built them.
 */
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { build } = await import('esbuild');
  const dist = underRoot('dist');
  await build({
    entryPoints: [join(dist, 'vet.js')],
    outdir: dist,
    entryNames: '[name].bundle',
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  });
}
