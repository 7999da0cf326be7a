import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  InvalidArn,
  InvalidDefinition,
  InvalidName,
  InvalidToken,
  ListStateMachinesCommand,
  ListStateMachineVersionsCommand,
  paginateListStateMachines,
  SFNServiceException,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
  ValidationException,
} from '@aws-sdk/client-sfn';
import { DataSource } from 'typeorm';
import { awsClient, rejectionOf, useAwsApp } from '../support/aws-client.js';

const ARN_PREFIX = 'arn:aws:states:us-east-1:123456789012:stateMachine';
const HELLO = { StartAt: 'Hello', States: { Hello: { Type: 'Pass', Result: 'hello', End: true } } };
const GOODBYE = { StartAt: 'Bye', States: { Bye: { Type: 'Pass', Result: 'bye', End: true } } };
const ROLE_ARN = 'arn:aws:iam::123456789012:role/service-role/StepFunctions-role';

describe('state machines through the AWS SDK', () => {
  const aws = useAwsApp();

  it('lives a whole life: create, describe, update with publish, versions, delete', async () => {
    const created = await aws.sfn.send(
      new CreateStateMachineCommand({
        name: 'aws-life',
        definition: JSON.stringify(HELLO),
        roleArn: ROLE_ARN,
        type: 'STANDARD',
        publish: true,
        loggingConfiguration: { level: 'OFF' },
        tracingConfiguration: { enabled: false },
        tags: [{ key: 'team', value: 'payments' }],
      }),
    );
    expect(created).toMatchObject({
      stateMachineArn: `${ARN_PREFIX}:aws-life`,
      stateMachineVersionArn: `${ARN_PREFIX}:aws-life:1`,
      creationDate: expect.any(Date),
    });

    const described = await aws.sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }),
    );
    expect(described).toMatchObject({
      stateMachineArn: `${ARN_PREFIX}:aws-life`,
      name: 'aws-life',
      status: 'ACTIVE',
      type: 'STANDARD',
      roleArn: expect.stringMatching(/^arn:aws:iam::123456789012:role\//),
      revisionId: '1',
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    });
    expect(JSON.parse(described.definition!)).toEqual(HELLO);
    expect(described.creationDate!.getTime()).toBe(created.creationDate!.getTime());

    const updated = await aws.sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: created.stateMachineArn,
        definition: JSON.stringify(GOODBYE),
        publish: true,
        versionDescription: 'says goodbye',
      }),
    );
    expect(updated).toMatchObject({
      updateDate: expect.any(Date),
      revisionId: '2',
      stateMachineVersionArn: `${ARN_PREFIX}:aws-life:2`,
    });
    const unpublished = await aws.sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, roleArn: ROLE_ARN }),
    );
    expect(unpublished.stateMachineVersionArn).toBeUndefined();
    expect(unpublished.revisionId).toBe('2');

    const first = await aws.sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: `${ARN_PREFIX}:aws-life:1` }),
    );
    expect(first).toMatchObject({
      stateMachineArn: `${ARN_PREFIX}:aws-life:1`,
      name: 'aws-life',
      revisionId: '1',
    });
    expect(JSON.parse(first.definition!)).toEqual(HELLO);
    const latest = await aws.sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }),
    );
    expect(JSON.parse(latest.definition!)).toEqual(GOODBYE);

    const versions = await aws.sfn.send(
      new ListStateMachineVersionsCommand({ stateMachineArn: created.stateMachineArn }),
    );
    expect(versions.stateMachineVersions!.map((v) => v.stateMachineVersionArn)).toEqual([
      `${ARN_PREFIX}:aws-life:2`,
      `${ARN_PREFIX}:aws-life:1`,
    ]);
    const firstPage = await aws.sfn.send(
      new ListStateMachineVersionsCommand({ stateMachineArn: created.stateMachineArn, maxResults: 1 }),
    );
    expect(firstPage.stateMachineVersions).toHaveLength(1);
    expect(firstPage.nextToken).toEqual(expect.any(String));
    const secondPage = await aws.sfn.send(
      new ListStateMachineVersionsCommand({
        stateMachineArn: created.stateMachineArn,
        maxResults: 1,
        nextToken: firstPage.nextToken,
      }),
    );
    expect(secondPage.stateMachineVersions!.map((v) => v.stateMachineVersionArn)).toEqual([
      `${ARN_PREFIX}:aws-life:1`,
    ]);
    expect(secondPage.nextToken).toBeUndefined();

    await aws.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    // Each write is audited under its AWS name, in the transaction of the change, with the machine's id.
    const audited = await aws.booted.app.get(DataSource).query<{ operation: string; outcome: string }[]>(
      `SELECT operation, outcome FROM audit_log
          WHERE target_ids && (SELECT array_agg(id::text) FROM state_machines WHERE name = 'aws-life') ORDER BY seq`,
    );
    expect(audited).toEqual([
      { operation: 'AWSStepFunctions.CreateStateMachine', outcome: 'success' },
      { operation: 'AWSStepFunctions.UpdateStateMachine', outcome: 'success' },
      { operation: 'AWSStepFunctions.DeleteStateMachine', outcome: 'success' },
    ]);
    expect(
      await rejectionOf(
        aws.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn })),
      ),
    ).toBeInstanceOf(StateMachineDoesNotExist);
    // As on AWS, deleting again (or something that never was) succeeds.
    await aws.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
  });

  it('answers an identical create with the machine that exists, and refuses the name for another definition', async () => {
    const definition = JSON.stringify(HELLO);
    const first = await aws.sfn.send(
      new CreateStateMachineCommand({ name: 'aws-twice', definition, roleArn: ROLE_ARN }),
    );
    // The same definition, keys in another order and spaced otherwise.
    const reordered = `{ "States": { "Hello": { "End": true, "Result": "hello", "Type": "Pass" } }, "StartAt": "Hello" }`;
    const again = await aws.sfn.send(
      new CreateStateMachineCommand({ name: 'aws-twice', definition: reordered, roleArn: ROLE_ARN }),
    );
    expect(again.stateMachineArn).toBe(first.stateMachineArn);
    expect(again.creationDate!.getTime()).toBe(first.creationDate!.getTime());
    const refusal = await rejectionOf(
      aws.sfn.send(
        new CreateStateMachineCommand({
          name: 'aws-twice',
          definition: JSON.stringify(GOODBYE),
          roleArn: ROLE_ARN,
        }),
      ),
    );
    expect(refusal).toBeInstanceOf(StateMachineAlreadyExists);
    expect(refusal.message).toContain('aws-twice');
  });

  it('lists state machines in pages that the SDK paginator follows', async () => {
    for (const name of ['aws-page-a', 'aws-page-b', 'aws-page-c']) {
      await aws.sfn.send(
        new CreateStateMachineCommand({ name, definition: JSON.stringify(HELLO), roleArn: ROLE_ARN }),
      );
    }
    const page = await aws.sfn.send(new ListStateMachinesCommand({ maxResults: 2 }));
    expect(page.stateMachines).toHaveLength(2);
    expect(page.nextToken).toEqual(expect.any(String));
    const names: string[] = [];
    for await (const each of paginateListStateMachines({ client: aws.sfn, pageSize: 2 }, {})) {
      names.push(...each.stateMachines!.map((machine) => machine.name!));
    }
    expect(names.filter((name) => name.startsWith('aws-page-'))).toEqual([
      'aws-page-a',
      'aws-page-b',
      'aws-page-c',
    ]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('validates a definition in AWS’s result / diagnostics shape, storing nothing', async () => {
    const ok = await aws.sfn.send(
      new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(HELLO) }),
    );
    expect(ok).toMatchObject({ result: 'OK', diagnostics: [], truncated: false });
    const broken = { StartAt: 'Missing', States: { Hello: { Type: 'Pass', Next: 'Nowhere' } } };
    const fail = await aws.sfn.send(
      new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(broken), maxResults: 1 }),
    );
    expect(fail).toMatchObject({
      result: 'FAIL',
      diagnostics: [
        {
          severity: 'ERROR',
          code: 'SCHEMA_VALIDATION_FAILED',
          message: expect.any(String),
          location: expect.stringMatching(/^\$/),
        },
      ],
      truncated: true,
    });
    const notJson = await aws.sfn.send(
      new ValidateStateMachineDefinitionCommand({ definition: '{"StartAt":' }),
    );
    expect(notJson).toMatchObject({ result: 'FAIL', diagnostics: [{ code: 'INVALID_JSON_DESCRIPTION' }] });
  });

  it('raises each error as the SDK’s typed exception', async () => {
    const definition = JSON.stringify(HELLO);
    const cases: [Promise<unknown>, new (...args: never[]) => Error][] = [
      [
        aws.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${ARN_PREFIX}:never-made` })),
        StateMachineDoesNotExist,
      ],
      [
        aws.sfn.send(
          new DescribeStateMachineCommand({
            stateMachineArn: 'arn:aws:states:eu-west-1:999999999999:stateMachine:elsewhere',
          }),
        ),
        StateMachineDoesNotExist,
      ],
      [aws.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'not-an-arn' })), InvalidArn],
      [aws.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${ARN_PREFIX}:a:b:c` })), InvalidArn],
      [
        aws.sfn.send(new CreateStateMachineCommand({ name: 'has spaces!', definition, roleArn: ROLE_ARN })),
        InvalidName,
      ],
      [
        aws.sfn.send(
          new CreateStateMachineCommand({
            name: 'aws-broken',
            definition: '{"StartAt":"X","States":{}}',
            roleArn: ROLE_ARN,
          }),
        ),
        InvalidDefinition,
      ],
      [
        aws.sfn.send(
          new CreateStateMachineCommand({ name: 'aws-not-json', definition: '{', roleArn: ROLE_ARN }),
        ),
        InvalidDefinition,
      ],
      [
        aws.sfn.send(
          new CreateStateMachineCommand({
            name: 'aws-express',
            definition,
            roleArn: ROLE_ARN,
            type: 'EXPRESS',
          }),
        ),
        ValidationException,
      ],
      [aws.sfn.send(new ListStateMachinesCommand({ nextToken: 'not-a-token-we-made' })), InvalidToken],
      [aws.sfn.send(new ListStateMachinesCommand({ maxResults: 5000 })), ValidationException],
      [
        aws.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: `${ARN_PREFIX}:aws-anything:3` })),
        ValidationException,
      ],
    ];
    for (const [call, type] of cases) {
      const error = await rejectionOf(call);
      expect({ name: error.name, typed: error instanceof type }).toEqual({ name: type.name, typed: true });
    }
    const stored = await aws.sfn.send(new ListStateMachinesCommand({}));
    expect(stored.stateMachines!.map((machine) => machine.name)).not.toContain('aws-broken');
  });

  it('applies the caller’s role: a viewer reads but may not create (AccessDeniedException)', async () => {
    const viewer = awsClient(aws.booted.url, (await aws.booted.signInAs('viewer')).accessToken);
    await viewer.send(new ListStateMachinesCommand({}));
    const refusal = await rejectionOf(
      viewer.send(
        new CreateStateMachineCommand({
          name: 'aws-viewer',
          definition: JSON.stringify(HELLO),
          roleArn: ROLE_ARN,
        }),
      ),
    );
    // The SDK has no class of its own for AWS's common errors: its service exception, by name.
    expect(refusal).toBeInstanceOf(SFNServiceException);
    expect(refusal).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    const denied = await aws.booted.app
      .get(DataSource)
      .query<{ outcome: string; error_code: string }[]>(
        `SELECT outcome, error_code FROM audit_log WHERE operation = 'AWSStepFunctions.CreateStateMachine' AND outcome <> 'success'`,
      );
    expect(denied).toContainEqual({ outcome: 'denied', error_code: 'AccessDeniedException' });
    viewer.destroy();
  });
});
