/**
 * A test that needs a tool this machine lacks skips on a developer's machine but fails in CI
 * (test/support/requirements.ts), and no test file skips by any other way: a silent skip in CI
 * would let what it guards stop being tested without anyone noticing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { requirementOutcome, runsInCi } from '../support/requirements.js';

const TEST_ROOT = join(__dirname, '..');
const THE_ONE_WAY_TO_SKIP = join(TEST_ROOT, 'support', 'requirements.ts');
/** describe.skip, it.skip, test.skip, xit, xdescribe, xtest, and skipping on a condition. */
const SKIP = /\b(?:describe|it|test)\s*\.\s*skip\b|\bx(?:it|describe|test)\s*\(|\.skipIf\b/;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|cjs|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

describe('tests that need a tool the machine lacks', () => {
  it('fail instead of skipping under CI when a binary such as redis-server is missing', () => {
    const missing = 'no redis-server on the PATH';
    expect(requirementOutcome(missing, { CI: 'true' })).toBe('fail');
    expect(requirementOutcome(missing, { CI: '1' })).toBe('fail');
    expect(requirementOutcome(missing, {})).toBe('skip');
    expect(requirementOutcome(undefined, { CI: 'true' })).toBe('run');
    expect(runsInCi({ CI: 'false' })).toBe(false);
  });

  it('skip only through describeRequiring, which fails under CI: no test file skips on its own', () => {
    const own = __filename;
    const skipping = sourceFiles(TEST_ROOT)
      .filter((file) => file !== THE_ONE_WAY_TO_SKIP && file !== own && !file.includes('generated'))
      .filter((file) => SKIP.test(readFileSync(file, 'utf8')))
      .map((file) => relative(TEST_ROOT, file));
    expect(skipping).toEqual([]);
  });
});
