/**
 * Nested executions through `arn:aws:states:::states:startExecution`: fire-and-forget, `.sync`
 * (Output as JSON text) and `.sync:2` (Output as JSON), a failing child, and a stopped parent
 * stopping its child.
 */
import type { Json, StateMachineDefinition } from '../../src/asl/index.js';
import { waitFor } from '../support/wait.js';
import { expectContiguous, startEngine, types, type EngineHarness } from './engine.harness.js';

jest.setTimeout(30_000);

let engine: EngineHarness;
/** A configured region and account: the engine writes the ARNs the AWS endpoint answers. */
const PLACE = 'arn:aws:states:eu-west-1:111122223333';

beforeAll(async () => {
  engine = await startEngine({ AWS_REGION: 'eu-west-1', AWS_ACCOUNT_ID: '111122223333' });
});

afterAll(async () => {
  await engine?.close();
});

function machine(states: Record<string, unknown>): StateMachineDefinition {
  return { StartAt: Object.keys(states)[0], States: states } as unknown as StateMachineDefinition;
}

const doubler = machine({
  Double: { Type: 'Pass', Parameters: { 'doubled.$': 'States.MathAdd($.n, $.n)' }, End: true },
});

function parent(resource: string, target: string, extra: Record<string, unknown> = {}) {
  return machine({
    Start: {
      Type: 'Task',
      Resource: resource,
      Parameters: { StateMachineArn: target, 'Input.$': '$', ...extra },
      End: true,
    },
  });
}

async function children(executionId: string) {
  return engine.dataSource.query<{ id: string; name: string; status: string }[]>(
    'SELECT id, name, status FROM executions WHERE parent_execution_id = $1',
    [executionId],
  );
}

