import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports that would tie the ASL interpreter to I/O, a framework or the wall clock. */
const impureModules = [
  '@nestjs/*',
  'typeorm',
  'pg',
  'pg-boss',
  'ioredis',
  'graphql*',
  'node:fs',
  'fs',
  'node:net',
  'net',
  'node:http',
  'http',
  'node:https',
  'https',
  'node:child_process',
  'child_process',
  '../engine/*',
  '../../engine/*',
  '../database/*',
  '../../database/*',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      '.data/**',
      'node_modules/**',
      'test/support/generated/**',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // docs/design.md §3 rule 1: the interpreter is pure. Time and randomness are passed in.
    files: ['src/asl/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: impureModules, message: 'src/asl is pure: no I/O, framework or engine imports.' },
          ],
          // Hashing is deterministic and allowed (States.Hash); randomness is injected.
          paths: ['node:crypto', 'crypto'].map((name) => ({
            name,
            importNames: ['randomUUID', 'randomBytes', 'randomInt', 'getRandomValues', 'webcrypto'],
            message: 'src/asl is pure: take randomness as a parameter.',
          })),
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'src/asl is pure: take the clock as a parameter.' },
        { object: 'Math', property: 'random', message: 'src/asl is pure: take randomness as a parameter.' },
        { object: 'process', message: 'src/asl is pure: no process access.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'src/asl is pure: take the clock as a parameter.',
        },
        {
          selector: "CallExpression[callee.object.name='crypto']",
          message: 'src/asl is pure: take randomness as a parameter.',
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'src/asl is pure: no timers.' },
        { name: 'setInterval', message: 'src/asl is pure: no timers.' },
        { name: 'fetch', message: 'src/asl is pure: no I/O.' },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
