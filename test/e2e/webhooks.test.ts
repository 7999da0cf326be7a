import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { WebhookSecretCipher } from '../../src/webhooks/webhook-secret.cipher.js';
import { bootApp, type BootedApp } from '../support/app.js';
import { graphqlAs } from '../support/auth.js';
import { awaitStatus, createMachine } from './executions.fixtures.js';

jest.setTimeout(60_000);

const MAX_BODY_BYTES = 4096;
/** Above what the other tests send to one hook; the rate test sends one more. */
const CALLS_PER_MINUTE = 40;
/** A runaway transform is stopped after this long on a worker thread. */
const EXPRESSION_TIMEOUT_MS = 1000;
const UNKNOWN_ID = '0b6a3c1e-7d59-4c8f-9a1e-3f2b4c5d6e7f';
const PASS_DEFINITION = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } };

const WEBHOOK_FIELDS = `id name url enabled signature inputTransform idempotencyHeader
  stateMachine { id name } previousSecretExpiresAt createdAt`;

interface CreatedHook {
  webhook: { id: string; url: string; enabled: boolean; signature: string };
  secret: string;
}

const hmacHex = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('hex');
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** `Stepgraph-Signature` of `body` signed with each of `secrets` at `t`. */
function stepgraphSignature(body: string, secrets: string[], t = nowSeconds()): string {
  return [`t=${t}`, ...secrets.map((secret) => `v1=${hmacHex(secret, `${t}.${body}`)}`)].join(',');
}

