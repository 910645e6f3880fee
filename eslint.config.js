// Lint: type-aware rules that catch real bugs, plus the dependency rules of docs/architecture.md.
import tseslint from 'typescript-eslint';
import renkei from './lint/module-boundaries.js';

const SQL_METHODS = 'selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto';

/**
 * The architecture's rules (docs/architecture.md), exported so that lint/boundaries.test.mjs can
 * prove each one still fails its fixture in lint/fixtures/ — a rule cannot silently stop working.
 */
export const boundaryConfig = [
  {
    files: ['apps/server/src/**/*.ts'],
    plugins: { renkei },
    rules: { 'renkei/module-boundaries': 'error' },
  },
  {
    // SQL lives in repositories, migrations and the db layer; services call repositories.
    files: ['apps/server/src/modules/**/*.ts', 'apps/server/src/platform/**/*.ts'],
    ignores: ['**/*.repository.ts', '**/migrations/**', 'apps/server/src/platform/db/**', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `CallExpression[callee.type='MemberExpression'][callee.property.name=/^(${SQL_METHODS})$/]`,
          message: 'SQL only in *.repository.ts, migrations and platform/db: call a repository function.',
        },
        {
          selector: "TaggedTemplateExpression[tag.name='sql'], TaggedTemplateExpression[tag.object.name='sql']",
          message: 'SQL only in *.repository.ts, migrations and platform/db: call a repository function.',
        },
      ],
    },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/server/**', '@renkei/server', '@renkei/server/*'],
              message: 'The web app talks to the server over HTTP and imports only @renkei/contracts.',
            },
            {
              regex: String.raw`^(\.\./)+(\.\./)?server/`,
              message: 'The web app talks to the server over HTTP and imports only @renkei/contracts.',
            },
          ],
        },
      ],
    },
  },
  {
    // Web tests run the real server over HTTP through its test harness, never its code.
    files: ['apps/web/src/**/*.test.{ts,tsx}', 'apps/web/src/test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`(^|/)server/src/`,
              message: 'Web tests use the server only through apps/server/test (a real server over HTTP).',
            },
            {
              group: ['@renkei/server', '@renkei/server/*'],
              message: 'Web tests use the server only through apps/server/test.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/contracts/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'net', 'http', 'kysely', 'fastify'],
              message: 'Contracts are types and schemas only: no I/O.',
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'test-results/**', 'coverage/**', 'lint/fixtures/**'] },
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
  ...boundaryConfig,
  {
    files: ['**/*.{js,mjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
);
