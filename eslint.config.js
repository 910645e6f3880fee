// Lint: type-aware rules that catch real bugs, plus the dependency rules of docs/architecture.md.
import tseslint from 'typescript-eslint';

const platformMayNotImportModules = {
  group: ['**/modules/**'],
  message: 'The platform has no domain knowledge: it must not import modules (schema.ts imports table types only).',
};
const onlyThroughIndex = {
  regex: String.raw`modules/(hub|range|core)/[^/]+/(?!index\.js$)[^/]+$`,
  message: "Modules talk to each other only through the other module's index.ts.",
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'test-results/**', 'coverage/**'] },
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.{ts,tsx}'] })),
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      eqeqeq: 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off', // Fastify hooks and handlers are async by contract.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['apps/server/src/platform/**/*.ts'],
    ignores: ['apps/server/src/platform/db/schema.ts', '**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [platformMayNotImportModules] }] },
  },
  {
    files: ['apps/server/src/modules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: String.raw`^\.\./\.\./(hub|range|core)/[^/]+/(?!index\.js$)`, message: onlyThroughIndex.message },
            { regex: String.raw`^(\.\./)+platform/(?!index\.js$)`, message: 'Modules use the platform through platform/index.ts.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/server/src/modules/hub/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/range/**'], message: 'The Hub never imports the Range.' }] }] },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/apps/server/**', '@renkei/server', '@renkei/server/*'], message: 'The web app talks to the server over HTTP and imports only @renkei/contracts.' }] }],
    },
  },
  {
    files: ['packages/contracts/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'net', 'http'], message: 'Contracts are types and schemas only: no I/O.' }] }],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
);