describe('webhooks (issue 12: signed calls start executions)', () => {
  let booted: BootedApp;
  let db: DataSource;
  let machineId: string;
  let hook: CreatedHook;

  const gql = async <T>(
    query: string,
    variables: Record<string, unknown> = {},
    token = booted.adminToken,
  ) => {
    const result = await graphqlAs(booted.url, token, query, variables);
    return result as { data?: T | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  };

  const createHook = async (input: Record<string, unknown>): Promise<CreatedHook> => {
    const result = await gql<{ createWebhook: CreatedHook }>(
      `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { ${WEBHOOK_FIELDS} } secret } }`,
      { input: { stateMachineId: machineId, ...input } },
    );
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.createWebhook;
  };

  const call = (id: string, body: string, headers: Record<string, string> = {}, query = '') =>
    fetch(`${booted.url}/hooks/${id}${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  const signedCall = (target: CreatedHook, body: string, headers: Record<string, string> = {}) =>
    call(target.webhook.id, body, {
      'stepgraph-signature': stepgraphSignature(body, [target.secret]),
      ...headers,
    });

  const executionsOf = async (webhookId: string) =>
    (
      await db.query<Array<{ id: string }>>(
        `SELECT id FROM executions WHERE trigger_kind = 'WEBHOOK' AND trigger_webhook_id = $1`,
        [webhookId],
      )
    ).map((row) => row.id);

  beforeAll(async () => {
    booted = await bootApp({
      WEBHOOK_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      WEBHOOK_RATE_LIMIT_PER_MINUTE: String(CALLS_PER_MINUTE),
      EXPRESSION_TIMEOUT_MS: String(EXPRESSION_TIMEOUT_MS),
    });
    db = booted.app.get(DataSource);
    machineId = await createMachine(booted.client, 'webhook-target', PASS_DEFINITION);
    hook = await createHook({ name: 'orders' });
  });

  afterAll(() => booted?.close());

  it('creates a hook with a /hooks/<id> URL and a secret shown once, stored only encrypted', async () => {
    expect(hook.webhook.url).toBe(`/hooks/${hook.webhook.id}`);
    expect(hook.webhook.signature).toBe('STEPGRAPH');
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const [row] = await db.query<Array<{ secret_encrypted: Buffer }>>(
      'SELECT secret_encrypted FROM webhooks WHERE id = $1',
      [hook.webhook.id],
    );
    expect(row!.secret_encrypted.includes(Buffer.from(hook.secret))).toBe(false);
    expect(row!.secret_encrypted.includes(Buffer.from(hook.secret.slice('whsec_'.length)))).toBe(false);
    const read = await gql<{ webhook: Record<string, unknown> }>(
      `query ($id: ID!) { webhook(id: $id) { ${WEBHOOK_FIELDS} } }`,
      {
        id: hook.webhook.id,
      },
    );
    expect(JSON.stringify(read.data)).not.toContain(hook.secret);
    expect(read.data?.webhook).toMatchObject({
      stateMachine: { id: machineId, name: 'webhook-target' },
      idempotencyHeader: 'Idempotency-Key',
    });
  });

  it('starts an execution with trigger WEBHOOK and the JSON body as input for a valid STEPGRAPH signature', async () => {
    const body = JSON.stringify({ order: 42, items: ['a'] });
    const response = await signedCall(hook, body);
    expect(response.status).toBe(202);
    const answer = (await response.json()) as { executionId: string; created: boolean };
    expect(answer.created).toBe(true);
    const execution = await awaitStatus(booted.client, answer.executionId);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.input).toEqual({ order: 42, items: ['a'] });
    const rest = (await (
      await booted.fetch(`${booted.url}/api/v1/executions/${answer.executionId}`)
    ).json()) as {
      trigger: { kind: string; webhookId: string };
    };
    expect(rest.trigger).toMatchObject({ kind: 'WEBHOOK', webhookId: hook.webhook.id });
  });

  it('accepts a header with several v1 entries when one of them matches', async () => {
    const body = '{"several":true}';
    const response = await call(hook.webhook.id, body, {
      'stepgraph-signature': stepgraphSignature(body, ['whsec_not-the-secret', hook.secret]),
    });
    expect(response.status).toBe(202);
  });

  it.each([
    [
      'a wrong secret',
      (body: string) => ({ 'stepgraph-signature': stepgraphSignature(body, ['whsec_wrong']) }),
    ],
    [
      'a timestamp more than 300 s old',
      (body: string) => ({
        'stepgraph-signature': stepgraphSignature(body, [hook.secret], nowSeconds() - 301),
      }),
    ],
    [
      'a timestamp more than 300 s ahead',
      (body: string) => ({
        'stepgraph-signature': stepgraphSignature(body, [hook.secret], nowSeconds() + 301),
      }),
    ],
    ['no signature header', () => ({})],
    [
      'a signature of another body',
      () => ({ 'stepgraph-signature': stepgraphSignature('{}', [hook.secret]) }),
    ],
    ['a malformed header', () => ({ 'stepgraph-signature': 'v1=zz' })],
  ])('refuses %s with 401 problem+json and starts nothing', async (_what, headersOf) => {
    const before = await executionsOf(hook.webhook.id);
    const body = JSON.stringify({ refused: _what });
    const response = await call(hook.webhook.id, body, headersOf(body));
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    expect(await executionsOf(hook.webhook.id)).toEqual(before);
  });

  it('returns the first execution for a repeated idempotency key, also for calls racing', async () => {
    const body = '{"n":1}';
    const first = await signedCall(hook, body, { 'idempotency-key': 'delivery-1' });
    const second = await signedCall(hook, body, { 'idempotency-key': 'delivery-1' });
    const a = (await first.json()) as { executionId: string; created: boolean };
    const b = (await second.json()) as { executionId: string; created: boolean };
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(b).toEqual({ executionId: a.executionId, created: false });

    const before = (await executionsOf(hook.webhook.id)).length;
    const racing = await Promise.all(
      Array.from({ length: 6 }, () => signedCall(hook, body, { 'idempotency-key': 'delivery-race' })),
    );
    const answers = await Promise.all(
      racing.map((response) => response.json() as Promise<{ executionId: string }>),
    );
    expect(racing.map((response) => response.status)).toEqual(Array(6).fill(202));
    expect(new Set(answers.map((answer) => answer.executionId)).size).toBe(1);
    expect((await executionsOf(hook.webhook.id)).length).toBe(before + 1);
  });

  it('refuses a body over WEBHOOK_MAX_BODY_BYTES with 413 problem+json', async () => {
    const before = await executionsOf(hook.webhook.id);
    const body = JSON.stringify({ padding: 'x'.repeat(MAX_BODY_BYTES) });
    const response = await signedCall(hook, body);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await executionsOf(hook.webhook.id)).toEqual(before);
  });

  it('refuses a body that is not JSON, or nested too deep, with 400 naming the problem', async () => {
    const notJson = await signedCall(hook, 'order=42', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { detail: string }).detail).toMatch(/must be JSON/);
    const broken = await signedCall(hook, '{"order":');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { detail: string }).detail).toMatch(/not valid JSON/);
    const deep = await signedCall(hook, `${'['.repeat(2000)}${']'.repeat(2000)}`);
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as { detail: string }).detail).toMatch(/more than 1000 levels deep/);
  });

  it('verifies the GITHUB scheme: sha256=<hex HMAC of the raw body>', async () => {
    const github = await createHook({ name: 'github', signature: 'GITHUB' });
    const body = JSON.stringify({ ref: 'refs/heads/main' });
    const valid = await call(github.webhook.id, body, {
      'x-hub-signature-256': `sha256=${hmacHex(github.secret, body)}`,
    });
    expect(valid.status).toBe(202);
    const wrong = await call(github.webhook.id, body, {
      'x-hub-signature-256': `sha256=${hmacHex('whsec_wrong', body)}`,
    });
    expect(wrong.status).toBe(401);
    const stepgraphForm = await call(github.webhook.id, body, {
      'stepgraph-signature': stepgraphSignature(body, [github.secret]),
    });
    expect(stepgraphForm.status).toBe(401);
    expect(await executionsOf(github.webhook.id)).toHaveLength(1);
  });

  it('answers 404 for an unknown hook, and 409 for a disabled one', async () => {
    const unknown = await call(UNKNOWN_ID, '{}');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect((await call('not-a-uuid', '{}')).status).toBe(404);

    const disabled = await createHook({ name: 'paused' });
    const update = await gql<{ updateWebhook: { enabled: boolean } }>(
      'mutation ($id: ID!) { updateWebhook(id: $id, input: { enabled: false }) { enabled } }',
      { id: disabled.webhook.id },
    );
    expect(update.data?.updateWebhook.enabled).toBe(false);
    const response = await signedCall(disabled, '{}');
    expect(response.status).toBe(409);
    expect(await executionsOf(disabled.webhook.id)).toHaveLength(0);
  });

  it('refuses a hook for a deleted state machine, and answers 404 for a call once its machine is deleted', async () => {
    const doomedId = await createMachine(booted.client, 'doomed', PASS_DEFINITION);
    const doomed = await createHook({ name: 'doomed-hook', stateMachineId: doomedId });
    await gql('mutation ($id: ID!) { deleteStateMachine(id: $id) { id } }', { id: doomedId });
    const response = await signedCall(doomed, '{}');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/State machine .* not found/);
    const refused = await gql(
      'mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }',
      {
        input: { name: 'too-late', stateMachineId: doomedId },
      },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await db.query(`SELECT 1 FROM webhooks WHERE name = 'too-late'`)).toHaveLength(0);
  });

  it('applies the inputTransform over { body, headers, query }, and names a failing one', async () => {
    const transformed = await createHook({
      name: 'transformed',
      inputTransform:
        '{ "ref": body.ref, "event": headers."x-event", "source": query.source, "sig": headers."stepgraph-signature" }',
    });
    const body = JSON.stringify({ ref: 'main', noise: true });
    const response = await call(
      transformed.webhook.id,
      body,
      { 'stepgraph-signature': stepgraphSignature(body, [transformed.secret]), 'x-event': 'push' },
      '?source=ci',
    );
    expect(response.status).toBe(202);
    const { executionId } = (await response.json()) as { executionId: string };
    const execution = await awaitStatus(booted.client, executionId);
    // The signature is hidden from transforms: it never lands in an execution's input.
    expect(execution.input).toEqual({ ref: 'main', event: 'push', source: 'ci' });

    const failing = await createHook({ name: 'failing', inputTransform: '$error("no order in the body")' });
    const refused = await signedCall(failing, '{}');
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/inputTransform failed.*no order/);
    expect(await executionsOf(failing.webhook.id)).toHaveLength(0);
  });

  it('stops a runaway inputTransform on a worker thread at its time budget: 400, nothing started', async () => {
    const runaway = await createHook({
      name: 'runaway',
      inputTransform: '$sum([1..1000000].($sum([1..1000000])))',
    });
    const pending = signedCall(runaway, '{}');
    // The event loop stays free while the transform runs elsewhere.
    expect((await fetch(`${booted.url}/health`)).status).toBe(200);
    const response = await pending;
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toContain(
      `exceeded its time budget of ${EXPRESSION_TIMEOUT_MS} ms`,
    );
    expect(await executionsOf(runaway.webhook.id)).toHaveLength(0);
  });

  it('accepts calls signed by the curl + openssl snippets of docs/triggers.md, as written there', async () => {
    const docs = readFileSync(join(__dirname, '..', '..', 'docs', 'triggers.md'), 'utf8');
    const snippets = [...docs.matchAll(/```bash\n([^]*?)```/g)].map((match) => match[1]!);
    const byScheme = {
      STEPGRAPH: snippets.find((snippet) => snippet.startsWith('# A STEPGRAPH hook')),
      GITHUB: snippets.find((snippet) => snippet.startsWith('# A GITHUB hook')),
    };
    for (const [signature, snippet] of Object.entries(byScheme)) {
      expect(snippet).toBeDefined();
      const target = await createHook({ name: `documented-${signature.toLowerCase()}`, signature });
      const script = snippet!
        .replace(/^URL=.*$/m, `URL=${booted.url}${target.webhook.url}`)
        .replace(/^SECRET=.*$/m, `SECRET=${target.secret}`)
        .replace(/curl -i /g, 'curl -s -i ');
      // Not execFileSync: the service answering curl runs on this process's event loop.
      const { stdout: output } = await promisify(execFile)('bash', ['-c', script], { encoding: 'utf8' });
      expect(output).toMatch(/^HTTP\/1\.1 202 Accepted/);
      expect(await executionsOf(target.webhook.id)).toHaveLength(1);
    }
  });

  it('refuses an inputTransform that is not JSONata at create', async () => {
    const result = await gql(
      'mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }',
      { input: { name: 'bad-transform', stateMachineId: machineId, inputTransform: '{ "a": ' } },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/inputTransform is not a valid JSONata expression/);
  });

  it('rotates the secret: both verify within the overlap, the old one no longer after it', async () => {
    const rotating = await createHook({ name: 'rotating' });
    const rotated = await gql<{
      rotateWebhookSecret: CreatedHook & { webhook: { previousSecretExpiresAt: string } };
    }>(
      `mutation ($id: ID!) { rotateWebhookSecret(id: $id, overlapSeconds: 3600) {
         webhook { id previousSecretExpiresAt } secret } }`,
      { id: rotating.webhook.id },
    );
    const fresh = rotated.data!.rotateWebhookSecret;
    expect(fresh.secret).not.toBe(rotating.secret);
    expect(fresh.webhook.previousSecretExpiresAt).not.toBeNull();
    const withOld = { ...rotating };
    const withNew = { ...rotating, secret: fresh.secret };
    expect((await signedCall(withOld, '{"k":"old"}')).status).toBe(202);
    expect((await signedCall(withNew, '{"k":"new"}')).status).toBe(202);

    // The overlap ends by the database's clock: move its end into the past.
    await db.query(
      `UPDATE webhooks SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`,
      [rotating.webhook.id],
    );
    expect((await signedCall(withOld, '{"k":"old-after"}')).status).toBe(401);
    expect((await signedCall(withNew, '{"k":"new-after"}')).status).toBe(202);

    const tooLong = await gql(
      'mutation ($id: ID!) { rotateWebhookSecret(id: $id, overlapSeconds: 604801) { secret } }',
      {
        id: rotating.webhook.id,
      },
    );
    expect(tooLong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers 503 for a hook whose secret the current key cannot decrypt, audits it, and is mended by a rotation', async () => {
    const orphaned = await createHook({ name: 'orphaned' });
    // As if WEBHOOK_SECRET_KEY had changed since the hook was created: the same secret, another key.
    await db.query('UPDATE webhooks SET secret_encrypted = $2 WHERE id = $1', [
      orphaned.webhook.id,
      new WebhookSecretCipher('a key this server does not have').seal(orphaned.secret),
    ]);

    const refused = await signedCall(orphaned, '{"k":"unreadable"}');
    expect(refused.status).toBe(503);
    // Retrying cannot help until the hook is rotated.
    expect(refused.headers.get('retry-after')).toBeNull();
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await refused.json()) as { code: string; detail: string };
    expect(problem.code).toBe('SERVICE_UNAVAILABLE');
    expect(problem.detail).toContain("cannot be read with the server's current WEBHOOK_SECRET_KEY");
    expect(problem.detail).toContain("rotate the hook's secret");
    expect(JSON.stringify(problem)).not.toContain(orphaned.secret);
    expect(await executionsOf(orphaned.webhook.id)).toEqual([]);
    const [row] = await db.query<Array<{ outcome: string; error_code: string; details: unknown }>>(
      `SELECT outcome, error_code, details FROM audit_log
        WHERE operation = 'webhook.call' AND $1 = ANY(target_ids) ORDER BY seq DESC LIMIT 1`,
      [orphaned.webhook.id],
    );
    expect(row).toEqual({
      outcome: 'failed',
      error_code: 'SERVICE_UNAVAILABLE',
      details: { result: 'unreadable_secret' },
    });

    // The unreadable secret verifies nothing, so the overlap asked for is dropped.
    const rotated = await gql<{
      rotateWebhookSecret: CreatedHook & { webhook: { previousSecretExpiresAt: string | null } };
    }>(
      `mutation ($id: ID!) { rotateWebhookSecret(id: $id, overlapSeconds: 3600) {
         webhook { id previousSecretExpiresAt } secret } }`,
      { id: orphaned.webhook.id },
    );
    const fresh = rotated.data!.rotateWebhookSecret;
    expect(fresh.webhook.previousSecretExpiresAt).toBeNull();
    expect((await signedCall({ ...orphaned, secret: fresh.secret }, '{"k":"rotated"}')).status).toBe(202);
    expect((await signedCall(orphaned, '{"k":"old"}')).status).toBe(401);
  });

  it('lets a viewer read hooks but not create, rotate or delete them (GraphQL and REST)', async () => {
    const viewer = await booted.signInAs('viewer');
    const created = await gql(
      'mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }',
      { input: { name: 'by-viewer', stateMachineId: machineId } },
      viewer.accessToken,
    );
    expect(created.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const rotated = await gql(
      'mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret } }',
      { id: hook.webhook.id },
      viewer.accessToken,
    );
    expect(rotated.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const listed = await gql<{ webhooks: { totalCount: number } }>(
      '{ webhooks(first: 100) { totalCount edges { node { id } } } }',
      {},
      viewer.accessToken,
    );
    expect(listed.data?.webhooks.totalCount).toBeGreaterThan(0);
    const rest = await fetch(`${booted.url}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${viewer.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'by-viewer', stateMachineId: machineId }),
    });
    expect(rest.status).toBe(403);
    expect(await db.query(`SELECT 1 FROM webhooks WHERE name = 'by-viewer'`)).toHaveLength(0);
  });

  it('documents the intake and the management routes in OpenAPI', async () => {
    const document = (await (await fetch(`${booted.url}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(document.paths['/hooks/{id}'] ?? {})).toEqual(['post']);
    expect(Object.keys(document.paths['/api/v1/webhooks'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(document.paths['/api/v1/webhooks/{id}/rotate-secret']).toBeDefined();
  });

  it('mirrors the API under /api/v1/webhooks', async () => {
    const created = await booted.fetch(`${booted.url}/api/v1/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'rest-made', stateMachineId: machineId, signature: 'GITHUB' }),
    });
    expect(created.status).toBe(201);
    const made = (await created.json()) as CreatedHook;
    expect(made.secret).toMatch(/^whsec_/);
    const rotated = await booted.fetch(`${booted.url}/api/v1/webhooks/${made.webhook.id}/rotate-secret`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ overlapSeconds: 60 }),
    });
    expect(rotated.status).toBe(200);
    const patched = await booted.fetch(`${booted.url}/api/v1/webhooks/${made.webhook.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false }),
    });
    expect(((await patched.json()) as { enabled: boolean }).enabled).toBe(false);
    const page = (await (await booted.fetch(`${booted.url}/api/v1/webhooks?first=1`)).json()) as {
      items: Array<{ id: string }>;
      nextCursor: string | null;
    };
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    const next = (await (
      await booted.fetch(`${booted.url}/api/v1/webhooks?first=1&after=${page.nextCursor}`)
    ).json()) as {
      items: Array<{ id: string }>;
    };
    expect(next.items[0]!.id).not.toBe(page.items[0]!.id);
    const forged = Buffer.from(JSON.stringify({ createdAt: 'yesterday', id: made.webhook.id })).toString(
      'base64url',
    );
    expect((await booted.fetch(`${booted.url}/api/v1/webhooks?after=${forged}`)).status).toBe(400);
    expect(
      (await booted.fetch(`${booted.url}/api/v1/webhooks/${made.webhook.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
    expect((await booted.fetch(`${booted.url}/api/v1/webhooks/${made.webhook.id}`)).status).toBe(404);
  });

  it('limits signed calls per hook with 429 and Retry-After; forged calls use none of its budget', async () => {
    const limited = await createHook({ name: 'limited' });
    for (let i = 0; i <= CALLS_PER_MINUTE; i += 1)
      expect(
        (
          await call(limited.webhook.id, '{}', {
            'stepgraph-signature': stepgraphSignature('{}', ['whsec_forged']),
          })
        ).status,
      ).toBe(401);
    const statuses: number[] = [];
    for (let i = 0; i < CALLS_PER_MINUTE; i += 1)
      statuses.push((await signedCall(limited, `{"i":${i}}`)).status);
    expect(statuses).toEqual(Array(CALLS_PER_MINUTE).fill(202));
    const over = await signedCall(limited, '{"i":"over"}');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await executionsOf(limited.webhook.id)).toHaveLength(CALLS_PER_MINUTE);
  });

  it('counts calls by outcome on /metrics', async () => {
    const text = await (await fetch(`${booted.url}/metrics`)).text();
    const count = (outcome: string) =>
      Number(
        new RegExp(`^stepgraph_webhook_calls_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec(text)?.[1],
      );
    expect(count('started')).toBeGreaterThan(0);
    expect(count('bad_signature')).toBeGreaterThan(0);
    expect(count('rate_limited')).toBe(1);
    expect(count('too_large')).toBe(1);
  });

  it('audits every call, accepted and refused, and every change, never with the secret or the signature', async () => {
    const rows = await db.query<
      Array<{
        operation: string;
        outcome: string;
        error_code: string | null;
        details: unknown;
        target_ids: string[];
      }>
    >(`SELECT operation, outcome, error_code, details, target_ids FROM audit_log ORDER BY seq`);
    const calls = rows.filter((row) => row.operation === 'webhook.call');
    const results = new Set(calls.map((row) => (row.details as { result: string }).result));
    for (const result of [
      'started',
      'replayed',
      'bad_signature',
      'rate_limited',
      'too_large',
      'bad_body',
      'unknown_hook',
      'disabled',
      'bad_transform',
    ])
      expect(results).toContain(result);
    expect(calls.find((row) => (row.details as { result: string }).result === 'bad_signature')).toMatchObject(
      {
        outcome: 'denied',
        error_code: 'UNAUTHENTICATED',
      },
    );
    const operations = rows.map((row) => row.operation);
    for (const operation of [
      'createWebhook',
      'updateWebhook',
      'rotateWebhookSecret',
      'POST /api/v1/webhooks',
    ])
      expect(operations).toContain(operation);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(hook.secret);
    expect(text).not.toContain('v1=');
    expect(text).not.toContain('sha256=');
  });
});
