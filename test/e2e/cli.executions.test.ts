/**
 * The CLI's execution commands against the booted service: `start --follow` / `--wait` and their
 * exit codes, `describe`, `history`, `ls executions`, `task success`, bulk `stop` (dry run, then
 * for real), all with `--json` parsed; and `login` / `logout` with the refresh token's file mode.
 * Commands run in this process (`runCli`); spawned runs prove what only a process does: it exits
 * once a live subscription has ended, with the execution's exit code, reads `-` and a password from
 * its stdin, and keeps a login in its config directory for the next process.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootApp, type BootedApp } from '../support/app.js';
import { graphqlAs, TEST_ADMIN } from '../support/auth.js';
import { parseJson, runCli, spawnCli } from '../support/cli.js';
import { waitFor } from '../support/wait.js';
import { CALLBACK_DEFINITION } from './executions.fixtures.js';

jest.setTimeout(180_000);

const MACHINES = {
  'cli-succeeds': {
    StartAt: 'Echo',
    States: { Echo: { Type: 'Task', Resource: 'builtin:echo', Next: 'Done' }, Done: { Type: 'Succeed' } },
  },
  'cli-fails': {
    StartAt: 'Echo',
    States: {
      Echo: { Type: 'Task', Resource: 'builtin:echo', Next: 'Boom' },
      Boom: { Type: 'Fail', Error: 'Cli.Boom', Cause: 'failed on purpose' },
    },
  },
  'cli-holds': { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } } },
  'cli-approval': CALLBACK_DEFINITION,
};

interface Execution {
  id: string;
  name: string;
  status: string;
  output?: unknown;
  error?: string | null;
  cause?: string | null;
  stateMachine: { name: string };
}

describe('stepgraph CLI: executions', () => {
  let booted: BootedApp;
  let env: Record<string, string>;

  beforeAll(async () => {
    booted = await bootApp();
    env = { STEPGRAPH_URL: booted.url, STEPGRAPH_TOKEN: booted.adminToken };
    for (const [name, definition] of Object.entries(MACHINES)) {
      const response = await booted.fetch(`${booted.url}/api/v1/state-machines`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, definition }),
      });
      expect(response.status).toBe(201);
    }
  });

  afterAll(async () => {
    await booted?.close();
  });

  describe('start', () => {
    it('--follow prints the events live and exits 0 when the execution SUCCEEDED', async () => {
      const result = await runCli(
        ['start', 'cli-succeeds', '--input', '{"n": 1}', '--name', 'follow-ok', '--follow'],
        {
          env,
        },
      );
      expect(result.code).toBe(0);
      const types = result.stdout.split('\n').map((line) => /^\s*\d+\s+\S+\s+(\w+)/.exec(line)?.[1]);
      expect(types).toEqual(
        expect.arrayContaining(['ExecutionStarted', 'TaskSucceeded', 'ExecutionSucceeded']),
      );
      expect(result.stdout).toMatch(/Status:\s+SUCCEEDED/);
    });

    it('--follow exits 1 when the execution FAILED, with its error in the output (as a process, which exits once the subscription has ended)', async () => {
      const result = await spawnCli(['start', 'cli-fails', '--follow'], { env });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('ExecutionFailed');
      expect(result.stdout).toContain('Cli.Boom: failed on purpose');
      expect(result.stdout).toMatch(/Status:\s+FAILED/);
    });

    it('--follow --json prints one JSON event a line, then the ended execution', async () => {
      const result = await runCli(['start', 'cli-succeeds', '--follow', '--json'], { env });
      expect(result.code).toBe(0);
      const lines = result.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const events = lines.slice(0, -1) as Array<{ seq: number; type: string }>;
      expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
      expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
      expect(lines.at(-1)).toMatchObject({ status: 'SUCCEEDED' });
    });

    it('--wait --json answers the ended execution, exit code by its status', async () => {
      const ok = await runCli(['start', 'cli-succeeds', '--input', '{"order": 7}', '--wait', '--json'], {
        env,
      });
      expect(ok.code).toBe(0);
      expect(parseJson<Execution>(ok)).toMatchObject({ status: 'SUCCEEDED', output: { order: 7 } });
      // A JSON string is an input of its own, not JSON text for the server to parse again.
      const text = await runCli(['start', 'cli-succeeds', '--input', '"just text"', '--wait', '--json'], {
        env,
      });
      expect(parseJson<Execution>(text)).toMatchObject({ status: 'SUCCEEDED', output: 'just text' });
      const failed = await runCli(['start', 'cli-fails', '--wait', '--json'], { env });
      expect(failed.code).toBe(1);
      expect(parseJson<Execution>(failed)).toMatchObject({ status: 'FAILED', error: 'Cli.Boom' });
    });

    it('refuses input that is not JSON, naming the option, and starts nothing', async () => {
      const result = await runCli(['start', 'cli-succeeds', '--input', '{oops', '--name', 'never-started'], {
        env,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('--input is not valid JSON');
      const listed = parseJson<Execution[]>(
        await runCli(['ls', 'executions', '--name-prefix', 'never-started', '--json'], { env }),
      );
      expect(listed).toEqual([]);
    });

    it('as a process, reads --input - from stdin and exits 0 once --wait has seen it SUCCEEDED', async () => {
      const result = await spawnCli(['start', 'cli-succeeds', '--input', '-', '--wait', '--json'], {
        env,
        stdin: '{"piped": true}\n',
      });
      expect(result.code).toBe(0);
      expect(parseJson<Execution>(result)).toMatchObject({ status: 'SUCCEEDED', output: { piped: true } });
    });

    it('names an unknown state machine', async () => {
      const result = await runCli(['start', 'no-such-machine'], { env });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/stepgraph: error: NOT_FOUND: /);
    });
  });

  describe('describe, history, ls and task', () => {
    it('answers an execution, its history and the list as JSON', async () => {
      const started = parseJson<Execution>(
        await runCli(
          ['start', 'cli-succeeds', '--name', 'inspect-me', '--input', '{"x": 1}', '--wait', '--json'],
          { env },
        ),
      );
      const described = parseJson<Execution>(await runCli(['describe', started.id, '--json'], { env }));
      expect(described).toMatchObject({
        id: started.id,
        name: 'inspect-me',
        status: 'SUCCEEDED',
        output: { x: 1 },
      });

      const history = parseJson<Array<{ type: string }>>(
        await runCli(['history', started.id, '--json'], { env }),
      );
      expect(history[0].type).toBe('ExecutionStarted');
      expect(history.at(-1)?.type).toBe('ExecutionSucceeded');
      const narrowed = parseJson<Array<{ type: string }>>(
        await runCli(['history', started.id, '--type', 'TaskSucceeded,ExecutionSucceeded', '--json'], {
          env,
        }),
      );
      expect(narrowed.map((event) => event.type)).toEqual(['TaskSucceeded', 'ExecutionSucceeded']);

      const listed = parseJson<Execution[]>(
        await runCli(
          [
            'ls',
            'executions',
            '--machine',
            'cli-succeeds',
            '--status',
            'succeeded',
            '--since',
            '1h',
            '--json',
          ],
          {
            env,
          },
        ),
      );
      expect(listed.map((execution) => execution.id)).toContain(started.id);
      expect(new Set(listed.map((execution) => execution.stateMachine.name))).toEqual(
        new Set(['cli-succeeds']),
      );

      const table = await runCli(['ls', 'executions', '--name-prefix', 'inspect-me'], { env });
      expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+MACHINE\s+STATUS\s+STARTED/);
      expect(table.stdout).toContain('inspect-me');
    });

    it('completes a task waiting on its token with `task success`', async () => {
      const started = parseJson<Execution>(
        await runCli(['start', 'cli-approval', '--input', '{"order": 1}', '--json'], { env }),
      );
      // The token, as the service that would answer it gets it (here: the API's waitingTasks).
      const token = await waitFor(
        async () => {
          const body = await graphqlAs(
            booted.url,
            booted.adminToken,
            'query ($id: ID!) { execution(id: $id) { waitingTasks { taskToken } } }',
            { id: started.id },
          );
          const tasks = (body.data?.execution as { waitingTasks: Array<{ taskToken: string }> } | undefined)
            ?.waitingTasks;
          return tasks?.[0]?.taskToken;
        },
        { timeoutMs: 60_000, what: 'the approval task to wait on its token' },
      );
      const sent = await runCli(['task', 'success', token, '--output', '{"approved": true}'], { env });
      expect(sent).toMatchObject({ code: 0, stderr: '' });
      const ended = await waitFor(
        async () => {
          const execution = parseJson<Execution>(await runCli(['describe', started.id, '--json'], { env }));
          return execution.status === 'RUNNING' ? undefined : execution;
        },
        { timeoutMs: 60_000, what: 'the approval execution to end' },
      );
      expect(ended).toMatchObject({ status: 'SUCCEEDED', output: { approved: true } });
    });
  });

  it('takes a token that starts with "-" as the token (one in 64 does), not as an option', async () => {
    const forged = `-${'A'.repeat(42)}`;
    const result = await runCli(['task', 'failure', forged, '--error', 'Nope'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stepgraph: error: NOT_FOUND: /);
  });

  describe('bulk stop', () => {
    it('previews with --dry-run (count and sample, nothing stopped), then stops them all', async () => {
      const ids: string[] = [];
      for (let index = 0; index < 3; index += 1) {
        ids.push(
          parseJson<Execution>(
            await runCli(['start', 'cli-holds', '--name', `hold-${index}`, '--json'], { env }),
          ).id,
        );
      }
      const filter = ['--machine', 'cli-holds', '--name-prefix', 'hold-'];

      const preview = await runCli(['stop', ...filter, '--dry-run'], { env });
      expect(preview.code).toBe(0);
      expect(preview.stdout).toContain('Would stop 3 executions');
      const dryRun = parseJson<{ status: string; total: number; sample: Array<{ id: string }> }>(
        await runCli(['stop', ...filter, '--dry-run', '--json'], { env }),
      );
      expect(dryRun.status).toBe('DRY_RUN');
      expect(dryRun.total).toBe(3);
      expect(dryRun.sample.map((sample) => sample.id).sort()).toEqual([...ids].sort());
      const stillRunning = parseJson<Execution[]>(
        await runCli(['ls', 'executions', ...filter, '--status', 'RUNNING', '--json'], { env }),
      );
      expect(stillRunning).toHaveLength(3);

      const stopped = await runCli(['stop', ...filter, '--cause', 'cli test', '--json'], { env });
      expect(stopped.code).toBe(0);
      expect(parseJson(stopped)).toMatchObject({
        kind: 'STOP',
        status: 'SUCCEEDED',
        total: 3,
        done: 3,
        failed: 0,
      });
      const aborted = parseJson<Execution[]>(
        await runCli(['ls', 'executions', ...filter, '--status', 'ABORTED', '--json'], { env }),
      );
      expect(aborted.map((execution) => execution.id).sort()).toEqual([...ids].sort());
    });

    it('refuses to stop without an execution id, a filter or --all', async () => {
      const result = await runCli(['stop'], { env });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('stop what? Give an execution id, or filters');
    });
  });

  describe('login and logout', () => {
    let config: string;

    beforeAll(async () => {
      config = await mkdtemp(join(tmpdir(), 'stepgraph-config-'));
    });

    afterAll(async () => {
      await rm(config, { recursive: true, force: true });
    });

    it('keeps the refresh token in a 0600 file under a 0700 folder, signs in with it, and logout deletes it', async () => {
      const own = { STEPGRAPH_URL: booted.url, XDG_CONFIG_HOME: config };
      const login = await spawnCli(['login', '--email', TEST_ADMIN.email, '--password-stdin'], {
        env: own,
        stdin: `${TEST_ADMIN.password}\n`,
      });
      expect(login.code).toBe(0);
      expect(login.stdout).toContain(`Signed in to ${booted.url} as ${TEST_ADMIN.email}`);
      const file = join(config, 'stepgraph', 'credentials.json');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(join(config, 'stepgraph'))).mode & 0o777).toBe(0o700);
      const firstToken = (
        JSON.parse(await readFile(file, 'utf8')) as Record<string, { refreshToken: string }>
      )[booted.url].refreshToken;

      // No --token: the stored session is used, and its refresh token rotated.
      const listed = await spawnCli(['ls', 'machines', '--json'], { env: own });
      expect(listed.code).toBe(0);
      expect(parseJson<Array<{ name: string }>>(listed).map(({ name }) => name)).toContain('cli-holds');
      const stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, { refreshToken: string }>;
      expect(stored[booted.url].refreshToken).not.toBe(firstToken);
      expect((await stat(file)).mode & 0o777).toBe(0o600);

      const logout = await runCli(['logout'], { env: own });
      expect(logout.code).toBe(0);
      await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });

      const signedOut = await runCli(['ls', 'machines'], { env: own });
      expect(signedOut.code).toBe(1);
      expect(signedOut.stderr).toContain('stepgraph login');
    });

    it('names a wrong password', async () => {
      const result = await runCli(['login', '--email', TEST_ADMIN.email, '--password-stdin'], {
        env: { STEPGRAPH_URL: booted.url, XDG_CONFIG_HOME: config },
        stdin: 'wrong-password\n',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/stepgraph: error: UNAUTHENTICATED: /);
    });
  });
});
