// One linter for the whole tree. Besides the type-aware rules, it enforces the
// direction of dependencies between the folders (see ARCHITECTURE.md):
//   http → application → domain;  storage implements the interface in storage/storage.ts;
//   cli and ops are the composition roots and may import anything.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const forbid = (layers, message) => ({
  regex: `^\\.{1,2}/(.*/)?(${layers.join('|')})/`,
  message,
});
const drivers = [
  'better-sqlite3',
  'pg',
  'kysely',
  'fastify',
  '@fastify/*',
  'argon2',
  'node:fs',
  'node:fs/promises',
  'fs',
  'node:net',
  'node:http',
  'node:child_process',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'test-artifacts/', 'bin/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // Handlers implement async interfaces; some have nothing to await, and that is fine.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSEnumDeclaration',
          message: 'Use an `as const` object and a string-literal union, not enum.',
        },
        { selector: 'TSModuleDeclaration[kind="namespace"]', message: 'No namespaces.' },
      ],
      // Only the config module reads the environment.
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through src/cli/config.ts.',
        },
      ],
    },
  },
  {
    files: ['src/domain/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: drivers.filter((d) => !d.includes('*')),
          patterns: [
            forbid(
              ['storage', 'application', 'http', 'sync', 'integrations', 'cli', 'ops', 'i18n'],
              'Domain rules are pure: they import only other domain modules.',
            ),
            { group: ['@fastify/*'], message: 'Domain rules never import a driver.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/i18n/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(
              ['storage', 'application', 'http', 'sync', 'integrations', 'cli', 'ops', 'domain'],
              'The message catalogue is a leaf.',
            ),
          ],
        },
      ],
    },
  },
  {
    // Printable documents are drawn from plain data: they read the domain's vocabulary and the
    // message catalogue, and their own font files (hence fs is allowed), nothing else.
    files: ['src/documents/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: drivers.filter((d) => !d.includes('*') && !d.includes('fs')),
          patterns: [
            forbid(
              ['storage', 'application', 'http', 'sync', 'integrations', 'cli', 'ops'],
              'Documents render plain data: they import only domain and i18n.',
            ),
            { group: ['@fastify/*'], message: 'Documents never import the HTTP framework.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/storage/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(
              ['application', 'http', 'sync', 'integrations', 'cli', 'ops'],
              'Storage depends only on domain.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/application/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(
              ['http', 'sync', 'integrations', 'cli', 'ops'],
              'Application services do not know about HTTP, sync transport, adapters or the CLI.',
            ),
            {
              regex: '^\\.{1,2}/(.*/)?storage/(?!storage\\.js$|schema\\.js$)',
              message:
                'Application code uses the storage interface (storage/storage.ts), never an implementation.',
            },
            {
              group: ['better-sqlite3', 'pg', 'fastify', '@fastify/*'],
              message: 'Application code never imports a driver or the HTTP framework.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/http/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(
              ['cli', 'ops', 'sync', 'integrations'],
              'HTTP does not import the composition roots or the adapters they plug in.',
            ),
            {
              regex: '^\\.{1,2}/(.*/)?storage/(?!storage\\.js$|schema\\.js$)',
              message: 'HTTP code receives storage from the composition root.',
            },
            {
              group: ['better-sqlite3', 'pg'],
              message: 'HTTP code never imports a database driver.',
            },
          ],
        },
      ],
    },
  },
  {
    // Adapters to other agencies' systems (the inter-linked procedures): they implement an
    // interface of the application layer and are plugged in by the composition root.
    files: ['src/integrations/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(
              ['http', 'sync', 'cli', 'ops'],
              'Adapters use the application and domain layers only; cli plugs them in.',
            ),
            {
              regex: '^\\.{1,2}/(.*/)?storage/(?!storage\\.js$|schema\\.js$)',
              message: 'Adapters receive storage from the composition root.',
            },
            {
              group: ['better-sqlite3', 'pg', 'fastify', '@fastify/*'],
              message: 'Adapters never import a database driver or the HTTP framework.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'src/cli/config.ts',
      'src/ops/**/*.ts',
      'test/**/*.ts',
      '**/*.test.ts',
      '**/*.test.tsx',
      'vitest.config.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
