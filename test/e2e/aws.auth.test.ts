import {
  CreateStateMachineCommand,
  ListStateMachinesCommand,
  SFNClient,
  SFNServiceException,
} from '@aws-sdk/client-sfn';
import { bootApp, type BootedApp } from '../support/app.js';
import { createApiKey, graphqlAs, type CreatedTestApiKey } from '../support/auth.js';
import { awsRaw } from '../support/aws-client.js';
import { createMachine, ECHO_DEFINITION } from './executions.fixtures.js';

jest.setTimeout(60_000);

const MINUTE = 60_000;

/** The unmodified SDK client, signing with an API key's access key pair as any AWS program does. */
function signingClient(
  url: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  options: { systemClockOffset?: number; region?: string } = {},
): SFNClient {
  return new SFNClient({
    endpoint: url,
    region: options.region ?? 'us-east-1',
    credentials,
    systemClockOffset: options.systemClockOffset,
    // A refusal is what these tests look at: no retry, and so no clock-skew correction either.
    maxAttempts: 1,
  });
}

/** The AWS error a call (ListStateMachines unless told) was refused with, as the SDK raised it. */
async function refusal(
  client: SFNClient,
  call: (client: SFNClient) => Promise<unknown> = (sfn) => sfn.send(new ListStateMachinesCommand({})),
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await call(client);
  } catch (error) {
    if (!(error instanceof SFNServiceException)) throw error;
    return { name: error.name, message: error.message, status: error.$metadata.httpStatusCode };
  } finally {
    client.destroy();
  }
  throw new Error('the call was not refused');
}

