import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `node dist/keys/libphonenumber-pack.js`, run by the build: bundles libphonenumber-js (max
 * metadata) over dist/keys/libphonenumber.js with esbuild (a devDependency, imported only here),
 * replacing the library's `matchesEntirely`, which builds a new RegExp from the pattern's text at
 * every call (a number's parse matches a dozen patterns), with one that keeps each compiled
 * RegExp, and its copies of the parse options through Babel's object-spread helper with
 * Object.assign. The results are the same; the tests of the sources run the library as
 * published, the CLI tests this bundle.
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
  let spreads = 0;
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
          // Options are copied with Babel's object-spread helper, which defines each property
          // with Object.defineProperty: 1.7 µs of every parse. The same copy of a plain options
          // object, natively. Only the calls written as two nested spreads are rewritten.
          b.onLoad(
            { filter: /[\\/]libphonenumber-js[\\/]es6[\\/](parsePhoneNumberWithError_|parsePhoneNumber_|validatePhoneNumberLength)\.js$/ },
            async (args) => {
              const text = await readFile(args.path, 'utf8');
              const rewritten = text.replace(/_objectSpread\(_objectSpread\(\{\}, (\w+)\), \{\}, /g, (_, name: string) => {
                spreads++;
                return `Object.assign({}, ${name}, `;
              });
              return { contents: rewritten, loader: 'js', resolveDir: dirname(args.path) };
            },
          );
        },
      },
    ],
  });
  if (replaced === 0) throw new Error('libphonenumber-js has no helpers/matchesEntirely.js any more: see src/keys/libphonenumber-pack.ts');
  if (spreads < 3) throw new Error(`libphonenumber-js's option copies changed (${spreads} of 3 rewritten): see src/keys/libphonenumber-pack.ts`);
  writeFileSync(
    LIBPHONENUMBER_BUNDLE,
    `// Built by src/keys/libphonenumber-pack.ts from libphonenumber-js (MIT; metadata Apache-2.0).\n${result.outputFiles[0]!.text}`,
  );
}
