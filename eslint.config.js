// typescript-eslint's type-checked recommended rules over the source and the tests, plus the
// house rules that keep rules pure: nothing under src/rules/ opens a file, the network, a process
// or a thread, or reaches into another layer's internals (test/layers.test.ts keeps the order).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_IO = ['fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'dgram', 'dns', 'tls', 'child_process', 'worker_threads', 'cluster', 'module'].flatMap(
  (name) => [name, `node:${name}`],
);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // vet finds and escapes control characters on purpose (CSV defusing, terminal escapes, OFAC's EOF byte).
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...NO_IO.map((name) => ({
              name,
              message: 'A rule reaches data only through its context (ctx.sources): no files, network, processes or threads.',
            })),
            {
              name: '../keys/phone.js',
              importNames: ['parsePhone'],
              message: 'Rules never parse a phone number: read applicant.phoneNumbers, parsed once by the normaliser.',
            },
            {
              name: '../keys/values.js',
              importNames: ['parseEmail', 'emailKey'],
              message: "Rules never parse an e-mail: read applicant.emailAddresses (and a reference's emailAddress), parsed once by the normaliser.",
            },
          ],
          patterns: [
            {
              group: [
                '../cli/*',
                '../formatters/*',
                '../audit*',
                '../engine/*',
                '!../engine/rule.js',
                '../input/*',
                '!../input/applicant.js',
                '../sources/*/*',
                '!../sources/*/index.js',
                '!../sources/iocs/report.js',
                '!../sources/sanctions/screen.js',
                'libphonenumber-js',
                'libphonenumber-js/*',
              ],
              message:
                "A rule imports the engine's rule API, the applicant's types, sources' public entry points, keys, names and identity, never another layer's internals.",
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read reports back with JSON.parse: what they assert on is untyped by nature.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The scripts (bin, benches, the golden reports) are plain JavaScript outside the TypeScript project.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false },
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', performance: 'readonly' },
    },
  },
);