describe('Signature Version 4 on the AWS endpoint, through the unmodified SDK', () => {
  let booted: BootedApp;
  let viewer: CreatedTestApiKey;

  beforeAll(async () => {
    booted = await bootApp();
    await createMachine(booted.client, 'signed-listing', ECHO_DEFINITION);
    viewer = await createApiKey(booted.url, booted.adminToken, 'viewer');
  });

  afterAll(async () => {
    await booted?.close();
  });

  it('answers a client signing with a key created through the API', async () => {
    const sfn = signingClient(booted.url, viewer);
    const answer = await sfn.send(new ListStateMachinesCommand({}));
    expect(answer.stateMachines?.map(({ name }) => name)).toEqual(['signed-listing']);
    sfn.destroy();
  });

  it('refuses a wrong secret with InvalidSignatureException', async () => {
    const wrong = { accessKeyId: viewer.accessKeyId, secretAccessKey: 'x'.repeat(40) };
    expect(await refusal(signingClient(booted.url, wrong))).toEqual({
      name: 'InvalidSignatureException',
      message: expect.stringMatching(
        /^The request signature we calculated does not match the signature you provided/,
      ),
      status: 400,
    });
  });

  it('refuses an access key id it does not know with UnrecognizedClientException', async () => {
    const unknown = { accessKeyId: 'SGAKAAAAAAAAAAAAAAAA', secretAccessKey: viewer.secretAccessKey };
    expect(await refusal(signingClient(booted.url, unknown))).toEqual({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      status: 400,
    });
    // An AWS key id is no better: it is not a key of this server.
    const aws = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: viewer.secretAccessKey };
    expect(await refusal(signingClient(booted.url, aws))).toMatchObject({
      name: 'UnrecognizedClientException',
    });
  });

  it('refuses a request signed with a clock 6 minutes behind or ahead: a replayed old date', async () => {
    expect(await refusal(signingClient(booted.url, viewer, { systemClockOffset: -6 * MINUTE }))).toEqual({
      name: 'InvalidSignatureException',
      message: expect.stringMatching(
        /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
      ),
      status: 400,
    });
    expect(await refusal(signingClient(booted.url, viewer, { systemClockOffset: 6 * MINUTE }))).toMatchObject(
      {
        name: 'InvalidSignatureException',
        message: expect.stringMatching(/^Signature not yet current: /),
      },
    );
  });

  it('lets the SDK correct a skewed clock as it does against AWS: from the refusal Date header, then signs again', async () => {
    const sfn = new SFNClient({
      endpoint: booted.url,
      region: 'us-east-1',
      credentials: viewer,
      systemClockOffset: -6 * MINUTE,
      maxAttempts: 2,
    });
    const answer = await sfn.send(new ListStateMachinesCommand({}));
    expect(answer.$metadata.attempts).toBe(2);
    expect(Math.abs(sfn.config.systemClockOffset)).toBeLessThan(MINUTE);
    sfn.destroy();
  });

  it('refuses a credential scoped to another region than the endpoint', async () => {
    expect(await refusal(signingClient(booted.url, viewer, { region: 'eu-west-1' }))).toMatchObject({
      name: 'InvalidSignatureException',
      message: expect.stringMatching(/valid region.*'us-east-1'/),
    });
  });

  it('refuses a body changed after it was signed', async () => {
    const sfn = signingClient(booted.url, viewer);
    type Args = { request: { body: Uint8Array | string } };
    sfn.middlewareStack.addRelativeTo(
      ((next: (args: Args) => Promise<unknown>) => (args: Args) => {
        // As long as the signed `{}`, so that the signed Content-Length still holds.
        expect(Buffer.from(args.request.body).toString()).toBe('{}');
        args.request.body = '[]';
        return next(args);
      }) as never,
      { name: 'tamperAfterSigning', relation: 'after', toMiddleware: 'httpSigningMiddleware' },
    );
    expect(await refusal(sfn)).toMatchObject({ name: 'InvalidSignatureException' });
  });

  it('refuses no credentials, and a SigV4 header that lacks its parts, as AWS does', async () => {
    expect(await awsRaw(booted.url, { target: 'AWSStepFunctions.ListStateMachines' })).toMatchObject({
      status: 400,
      body: { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' },
    });
    const response = await fetch(`${booted.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.ListStateMachines',
        authorization: `AWS4-HMAC-SHA256 Credential=${viewer.accessKeyId}/20261207/us-east-1/states/aws4_request`,
      },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      __type: 'IncompleteSignatureException',
      message:
        "Authorization header requires 'SignedHeaders' parameter. Authorization header requires 'Signature' parameter.",
    });
  });

  it('refuses a revoked key at once with UnrecognizedClientException', async () => {
    const doomed = await createApiKey(booted.url, booted.adminToken, 'viewer');
    const before = signingClient(booted.url, doomed);
    await before.send(new ListStateMachinesCommand({}));
    before.destroy();
    await graphqlAs(booted.url, booted.adminToken, 'mutation ($id: ID!) { revokeApiKey(id: $id) }', {
      id: doomed.id,
    });
    expect(await refusal(signingClient(booted.url, doomed))).toMatchObject({
      name: 'UnrecognizedClientException',
    });
  });

  it('applies the key role as GraphQL and REST do: a worker key may not list state machines', async () => {
    const worker = await createApiKey(booted.url, booted.adminToken, 'worker');
    expect(await refusal(signingClient(booted.url, worker))).toMatchObject({
      name: 'AccessDeniedException',
      status: 400,
    });
    // The same key, as a bearer token on GraphQL, is refused the same read.
    const graphql = await graphqlAs(booted.url, worker.key, '{ stateMachines(first: 1) { totalCount } }');
    expect(graphql.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets a viewer key read but not write: CreateStateMachine is AccessDeniedException and creates nothing', async () => {
    const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const create = new CreateStateMachineCommand({
      name: 'viewer-made',
      definition,
      roleArn: 'arn:aws:iam::123456789012:role/any',
    });
    expect(await refusal(signingClient(booted.url, viewer), (sfn) => sfn.send(create))).toMatchObject({
      name: 'AccessDeniedException',
      status: 400,
    });
    const sfn = signingClient(booted.url, viewer);
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map(({ name }) => name)).toEqual(['signed-listing']);
    sfn.destroy();
    // An editor key signing the same call creates it: the role, not the credential form, decided.
    const editor = await createApiKey(booted.url, booted.adminToken, 'editor');
    const editing = signingClient(booted.url, editor);
    const created = await editing.send(create);
    expect(created.stateMachineArn).toBe('arn:aws:states:us-east-1:123456789012:stateMachine:viewer-made');
    editing.destroy();
  });

  it('audits the refused signatures as denied, with their AWS code', async () => {
    await refusal(signingClient(booted.url, { ...viewer, secretAccessKey: 'z'.repeat(40) }));
    await refusal(signingClient(booted.url, { ...viewer, accessKeyId: 'SGAKZZZZZZZZZZZZZZZZ' }));
    const audit = await graphqlAs(
      booted.url,
      booted.adminToken,
      '{ auditLog(first: 100) { edges { node { operation outcome errorCode } } } }',
    );
    const rows = (audit.data!.auditLog as { edges: Array<{ node: Record<string, string> }> }).edges.map(
      ({ node }) => node,
    );
    for (const errorCode of ['InvalidSignatureException', 'UnrecognizedClientException'])
      expect(rows).toContainEqual({
        operation: 'AWSStepFunctions.ListStateMachines',
        outcome: 'denied',
        errorCode,
      });
  });
});