describe('states:startExecution', () => {
  it('shows the configured ARNs in $$ and the configured region in TaskScheduled', async () => {
    await engine.createMachine(doubler, 'doubler-ctx');
    const executionId = await engine.run(
      machine({
        Start: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution',
          Parameters: { StateMachineArn: 'doubler-ctx', Input: { n: 1 }, 'Name.$': '$$.Execution.Name' },
          ResultSelector: { 'execution.$': '$$.Execution.Id', 'machine.$': '$$.StateMachine.Id' },
          End: true,
        },
      }),
      {},
    );
    const ending = await engine.ended(executionId);
    expect(ending).toMatchObject({ status: 'SUCCEEDED' });
    const [names] = await engine.dataSource.query<{ execution: string; machine: string }[]>(
      `SELECT e.name AS execution, m.name AS machine
         FROM executions e JOIN state_machines m ON m.id = e.state_machine_id WHERE e.id = $1`,
      [executionId],
    );
    expect(ending.output).toEqual({
      execution: `${PLACE}:execution:${names!.machine}:${names!.execution}`,
      machine: `${PLACE}:stateMachine:${names!.machine}`,
    });
    const scheduled = (await engine.history(executionId)).find((event) => event.type === 'TaskScheduled');
    expect(scheduled?.details).toMatchObject({ region: 'eu-west-1' });
  });

  it('starts a child and moves on at once with its ExecutionArn and StartDate (fire-and-forget)', async () => {
    await engine.createMachine(doubler, 'doubler');
    const executionId = await engine.run(
      parent('arn:aws:states:::states:startExecution', 'doubler', { Name: 'child-1' }),
      {
        n: 2,
      },
    );
    const ending = await engine.ended(executionId);
    expect(ending.status).toBe('SUCCEEDED');
    expect(ending.output).toEqual({
      ExecutionArn: `${PLACE}:execution:doubler:child-1`,
      StartDate: expect.any(Number),
    });
    const [child] = await children(executionId);
    expect(child).toMatchObject({ name: 'child-1' });
    expect(await engine.ended(child!.id)).toEqual({ status: 'SUCCEEDED', output: { doubled: 4 } });
  });

  it('waits for the child with .sync and returns AWS DescribeExecution with Output as JSON text', async () => {
    const targetId = await engine.createMachine(doubler);
    const executionId = await engine.run(parent('arn:aws:states:::states:startExecution.sync', targetId), {
      n: 5,
    });
    const ending = await engine.ended(executionId);
    expect(ending.status).toBe('SUCCEEDED');
    expect(ending.output).toMatchObject({
      Input: '{"n":5}',
      Output: '{"doubled":10}',
      Status: 'SUCCEEDED',
      InputDetails: { Included: true },
      OutputDetails: { Included: true },
      StartDate: expect.any(Number),
      StopDate: expect.any(Number),
    });
    expect((ending.output as Record<string, string>).ExecutionArn).toMatch(
      /^arn:aws:states:eu-west-1:111122223333:execution:/,
    );
    expectContiguous(await engine.history(executionId));
  });

  it('returns the child Output as JSON with .sync:2', async () => {
    const targetId = await engine.createMachine(doubler);
    const executionId = await engine.run(parent('arn:aws:states:::states:startExecution.sync:2', targetId), {
      n: 1,
    });
    const ending = await engine.ended(executionId);
    expect(ending.output).toMatchObject({ Input: { n: 1 }, Output: { doubled: 2 }, Status: 'SUCCEEDED' });
  });

  it('fails the parent task with States.TaskFailed and the child description as cause when the child fails', async () => {
    const failing = await engine.createMachine(
      machine({ Boom: { Type: 'Fail', Error: 'ChildError', Cause: 'child broke' } }),
    );
    const executionId = await engine.run(
      parent('arn:aws:states:::states:startExecution.sync:2', failing),
      {},
    );
    const ending = await engine.ended(executionId);
    expect(ending).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
    expect(JSON.parse(ending.cause!)).toMatchObject({
      Status: 'FAILED',
      Error: 'ChildError',
      Cause: 'child broke',
    });
  });

  it('fails the task for a state machine that does not exist', async () => {
    const executionId = await engine.run(parent('arn:aws:states:::states:startExecution', 'nowhere'), {});
    expect(await engine.ended(executionId)).toEqual({
      status: 'FAILED',
      error: 'StepFunctions.StateMachineDoesNotExistException',
      cause: "State Machine Does Not Exist: 'nowhere'",
    });
  });

  it('fails the task for a Name that breaks the execution-name rule, and starts no child', async () => {
    const executionId = await engine.run(
      parent('arn:aws:states:::states:startExecution', 'doubler', { Name: 'has space' }),
      { n: 1 },
    );
    expect(await engine.ended(executionId)).toEqual({
      status: 'FAILED',
      error: 'StepFunctions.InvalidNameException',
      cause: expect.stringMatching(/^Name must be 1 to 80 characters without whitespace/),
    });
    expect(await children(executionId)).toEqual([]);
  });

  it('stops a running child when its parent is stopped', async () => {
    const slow = await engine.createMachine(machine({ W: { Type: 'Wait', Seconds: 60, End: true } }));
    const executionId = await engine.run(parent('arn:aws:states:::states:startExecution.sync', slow), {});
    const [child] = await waitFor(async () => {
      const found = await children(executionId);
      return found.length === 1 ? found : undefined;
    });
    await engine.commands.stop(executionId);
    const childEnding = await engine.ended(child!.id);
    expect(childEnding.status).toBe('ABORTED');
    expect(types(await engine.history(child!.id)).slice(-2)).toEqual([
      'WaitStateAborted',
      'ExecutionAborted',
    ]);
    expect((await engine.state(executionId)).status).toBe('ABORTED');
  });

  it('stops the child when the parent task times out', async () => {
    const slow = await engine.createMachine(machine({ W: { Type: 'Wait', Seconds: 60, End: true } }));
    const definition = machine({
      Start: {
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution.sync',
        Parameters: { StateMachineArn: slow, Input: {} as Json },
        TimeoutSeconds: 1,
        End: true,
      },
    });
    const executionId = await engine.run(definition, {});
    expect(await engine.ended(executionId)).toEqual({ status: 'FAILED', error: 'States.Timeout' });
    const [child] = await children(executionId);
    expect((await engine.ended(child!.id)).status).toBe('ABORTED');
  });
});
