import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const ESLINT = resolve(ROOT, 'node_modules/eslint/bin/eslint.js');

interface LintResult {
  readonly messages: readonly { readonly ruleId: string | null; readonly message: string }[];
}

/** Lints `code` as if it were the file `path` of the repository, with the repository's own config. */
function lintAs(path: string, code: string): LintResult['messages'] {
  const run = spawnSync(process.execPath, [ESLINT, '--format', 'json', '--stdin', '--stdin-filename', path], {
    cwd: ROOT,
    input: code,
    encoding: 'utf8',
  });
  if (!run.stdout) throw new Error(`eslint printed nothing (exit ${run.status}): ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as LintResult[];
  return result!.messages;
}

function restrictedImports(path: string, code: string): string[] {
  return lintAs(path, code)
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

// The walls of eslint.config.mjs, proved by planting the imports they forbid: a wall that lint
// never applies (a wrong glob, a pattern that misses deeper folders) fails here.
describe('the lint walls', () => {
  jest.setTimeout(60_000);

  it.each([
    ['the graphql package', 'src/engine/planted.ts', "import { x } from 'graphql';"],
    [
      'a GraphQL folder file',
      'src/engine/transition/planted.ts',
      "import { x } from '../../graphql/graphql.context.js';",
    ],
    [
      'an HTTP folder file',
      'src/engine/tasks/http/planted.ts',
      "import { x } from '../../../http/client-ip.js';",
    ],
    [
      'a feature resolver',
      'src/engine/start/planted.ts',
      "import { x } from '../../executions/executions.resolver.js';",
    ],
    [
      'a feature DTO',
      'src/engine/queue/planted.ts',
      "import { x } from '../../executions/dto/start-execution.input.js';",
    ],
  ])('refuse %s imported by src/engine', (_what, path, code) => {
    const messages = restrictedImports(path, `${code}\nexport const planted = x;\n`);
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expect(message).toContain('src/engine knows no transport');
  });

  it('let the engine import its own folders, src/asl and the neutral notifications', () => {
    const code = [
      "import { x } from '../transition/transition.js';",
      "import { y } from '../../asl/index.js';",
      "import { z } from '../../notifications/notification.publisher.js';",
      'export const planted = [x, y, z];',
    ].join('\n');
    expect(restrictedImports('src/engine/start/planted.ts', code)).toEqual([]);
  });

  it('keep the CLI off the server: src/asl, and nothing else of src/', () => {
    const server =
      "import { x } from '../../../../src/executions/executions.service.js';\nexport const planted = x;\n";
    const messages = restrictedImports('packages/cli/src/commands/planted.ts', server);
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expect(message).toContain('the CLI talks to the public API only');
    const core = "import { x } from '../../../../src/asl/validate/index.js';\nexport const planted = x;\n";
    expect(restrictedImports('packages/cli/src/commands/planted.ts', core)).toEqual([]);
  });

  it('keep src/asl free of I/O', () => {
    expect(
      restrictedImports('src/asl/planted.ts', "import { x } from 'pg';\nexport const planted = x;\n"),
    ).not.toEqual([]);
  });

  it.each([
    ['server code', "import { x } from '../../../src/common/app-error.js';", 'talks to the API only'],
    ['a type of the server', "import type { x } from '../../../src/asl/json.js';", 'talks to the API only'],
    ['a package', "import { x } from 'graphql';", 'has no dependencies'],
  ])('refuse %s imported by packages/worker (it talks to the API only)', (_what, code, expected) => {
    const messages = restrictedImports(
      'packages/worker/src/planted.ts',
      `${code}\nexport const planted = x;\n`,
    );
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.join('\n')).toContain(expected);
  });

  it('let packages/worker import Node built-ins and its own modules', () => {
    const code = [
      "import { x } from './slots.js';",
      "import { hostname } from 'node:os';",
      'export const planted = [x, hostname];',
    ].join('\n');
    expect(restrictedImports('packages/worker/src/planted.ts', code)).toEqual([]);
  });
});
