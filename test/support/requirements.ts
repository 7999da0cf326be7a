/**
 * Tests that need something of the machine (a Redis, a `redis-server` binary): skipped with the
 * reason in their name on a developer's machine that lacks it, but failed in CI, where a missing
 * tool is a broken pipeline and a silent skip would let the tests it guards stop running.
 */

/** Whether this run is CI: `CI` set to `true` or `1`, as CI services and .ci/run set it. */
export function runsInCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.CI === '1';
}

/** What becomes of tests whose requirement is `missing` (undefined when it is met). */
export function requirementOutcome(
  missing: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): 'run' | 'skip' | 'fail' {
  if (missing === undefined) return 'run';
  return runsInCi(env) ? 'fail' : 'skip';
}

/**
 * A `describe` for tests that need something this machine may lack; `missing` says what is
 * missing, or is undefined when nothing is. The only way a test file may skip.
 */
export function describeRequiring(missing: string | undefined): (name: string, body: () => void) => void {
  return (name, body) => {
    const outcome = requirementOutcome(missing);
    if (outcome === 'run') describe(name, body);
    else if (outcome === 'skip') describe.skip(`${name} (skipped: ${missing})`, body);
    else
      describe(name, () => {
        it('has what it needs', () => {
          throw new Error(`${missing}. CI=true: provide it instead of skipping these tests.`);
        });
      });
  };
}
