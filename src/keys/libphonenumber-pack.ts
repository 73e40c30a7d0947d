import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `node dist/keys/libphonenumber-pack.js`, run by the build: bundles libphonenumber-js (max
 * metadata) over dist/keys/libphonenumber.js with esbuild (a devDependency, imported only here),
 * replacing the library's `matchesEntirely`, which builds a new RegExp from the pattern's text at
 * every call (a number's parse matches a dozen patterns), with one that keeps each compiled
 * RegExp. The results are the same; the tests of the sources run the library as published, the
 * CLI tests this bundle.
 */
export const LIBPHONENUMBER_BUNDLE = fileURLToPath(new URL('./libphonenumber.js', import.meta.url));

const CACHED_MATCHES_ENTIRELY = `const compiled = new Map();
export default function matchesEntirely(text, regularExpressionText) {
  let re = compiled.get(regularExpressionText);
  if (re === undefined) {
    re = new RegExp('^(?:' + regularExpressionText + ')$');
    compiled.set(regularExpressionText, re);
  }
  return re.test(text || '');
}
`;

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1] && LIBPHONENUMBER_BUNDLE.includes('/dist/')) {
  const { build } = await import('esbuild');
  let replaced = 0;
  const result = await build({
    stdin: {
      contents: "export { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/max';",
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'warning',
    plugins: [
      {
        name: 'compiled-regexps',
        setup(b) {
          b.onLoad({ filter: /[\\/]helpers[\\/]matchesEntirely\.js$/ }, () => {
            replaced++;
            return { contents: CACHED_MATCHES_ENTIRELY, loader: 'js' };
          });
        },
      },
    ],
  });
  if (replaced === 0) throw new Error('libphonenumber-js has no helpers/matchesEntirely.js any more: see src/keys/libphonenumber-pack.ts');
  writeFileSync(
    LIBPHONENUMBER_BUNDLE,
    `// Built by src/keys/libphonenumber-pack.ts from libphonenumber-js (MIT; metadata Apache-2.0).\n${result.outputFiles[0]!.text}`,
  );
}
