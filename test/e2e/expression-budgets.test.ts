import { DataSource } from 'typeorm';
import { bootApp, type BootedApp } from '../support/app.js';
import { StartExecutionDocument } from '../support/generated/graphql.js';
import { waitFor } from '../support/wait.js';
import { awaitStatus, createMachine, ECHO_DEFINITION } from './executions.fixtures.js';

// The runaway expression runs for its whole time budget (the default, 10 s), twice.
jest.setTimeout(90_000);

/**
 * A hundred million additions over small sequences: minutes of work on any machine, past the inline
 * step budget at once, so it runs on a worker thread until its time budget stops it.
 */
const RUNAWAY =
  '{% $reduce([1..10000], function($a, $i) { $a + $reduce([1..10000], function($x, $y) { $x + $y }) }) %}';

/** Waits a second (so that the start commits and a job runs the rest), then the runaway state. */
const CAUGHT_RUNAWAY = {
  QueryLanguage: 'JSONata',
  StartAt: 'Later',
  States: {
    Later: { Type: 'Wait', Seconds: 1, Next: 'Runaway' },
    Runaway: {
      Type: 'Task',
      Resource: 'builtin:echo',
      Output: RUNAWAY,
      Catch: [
        { ErrorEquals: ['States.QueryEvaluationError'], Output: '{% $states.errorOutput %}', Next: 'Caught' },
      ],
      End: true,
    },
    Caught: { Type: 'Succeed' },
  },
};

/** The runaway state first thing, evaluated inline in the start request; nothing catches it. */
const UNCAUGHT_RUNAWAY = {
  QueryLanguage: 'JSONata',
  StartAt: 'Runaway',
  States: { Runaway: { Type: 'Pass', Output: RUNAWAY, End: true } },
};

describe('a runaway JSONata expression', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    booted = await bootApp();
    await createMachine(booted.client, 'echo', ECHO_DEFINITION);
    await createMachine(booted.client, 'caught-runaway', CAUGHT_RUNAWAY);
    await createMachine(booted.client, 'uncaught-runaway', UNCAUGHT_RUNAWAY);
  });

  afterAll(async () => {
    await booted?.close();
  });

  const start = async (stateMachineName: string) =>
    (
      await booted.client.expectData(StartExecutionDocument, {
        input: { stateMachineName, input: { order: 1 } },
      })
    ).startExecution;

  /** True while a transaction holds the execution's row: its transition is under way. */
  const inTransition = async (id: string): Promise<boolean> => {
    try {
      await booted.app
        .get(DataSource)
        .transaction((manager) =>
          manager.query('SELECT 1 FROM executions WHERE id = $1 FOR UPDATE NOWAIT', [id]),
        );
      return false;
    } catch (error) {
      if ((error as { code?: string }).code === '55P03') return true;
      throw error;
    }
  };

  const health = async () => (await fetch(`${booted.url}/health`)).status;

  it('leaves /health and other executions answering while it is evaluated, then fails into its Catcher', async () => {
    const runaway = await start('caught-runaway');
    expect(runaway.status).toBe('RUNNING');
    await waitFor(async () => ((await inTransition(runaway.id)) ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 20,
      what: 'the runaway state to be under evaluation',
    });

    expect(await health()).toBe(200);
    const other = await start('echo');
    expect(await awaitStatus(booted.client, other.id)).toMatchObject({ status: 'SUCCEEDED' });
    // All of that happened while the runaway expression was still being evaluated.
    expect(await inTransition(runaway.id)).toBe(true);

    // The runaway is cut at EXPRESSION_TIMEOUT_MS (10 s by default), measured from when its thread
    // began: waiting only as long again fails on a loaded machine.
    const ended = await awaitStatus(booted.client, runaway.id, undefined, 40_000);
    expect(ended).toMatchObject({
      status: 'SUCCEEDED',
      output: {
        Error: 'States.QueryEvaluationError',
        Cause: expect.stringContaining(
          "specified for the field 'Output' exceeded its time budget of 10000 ms.",
        ),
      },
    });
    expect(await health()).toBe(200);
  });

  it('fails an execution that does not catch it with States.QueryEvaluationError, the start answering meanwhile', async () => {
    const starting = start('uncaught-runaway');
    let settled = false;
    void starting.finally(() => (settled = true));
    // Whatever the start waits for, it waits for off the event loop.
    expect(await health()).toBe(200);
    const other = await start('echo');
    expect(await awaitStatus(booted.client, other.id)).toMatchObject({ status: 'SUCCEEDED' });
    expect(settled).toBe(false);

    const runaway = await starting;
    // The runaway is cut at EXPRESSION_TIMEOUT_MS (10 s by default), measured from when its thread
    // began: waiting only as long again fails on a loaded machine.
    const ended = await awaitStatus(booted.client, runaway.id, undefined, 40_000);
    expect(ended).toMatchObject({
      status: 'FAILED',
      error: 'States.QueryEvaluationError',
      cause: expect.stringContaining(
        "specified for the field 'Output' exceeded its time budget of 10000 ms.",
      ),
    });
    expect(await health()).toBe(200);
  });
});
