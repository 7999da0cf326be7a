/**
 * The execution actions of the AWS endpoint through the unmodified SDK: start, describe, the
 * history in pages both ways with and without data, list with a status filter and tokens, stop,
 * redrive, StartSyncExecution, TestState, every error of the area as the SDK's typed exception, and
 * the acceptance: the README's hello workflow has the history AWS writes for it.
 */
import {
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ExecutionNotRedrivable,
  GetExecutionHistoryCommand,
  InvalidArn,
  InvalidDefinition,
  InvalidExecutionInput,
  InvalidName,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TestStateCommand,
  ValidationException,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { awsClient, useAwsApp } from '../support/aws-client.js';
import { waitFor } from '../support/wait.js';
import {
  CALLBACK_DEFINITION,
  createMachine,
  ECHO_DEFINITION,
  ECHO_HISTORY,
  FAIL_ONCE_DEFINITION,
} from './executions.fixtures.js';

const PREFIX = 'arn:aws:states:us-east-1:123456789012';
const machineArn = (name: string) => `${PREFIX}:stateMachine:${name}`;
const executionArn = (machine: string, name: string) => `${PREFIX}:execution:${machine}:${name}`;

/** The README's "A first workflow". */
const HELLO_DEFINITION = {
  StartAt: 'Greet',
  States: {
    Greet: {
      Type: 'Task',
      Resource: 'builtin:echo',
      Parameters: { 'greeting.$': "States.Format('Hello, {}!', $.name)" },
      Next: 'Pause',
    },
    Pause: { Type: 'Wait', Seconds: 1, End: true },
  },
};

/**
 * What AWS writes for the same definition with a Lambda task (`arn:aws:states:::lambda:invoke`)
 * in place of builtin:echo: each event's type, previousEventId and details member with its
 * members, as AWS's recorded histories of a Task state and of a Wait state show them.
 */
const AWS_HELLO_HISTORY = [
  ['ExecutionStarted', 0, 'executionStartedEventDetails', ['input', 'inputDetails', 'roleArn']],
  ['TaskStateEntered', 0, 'stateEnteredEventDetails', ['input', 'inputDetails', 'name']],
  ['TaskScheduled', 2, 'taskScheduledEventDetails', ['parameters', 'region', 'resource', 'resourceType']],
  ['TaskStarted', 3, 'taskStartedEventDetails', ['resource', 'resourceType']],
  ['TaskSucceeded', 4, 'taskSucceededEventDetails', ['output', 'outputDetails', 'resource', 'resourceType']],
  ['TaskStateExited', 5, 'stateExitedEventDetails', ['name', 'output', 'outputDetails']],
  ['WaitStateEntered', 6, 'stateEnteredEventDetails', ['input', 'inputDetails', 'name']],
  ['WaitStateExited', 7, 'stateExitedEventDetails', ['name', 'output', 'outputDetails']],
  ['ExecutionSucceeded', 8, 'executionSucceededEventDetails', ['output', 'outputDetails']],
] as const;

/** An event as [type, previousEventId, its details member, that member's members]. */
function shapeOf(event: HistoryEvent) {
  const members = Object.entries(event).filter(([key, value]) => key.endsWith('EventDetails') && value);
  const [member, details] = members[0] ?? ['', {}];
  return [event.type, event.previousEventId, member, Object.keys(details as object).sort()];
}

describe('AWS execution actions through the SDK', () => {
  const aws = useAwsApp();

  beforeAll(async () => {
    // StartSyncExecution and TestState are modelled with a `sync-` host prefix (AWS serves them at
    // sync-states.<region>.amazonaws.com): a client of Stepgraph turns it off, as
    // docs/aws-compatibility.md says.
    Object.assign(aws.sfn.config, { disableHostPrefix: true });
    await createMachine(aws.booted.client, 'aws-echo', ECHO_DEFINITION);
    await createMachine(aws.booted.client, 'aws-flaky', FAIL_ONCE_DEFINITION);
    await createMachine(aws.booted.client, 'aws-callback', CALLBACK_DEFINITION);
    await createMachine(aws.booted.client, 'hello', HELLO_DEFINITION);
  });

  const describeExecution = (arn: string) =>
    aws.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
  const ended = (arn: string) =>
    waitFor(
      async () => {
        const described = await describeExecution(arn);
        return described.status === 'RUNNING' ? undefined : described;
      },
      { what: `${arn} to end` },
    );
  const fullHistory = async (arn: string, reverseOrder = false, includeExecutionData = true) => {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await aws.sfn.send(
        new GetExecutionHistoryCommand({
          executionArn: arn,
          maxResults: 2,
          nextToken,
          reverseOrder,
          includeExecutionData,
        }),
      );
      expect(page.events!.length).toBeLessThanOrEqual(2);
      events.push(...page.events!);
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  };

  it('starts, describes and reads the history in pages, oldest or newest first, with or without data', async () => {
    const started = await aws.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn('aws-echo'),
        name: 'first',
        input: '{"order": 7}',
        traceHeader: 'Root=1-abc',
      }),
    );
    expect(started).toMatchObject({
      executionArn: executionArn('aws-echo', 'first'),
      startDate: expect.any(Date),
    });

    const described = await ended(started.executionArn!);
    expect(described).toMatchObject({
      executionArn: executionArn('aws-echo', 'first'),
      stateMachineArn: machineArn('aws-echo'),
      name: 'first',
      status: 'SUCCEEDED',
      input: '{"order":7}',
      inputDetails: { included: true },
      output: '{"order":7,"greeting":"hello"}',
      outputDetails: { included: true },
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
      startDate: expect.any(Date),
      stopDate: expect.any(Date),
    });
    expect(described.mapRunArn).toBeUndefined();
    expect(described.error).toBeUndefined();

    const forward = await fullHistory(started.executionArn!);
    expect(forward.map((event) => event.type)).toEqual(ECHO_HISTORY);
    expect(forward.map((event) => event.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(forward[0]!.timestamp).toBeInstanceOf(Date);
    expect(forward[0]!.executionStartedEventDetails).toMatchObject({
      input: '{"order":7}',
      inputDetails: { truncated: false },
    });
    expect(forward[4]!.taskScheduledEventDetails).toMatchObject({
      resourceType: 'builtin',
      resource: 'echo',
      parameters: '{"order":7,"greeting":"hello"}',
    });

    const backward = await fullHistory(started.executionArn!, true);
    expect(backward.map((event) => event.id)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(backward).toEqual([...forward].reverse());

    const withoutData = await fullHistory(started.executionArn!, false, false);
    expect(withoutData.map((event) => event.type)).toEqual(forward.map((event) => event.type));
    expect(withoutData[1]!.stateEnteredEventDetails).toEqual({ name: 'Prepare' });
    expect(withoutData[8]!.executionSucceededEventDetails).toEqual({});
    expect(withoutData[4]!.taskScheduledEventDetails).not.toHaveProperty('parameters');

    const machine = await aws.sfn.send(
      new DescribeStateMachineForExecutionCommand({ executionArn: started.executionArn }),
    );
    expect(machine).toMatchObject({
      stateMachineArn: machineArn('aws-echo'),
      name: 'aws-echo',
      roleArn: expect.any(String),
      updateDate: expect.any(Date),
    });
    expect(JSON.parse(machine.definition!)).toEqual(ECHO_DEFINITION);
  });

  it('repeats a start of a running execution with the same input; any other reuse of the name is ExecutionAlreadyExists', async () => {
    const start = (input: string) =>
      aws.sfn.send(
        new StartExecutionCommand({ stateMachineArn: machineArn('aws-callback'), name: 'waiting', input }),
      );
    const first = await start('{"order": 1}');
    const again = await start('{"order":1}');
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    await expect(start('{"order": 2}')).rejects.toBeInstanceOf(ExecutionAlreadyExists);

    const generated = await aws.sfn.send(
      new StartExecutionCommand({ stateMachineArn: machineArn('aws-echo') }),
    );
    expect(generated.executionArn).toMatch(new RegExp(`^${executionArn('aws-echo', '')}[0-9a-f-]{36}$`));
    await ended(generated.executionArn!);
    await expect(
      aws.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: machineArn('aws-echo'),
          name: generated.executionArn!.split(':').pop(),
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('stops a running execution with an error and cause, and redrives what failed', async () => {
    const { executionArn: running } = await aws.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn('aws-callback'),
        name: 'to-stop',
        input: '{"order": 5}',
      }),
    );
    const stopped = await aws.sfn.send(
      new StopExecutionCommand({ executionArn: running, error: 'Operator', cause: 'not needed' }),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(await describeExecution(running!)).toMatchObject({
      status: 'ABORTED',
      error: 'Operator',
      cause: 'not needed',
      redriveStatus: 'REDRIVABLE',
    });
    const history = await fullHistory(running!, true);
    expect(history[0]).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Operator', cause: 'not needed' },
    });

    const { executionArn: flaky } = await aws.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn('aws-flaky'),
        name: 'flaky',
        input: '{"order": 3}',
      }),
    );
    expect(await ended(flaky!)).toMatchObject({
      status: 'FAILED',
      error: 'Boom',
      redriveStatus: 'REDRIVABLE',
    });
    const redriven = await aws.sfn.send(
      new RedriveExecutionCommand({ executionArn: flaky, clientToken: 'once' }),
    );
    expect(redriven.redriveDate).toBeInstanceOf(Date);
    expect(await ended(flaky!)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"order":3}',
      redriveCount: 1,
      redriveDate: expect.any(Date),
    });
    const events = await fullHistory(flaky!);
    expect(events.find((event) => event.type === 'ExecutionRedriven')).toMatchObject({
      executionRedrivenEventDetails: { redriveCount: 1 },
    });
    await expect(aws.sfn.send(new RedriveExecutionCommand({ executionArn: flaky }))).rejects.toBeInstanceOf(
      ExecutionNotRedrivable,
    );
  });

  it('lists a machine’s executions newest first, by status, in pages', async () => {
    const names = ['list-a', 'list-b', 'list-c'];
    for (const name of names) {
      const { executionArn: arn } = await aws.sfn.send(
        new StartExecutionCommand({ stateMachineArn: machineArn('aws-echo'), name, input: '{"order": 1}' }),
      );
      await ended(arn!);
    }
    const listed: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await aws.sfn.send(
        new ListExecutionsCommand({
          stateMachineArn: machineArn('aws-echo'),
          statusFilter: 'SUCCEEDED',
          maxResults: 2,
          nextToken,
        }),
      );
      expect(page.executions!.length).toBeLessThanOrEqual(2);
      for (const item of page.executions!) {
        expect(item).toMatchObject({
          stateMachineArn: machineArn('aws-echo'),
          status: 'SUCCEEDED',
          startDate: expect.any(Date),
        });
      }
      listed.push(...page.executions!.map((item) => item.name!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(listed.slice(0, 3)).toEqual(['list-c', 'list-b', 'list-a']);
    expect(listed).toContain('first');

    const running = await aws.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: machineArn('aws-echo'), statusFilter: 'RUNNING' }),
    );
    expect(running.executions).toEqual([]);
    expect(running.nextToken).toBeUndefined();
  });

  it('StartSyncExecution answers with the ended execution', async () => {
    const answer = await aws.sfn.send(
      new StartSyncExecutionCommand({
        stateMachineArn: machineArn('aws-echo'),
        name: 'sync',
        input: '{"order": 9}',
      }),
    );
    expect(answer).toMatchObject({
      executionArn: executionArn('aws-echo', 'sync'),
      stateMachineArn: machineArn('aws-echo'),
      name: 'sync',
      status: 'SUCCEEDED',
      input: '{"order":9}',
      output: '{"order":9,"greeting":"hello"}',
      startDate: expect.any(Date),
      stopDate: expect.any(Date),
      billingDetails: { billedMemoryUsedInMB: 0, billedDurationInMilliseconds: expect.any(Number) },
    });
    const failed = await aws.sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: machineArn('aws-flaky'), input: '{"order": 1}' }),
    );
    expect(failed).toMatchObject({ status: 'FAILED', error: 'Boom' });
    expect(failed.output).toBeUndefined();
    // The hello workflow waits a second: the answer comes when its end is committed.
    const waited = await aws.sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: machineArn('hello'), input: '{"name": "sync"}' }),
    );
    expect(waited).toMatchObject({ status: 'SUCCEEDED', output: '{"greeting":"Hello, sync!"}' });
  });

  it('answers AccessDeniedException where the caller’s role may not act, as GraphQL and REST do', async () => {
    const { accessToken } = await aws.booted.signInAs('viewer');
    const viewer = awsClient(aws.booted.url, accessToken);
    try {
      await expect(
        viewer.send(new StartExecutionCommand({ stateMachineArn: machineArn('aws-echo') })),
      ).rejects.toMatchObject({ name: 'AccessDeniedException' });
      await expect(
        viewer.send(new StopExecutionCommand({ executionArn: executionArn('aws-echo', 'first') })),
      ).rejects.toMatchObject({ name: 'AccessDeniedException' });
      // Reading is allowed: the answer is about the execution, not the caller.
      await expect(
        viewer.send(new DescribeExecutionCommand({ executionArn: executionArn('aws-echo', 'nobody') })),
      ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    } finally {
      viewer.destroy();
    }
  });

  it('TestState on the developer guide’s Choice (INFO) and Pass (DEBUG) examples, and a mocked Task', async () => {
    const choice = await aws.sfn.send(
      new TestStateCommand({
        definition: JSON.stringify({
          Type: 'Choice',
          Choices: [
            { Variable: '$.number', NumericEquals: 1, Next: 'Equals 1' },
            { Variable: '$.number', NumericEquals: 2, Next: 'Equals 2' },
          ],
          Default: 'No Match',
        }),
        input: '{"number": 2}',
        inspectionLevel: 'INFO',
      }),
    );
    expect(choice).toMatchObject({ output: '{"number":2}', nextState: 'Equals 2', status: 'SUCCEEDED' });
    expect(choice.inspectionData).toBeUndefined();

    const pass = await aws.sfn.send(
      new TestStateCommand({
        definition: JSON.stringify({
          Type: 'Pass',
          InputPath: '$.payload',
          Parameters: { data: 1 },
          ResultPath: '$.result',
          Next: 'Another State',
        }),
        input: '{"payload": {"foo": "bar"}}',
        inspectionLevel: 'DEBUG',
      }),
    );
    expect(pass).toMatchObject({
      output: '{"payload":{"foo":"bar"},"result":{"data":1}}',
      inspectionData: {
        input: '{"payload": {"foo": "bar"}}',
        afterInputPath: '{"foo":"bar"}',
        afterParameters: '{"data":1}',
        afterResultSelector: '{"data":1}',
        afterResultPath: '{"payload":{"foo":"bar"},"result":{"data":1}}',
      },
      nextState: 'Another State',
      status: 'SUCCEEDED',
    });

    const task = await aws.sfn.send(
      new TestStateCommand({
        definition: JSON.stringify({
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { 'Payload.$': '$', FunctionName: 'HelloWorld' },
          ResultSelector: { 'greeting.$': '$.Payload' },
          End: true,
        }),
        input: '{"name": "world"}',
        inspectionLevel: 'DEBUG',
        mock: { result: '{"StatusCode": 200, "Payload": "Hello, world!"}' },
      }),
    );
    expect(task).toMatchObject({
      output: '{"greeting":"Hello, world!"}',
      status: 'SUCCEEDED',
      inspectionData: {
        afterParameters: '{"Payload":{"name":"world"},"FunctionName":"HelloWorld"}',
        result: '{"StatusCode":200,"Payload":"Hello, world!"}',
        afterResultSelector: '{"greeting":"Hello, world!"}',
      },
    });
    expect(task.nextState).toBeUndefined();

    await expect(
      aws.sfn.send(new TestStateCommand({ definition: '{"Type": "Pass", "Bogus": true, "End": true}' })),
    ).rejects.toBeInstanceOf(InvalidDefinition);
    await expect(
      aws.sfn.send(
        new TestStateCommand({
          definition: '{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}',
        }),
      ),
    ).rejects.toBeInstanceOf(ValidationException);
    await expect(
      aws.sfn.send(new TestStateCommand({ definition: '{"Type": "Pass", "End": true}', input: 'nope' })),
    ).rejects.toBeInstanceOf(InvalidExecutionInput);
  });

  it('raises each error of the area as the SDK’s typed exception', async () => {
    const nowhere = executionArn('aws-echo', 'never-started');
    await expect(describeExecution(nowhere)).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(
      aws.sfn.send(new GetExecutionHistoryCommand({ executionArn: nowhere })),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(aws.sfn.send(new StopExecutionCommand({ executionArn: nowhere }))).rejects.toBeInstanceOf(
      ExecutionDoesNotExist,
    );
    await expect(aws.sfn.send(new RedriveExecutionCommand({ executionArn: nowhere }))).rejects.toBeInstanceOf(
      ExecutionDoesNotExist,
    );
    await expect(
      aws.sfn.send(
        new DescribeStateMachineForExecutionCommand({ executionArn: `${PREFIX}:execution:other:x` }),
      ),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(
      describeExecution('arn:aws:states:us-east-1:123456789012:stateMachine:aws-echo'),
    ).rejects.toBeInstanceOf(InvalidArn);
    await expect(describeExecution('not-an-arn')).rejects.toBeInstanceOf(InvalidArn);
    await expect(
      aws.sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn('missing') })),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(
      aws.sfn.send(new ListExecutionsCommand({ stateMachineArn: machineArn('missing') })),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(
      aws.sfn.send(
        new StartExecutionCommand({ stateMachineArn: machineArn('aws-echo'), input: '{not json' }),
      ),
    ).rejects.toBeInstanceOf(InvalidExecutionInput);
    await expect(
      aws.sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn('aws-echo'), name: 'has space' })),
    ).rejects.toBeInstanceOf(InvalidName);
    await expect(
      aws.sfn.send(
        new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:activity:x' }),
      ),
    ).rejects.toBeInstanceOf(InvalidArn);
    await expect(
      aws.sfn.send(
        new ListExecutionsCommand({ stateMachineArn: machineArn('aws-echo'), nextToken: 'garbage' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
    const succeeded = executionArn('aws-echo', 'first');
    await expect(
      aws.sfn.send(new RedriveExecutionCommand({ executionArn: succeeded })),
    ).rejects.toBeInstanceOf(ExecutionNotRedrivable);
    await expect(aws.sfn.send(new StopExecutionCommand({ executionArn: succeeded }))).rejects.toBeInstanceOf(
      ValidationException,
    );
  });

  it('acceptance: the README’s hello workflow has the history AWS writes for the same definition', async () => {
    const { executionArn: arn } = await aws.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn('hello'),
        name: 'first-run',
        input: '{"name": "world"}',
      }),
    );
    expect(await ended(arn!)).toMatchObject({ status: 'SUCCEEDED', output: '{"greeting":"Hello, world!"}' });
    const { events } = await aws.sfn.send(new GetExecutionHistoryCommand({ executionArn: arn }));
    expect(events!.map(shapeOf)).toEqual(
      AWS_HELLO_HISTORY.map(([type, previous, member, members]) => [type, previous, member, [...members]]),
    );
    expect(events!.map((event) => event.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
