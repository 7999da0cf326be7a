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

/** Packages of the transports (GraphQL, REST) that the engine must not know. */
const transportPackages = [
  'graphql',
  'graphql-*',
  'graphql/*',
  '@nestjs/graphql',
  '@nestjs/swagger',
  '@nestjs/platform-express',
  '@apollo/*',
  'express',
];

/** Folders of src/ that are transports through and through. */
const transportFolders = ['graphql', 'http', 'security'];

/**
 * The engine knows no transport: no GraphQL or REST package, nothing from the transport folders,
 * and no transport file of a feature folder (resolvers, controllers, DTOs, GraphQL models,
 * decorators, guards, interceptors, plugins). Relative paths are matched per directory depth, so
 * the wall holds in every subfolder of src/engine without catching the engine's own folders.
 */
const engineWalls = [1, 2, 3, 4, 5].map((depth) => {
  const toSrc = `^(?:\\.\\./){${depth}}(?!\\.\\.)`;
  return {
    files: [`src/engine/${'*/'.repeat(depth - 1)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: transportPackages,
              message: 'src/engine knows no transport: no GraphQL or REST packages.',
            },
            {
              regex: `${toSrc}(?:${transportFolders.join('|')})(?:/|$)`,
              message: 'src/engine knows no transport: nothing from src/graphql, src/http or src/security.',
            },
            {
              regex: `${toSrc}(?:[^/]+/)*(?:dto|models)/`,
              message: 'src/engine knows no transport: no DTOs or GraphQL models.',
            },
            {
              regex: `${toSrc}.*\\.(?:resolver|controller|decorators?|guard|interceptor|plugin)(?:\\.js)?$`,
              message:
                'src/engine knows no transport: no resolvers, controllers, decorators, guards or interceptors.',
            },
          ],
        },
      ],
    },
  };
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'packages/*/dist/**',
      'coverage/**',
      '.data/**',
      'node_modules/**',
      'test/support/generated/**',
      'web/src/generated/**',
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
  ...engineWalls,
  {
    // The worker library talks to the public API only (issue 15): no server code, no dependency.
    files: ['packages/worker/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./',
              message: 'packages/worker talks to the API only: nothing from outside packages/worker/src.',
            },
            {
              regex: '^(?!node:|\\./)',
              message:
                'packages/worker has no dependencies: Node built-ins (node:*) and its own modules only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The CLI talks to the public API only; of the server's code it uses the pure language core,
    // for the offline `validate` and `graph`.
    files: ['packages/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?:\\.\\./)+src/(?!asl/)',
              message: 'the CLI talks to the public API only: of src/ it may import src/asl alone.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'test/**/*.ts',
      'bench/**/*.ts',
      'scripts/**/*.ts',
      'packages/*/test/**/*.ts',
      'examples/**/*.ts',
    ],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
