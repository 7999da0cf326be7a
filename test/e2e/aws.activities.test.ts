import {
  ActivityDoesNotExist,
  CreateActivityCommand,
  DeleteActivityCommand,
  DescribeActivityCommand,
  GetActivityTaskCommand,
  InvalidArn,
  InvalidName,
  InvalidOutput,
  InvalidToken,
  ListActivitiesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  SFNServiceException,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { awsClient, rejectionOf, useAwsApp } from '../support/aws-client.js';
import { StartExecutionDocument } from '../support/generated/graphql.js';
import { awaitStatus, CALLBACK_DEFINITION, callbackToken, createMachine } from './executions.fixtures.js';

// Executions run on the engine's workers, and long polls wait: more than Jest's default 5 s.
jest.setTimeout(60_000);

const ACTIVITY_PREFIX = 'arn:aws:states:us-east-1:123456789012:activity';
/** A well-formed task token that was never handed out. */
const UNKNOWN_TOKEN = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** One activity Task, with a heartbeat, run by the workers of `activityArn`. */
function workDefinition(activityArn: string, timeouts: { TimeoutSeconds?: number } = {}) {
  return {
    StartAt: 'Work',
    States: { Work: { Type: 'Task', Resource: activityArn, HeartbeatSeconds: 30, ...timeouts, End: true } },
  };
}

/**
 * An activity worker as the AWS documentation writes one: poll, heartbeat while working, then
 * answer with SendTaskSuccess, or SendTaskFailure when the work throws.
 */
async function workOnce(
  sfn: SFNClient,
  activityArn: string,
  work: (input: { order: number }) => Promise<unknown>,
): Promise<boolean> {
  const task = await sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'aws-worker-1' }));
  if (!task.taskToken) return false;
  await sfn.send(new SendTaskHeartbeatCommand({ taskToken: task.taskToken }));
  try {
    const output = await work(JSON.parse(task.input!) as { order: number });
    await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: JSON.stringify(output) }));
  } catch (error) {
    await sfn.send(
      new SendTaskFailureCommand({
        taskToken: task.taskToken,
        error: 'WorkFailed',
        cause: (error as Error).message,
      }),
    );
  }
  return true;
}

