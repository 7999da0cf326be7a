import { ListStateMachinesCommand, SFNServiceException } from '@aws-sdk/client-sfn';
import { DataSource } from 'typeorm';
import { REQUEST_BODY_LIMIT_BYTES } from '../../src/http/http.setup.js';
import { bootApp, type BootedApp } from '../support/app.js';
import { awsClient, awsRaw } from '../support/aws-client.js';
import { createMachine, ECHO_DEFINITION } from './executions.fixtures.js';

describe('the AWS JSON 1.0 protocol at POST /', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    booted = await bootApp();
    await createMachine(booted.client, 'aws-listed', ECHO_DEFINITION);
  });

  afterAll(async () => {
    await booted?.close();
  });

  it('answers the unmodified SDK: ListStateMachines with ARNs, STANDARD and epoch-second dates', async () => {
    const sfn = awsClient(booted.url, booted.adminToken);
    const answer = await sfn.send(new ListStateMachinesCommand({}));
    expect(answer.stateMachines).toEqual([
      {
        stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:aws-listed',
        name: 'aws-listed',
        type: 'STANDARD',
        creationDate: expect.any(Date),
      },
    ]);
    expect(answer.nextToken).toBeUndefined();
    expect(answer.$metadata.requestId).toEqual(expect.any(String));
    sfn.destroy();
  });

  it('answers AWS-shaped errors for an unknown or missing X-Amz-Target, bad JSON and no credentials', async () => {
    const token = booted.adminToken;
    expect(await awsRaw(booted.url, { target: 'AWSStepFunctions.Teleport', token })).toMatchObject({
      status: 400,
      contentType: 'application/x-amz-json-1.0',
      body: { __type: 'UnknownOperationException', message: expect.stringContaining('Teleport') },
    });
    expect(await awsRaw(booted.url, { token })).toMatchObject({
      status: 400,
      body: { __type: 'UnknownOperationException' },
    });
    expect(
      await awsRaw(booted.url, {
        target: 'AWSStepFunctions.ListStateMachines',
        token,
        body: '{"maxResults":',
      }),
    ).toMatchObject({ status: 400, body: { __type: 'SerializationException' } });
    expect(
      await awsRaw(booted.url, { target: 'AWSStepFunctions.ListStateMachines', token, body: '[1]' }),
    ).toMatchObject({ status: 400, body: { __type: 'SerializationException' } });
    expect(await awsRaw(booted.url, { target: 'AWSStepFunctions.ListStateMachines' })).toMatchObject({
      status: 400,
      body: { __type: 'MissingAuthenticationTokenException' },
    });
    expect(
      await awsRaw(booted.url, { target: 'AWSStepFunctions.ListStateMachines', token: 'not-a-token' }),
    ).toMatchObject({ status: 400, body: { __type: 'UnrecognizedClientException' } });
    const refused = await booted.app
      .get(DataSource)
      .query<{ outcome: string; error_code: string; actor_type: string }[]>(
        `SELECT outcome, error_code, actor_type FROM audit_log WHERE operation = 'AWSStepFunctions.ListStateMachines'`,
      );
    expect(refused).toEqual([
      { outcome: 'denied', error_code: 'MissingAuthenticationTokenException', actor_type: 'anonymous' },
      { outcome: 'denied', error_code: 'UnrecognizedClientException', actor_type: 'anonymous' },
    ]);
  });

  it('refuses a body over the API limit before reading it, as AWS answers', async () => {
    const answer = await awsRaw(booted.url, {
      target: 'AWSStepFunctions.ListStateMachines',
      token: booted.adminToken,
      body: JSON.stringify({ pad: 'x'.repeat(REQUEST_BODY_LIMIT_BYTES) }),
    });
    expect(answer).toMatchObject({
      status: 413,
      contentType: 'application/x-amz-json-1.0',
      body: { __type: 'ValidationException' },
    });
  });

  it('refuses another content type at POST / with a message that points to GraphQL and REST', async () => {
    const answer = await awsRaw(booted.url, {
      target: 'AWSStepFunctions.ListStateMachines',
      contentType: 'application/json',
      token: booted.adminToken,
    });
    expect(answer).toMatchObject({
      status: 415,
      body: { __type: 'UnsupportedMediaTypeException', message: expect.stringContaining('/graphql') },
    });
  });

  it('leaves GET / to the console, GraphQL at /graphql and REST at /api/v1', async () => {
    const console = await fetch(`${booted.url}/`);
    // The console's index, or its "not built" page when the tests run without a build.
    expect([200, 503]).toContain(console.status);
    expect(console.headers.get('content-type')).toMatch(/^text\/(html|plain)/);
    const graphql = await booted.fetch(`${booted.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ stateMachines(first: 5) { totalCount } }' }),
    });
    expect(await graphql.json()).toEqual({ data: { stateMachines: { totalCount: 1 } } });
    const rest = await booted.fetch(`${booted.url}/api/v1/state-machines`);
    expect(rest.status).toBe(200);
    expect((await booted.fetch(`${booted.url}/api/v1`, { method: 'POST' })).status).toBe(404);
  });
});

describe('the AWS endpoint under the per-address rate limit', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    booted = await bootApp({ RATE_LIMIT_PER_MINUTE: '5' });
  });

  afterAll(async () => {
    await booted?.close();
  });

  it('counts POST / like every route and answers ThrottlingException over the limit', async () => {
    const sfn = awsClient(booted.url, booted.adminToken);
    let throttled: unknown;
    for (let call = 0; call < 10 && !throttled; call += 1) {
      throttled = await sfn.send(new ListStateMachinesCommand({})).then(
        () => undefined,
        (error: unknown) => error,
      );
    }
    expect(throttled).toBeInstanceOf(SFNServiceException);
    expect(throttled).toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    const raw = await awsRaw(booted.url, {
      target: 'AWSStepFunctions.ListStateMachines',
      token: booted.adminToken,
    });
    expect(raw).toMatchObject({ status: 400, body: { __type: 'ThrottlingException' } });
    sfn.destroy();
  });
});