describe('activities through the AWS SDK', () => {
  const aws = useAwsApp();

  const start = async (machine: string, input: unknown) =>
    (
      await aws.booted.client.expectData(StartExecutionDocument, {
        input: { stateMachineName: machine, input },
      })
    ).startExecution.id;

  it('creates (idempotently), describes, lists in pages and deletes activities', async () => {
    const created = await aws.sfn.send(
      new CreateActivityCommand({ name: 'aws-pack', tags: [{ key: 'k', value: 'v' }] }),
    );
    expect(created).toEqual(
      expect.objectContaining({ activityArn: `${ACTIVITY_PREFIX}:aws-pack`, creationDate: expect.any(Date) }),
    );
    const again = await aws.sfn.send(new CreateActivityCommand({ name: 'aws-pack' }));
    expect(again.creationDate!.getTime()).toBe(created.creationDate!.getTime());
    expect(
      await aws.sfn.send(new DescribeActivityCommand({ activityArn: created.activityArn })),
    ).toMatchObject({
      activityArn: created.activityArn,
      name: 'aws-pack',
      creationDate: created.creationDate,
    });
    await aws.sfn.send(new CreateActivityCommand({ name: 'aws-ship' }));
    const first = await aws.sfn.send(new ListActivitiesCommand({ maxResults: 1 }));
    expect(first.activities!.map((activity) => activity.name)).toEqual(['aws-pack']);
    const second = await aws.sfn.send(
      new ListActivitiesCommand({ maxResults: 1, nextToken: first.nextToken }),
    );
    expect(second.activities!.map((activity) => activity.name)).toEqual(['aws-ship']);

    await aws.sfn.send(new DeleteActivityCommand({ activityArn: `${ACTIVITY_PREFIX}:aws-ship` }));
    expect(
      await rejectionOf(
        aws.sfn.send(new DescribeActivityCommand({ activityArn: `${ACTIVITY_PREFIX}:aws-ship` })),
      ),
    ).toBeInstanceOf(ActivityDoesNotExist);
    await aws.sfn.send(new DeleteActivityCommand({ activityArn: `${ACTIVITY_PREFIX}:aws-ship` }));
  });

  it('drives executions to their end with a worker written as AWS documents it', async () => {
    const { activityArn } = await aws.sfn.send(new CreateActivityCommand({ name: 'aws-approve' }));
    await createMachine(aws.booted.client, 'aws-approval', workDefinition(activityArn!));

    const approved = await start('aws-approval', { order: 1 });
    expect(await workOnce(aws.sfn, activityArn!, async ({ order }) => ({ order, approved: true }))).toBe(
      true,
    );
    expect(await awaitStatus(aws.booted.client, approved)).toMatchObject({
      status: 'SUCCEEDED',
      output: { order: 1, approved: true },
    });

    const refused = await start('aws-approval', { order: 2 });
    expect(
      await workOnce(aws.sfn, activityArn!, () => Promise.reject(new Error('order 2 is out of stock'))),
    ).toBe(true);
    expect(await awaitStatus(aws.booted.client, refused)).toMatchObject({
      status: 'FAILED',
      error: 'WorkFailed',
      cause: 'order 2 is out of stock',
    });
  });

  it('long-polls: a task scheduled while GetActivityTask waits is handed over at once', async () => {
    const { activityArn } = await aws.sfn.send(new CreateActivityCommand({ name: 'aws-later' }));
    await createMachine(aws.booted.client, 'aws-later', workDefinition(activityArn!));
    const polling = aws.sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'aws-waiting' }));
    const id = await start('aws-later', { order: 3 });
    const task = await polling;
    expect(JSON.parse(task.input!)).toEqual({ order: 3 });
    await aws.sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"late":true}' }));
    expect(await awaitStatus(aws.booted.client, id)).toMatchObject({
      status: 'SUCCEEDED',
      output: { late: true },
    });
  });

  it('answers a .waitForTaskToken callback sent through the SDK', async () => {
    await createMachine(aws.booted.client, 'aws-callback', CALLBACK_DEFINITION);
    const id = await start('aws-callback', { order: 4 });
    const taskToken = await callbackToken(aws.booted, id);
    await aws.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ confirmed: 4 }) }));
    expect(await awaitStatus(aws.booted.client, id)).toMatchObject({
      status: 'SUCCEEDED',
      output: { confirmed: 4 },
    });
  });

  it('refuses answers as AWS does: InvalidToken, TaskDoesNotExist, TaskTimedOut, InvalidOutput', async () => {
    await createMachine(aws.booted.client, 'aws-answered', CALLBACK_DEFINITION);
    const answered = await start('aws-answered', { order: 5 });
    const answeredToken = await callbackToken(aws.booted, answered);
    await aws.sfn.send(new SendTaskSuccessCommand({ taskToken: answeredToken, output: '{}' }));
    await awaitStatus(aws.booted.client, answered);

    const { activityArn } = await aws.sfn.send(new CreateActivityCommand({ name: 'aws-slow' }));
    await createMachine(aws.booted.client, 'aws-slow', workDefinition(activityArn!, { TimeoutSeconds: 1 }));
    const slow = await start('aws-slow', { order: 6 });
    const task = await aws.sfn.send(new GetActivityTaskCommand({ activityArn }));
    expect(await awaitStatus(aws.booted.client, slow)).toMatchObject({
      status: 'FAILED',
      error: 'States.Timeout',
    });

    await createMachine(aws.booted.client, 'aws-open', CALLBACK_DEFINITION);
    const openToken = await callbackToken(aws.booted, await start('aws-open', { order: 7 }));

    const cases: [Promise<unknown>, new (...args: never[]) => Error][] = [
      [aws.sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })), InvalidToken],
      [aws.sfn.send(new SendTaskHeartbeatCommand({ taskToken: 'not-a-token' })), InvalidToken],
      [
        aws.sfn.send(new SendTaskSuccessCommand({ taskToken: UNKNOWN_TOKEN, output: '{}' })),
        TaskDoesNotExist,
      ],
      [
        aws.sfn.send(new SendTaskFailureCommand({ taskToken: answeredToken, error: 'Late' })),
        TaskDoesNotExist,
      ],
      [aws.sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{}' })), TaskTimedOut],
      [aws.sfn.send(new SendTaskHeartbeatCommand({ taskToken: task.taskToken })), TaskTimedOut],
      [aws.sfn.send(new SendTaskSuccessCommand({ taskToken: openToken, output: 'not json' })), InvalidOutput],
      [
        aws.sfn.send(new DescribeActivityCommand({ activityArn: `${ACTIVITY_PREFIX}:never-made` })),
        ActivityDoesNotExist,
      ],
      [
        aws.sfn.send(new GetActivityTaskCommand({ activityArn: `${ACTIVITY_PREFIX}:never-made` })),
        ActivityDoesNotExist,
      ],
      [
        aws.sfn.send(
          new DescribeActivityCommand({
            activityArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:x',
          }),
        ),
        InvalidArn,
      ],
      [aws.sfn.send(new CreateActivityCommand({ name: 'has spaces' })), InvalidName],
    ];
    for (const [call, type] of cases) {
      const error = await rejectionOf(call);
      expect({ name: error.name, typed: error instanceof type }).toEqual({ name: type.name, typed: true });
    }
    // The open task is still open: a bad output changed nothing.
    await aws.sfn.send(new SendTaskSuccessCommand({ taskToken: openToken, output: '"done"' }));
  });

  it('applies the caller’s role: a viewer may not answer tasks (AccessDeniedException)', async () => {
    const viewer = awsClient(aws.booted.url, (await aws.booted.signInAs('viewer')).accessToken);
    const refusal = await rejectionOf(
      viewer.send(new SendTaskHeartbeatCommand({ taskToken: UNKNOWN_TOKEN })),
    );
    expect(refusal).toBeInstanceOf(SFNServiceException);
    expect(refusal.name).toBe('AccessDeniedException');
    viewer.destroy();
  });
});
