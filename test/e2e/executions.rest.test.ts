import { MAX_PAYLOAD_BYTES } from '../../src/asl/payload-limits.js';
import { bootApp, type BootedApp } from '../support/app.js';
import type { GraphqlClient } from '../support/graphql-client.js';
import {
  awaitStatus,
  CALLBACK_DEFINITION,
  createMachine,
  ECHO_DEFINITION,
  ECHO_HISTORY,
  FAIL_ONCE_DEFINITION,
  problemOf,
  restClient,
  type RestClient,
  storedExecutionRows,
} from './executions.fixtures.js';

// Executions run on the engine's workers, and long polls wait: more than Jest's default 5 s.
jest.setTimeout(30_000);

const UNKNOWN_ID = '0b6a3c1e-7d59-4c8f-9a1e-3f2b4c5d6e7f';

interface RestExecution {
  id: string;
  name: string;
  status: string;
  input: unknown;
  output: unknown;
  error: string | null;
  cause: string | null;
  startedAt: string;
  stoppedAt: string | null;
  stateMachine: { id: string; name: string };
  version: number;
  redriveCount: number;
  redrivenAt: string | null;
  parentExecutionId: string | null;
}

interface RestPage<T> {
  items: T[];
  nextCursor: string | null;
  totalCount: number;
}

describe('executions over REST', () => {
  let booted: BootedApp;
  let client: GraphqlClient;
  let rest: RestClient;
  let echoId: string;

  beforeAll(async () => {
    booted = await bootApp();
    client = booted.client;
    rest = restClient(booted);
    echoId = await createMachine(client, 'echo', ECHO_DEFINITION);
  });

  afterAll(async () => {
    await booted?.close();
  });

  async function startVia(machine: string, body: unknown): Promise<RestExecution> {
    const response = await rest.post(`/state-machines/${machine}/executions`, body);
    expect(response.status).toBe(201);
    return (await response.json()) as RestExecution;
  }

  async function getJson<T>(path: string): Promise<T> {
    const response = await rest.get(`${path}`);
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  }

  it('starts an execution with 201 and its Location, and a repeated name with 200 and the same execution', async () => {
    const first = await rest.post(`/state-machines/echo/executions`, {
      input: { order: 1 },
      name: 'rest-1',
    });
    expect(first.status).toBe(201);
    const created = (await first.json()) as RestExecution;
    expect(first.headers.get('location')).toBe(`/api/v1/executions/${created.id}`);
    // The answer is the execution as its start committed it: a builtin Task runs in that
    // transaction, so this one has already finished.
    expect(created).toMatchObject({
      name: 'rest-1',
      status: 'SUCCEEDED',
      input: { order: 1 },
      stateMachine: { id: echoId, name: 'echo' },
      version: 1,
    });

    const again = await rest.post(`/state-machines/${echoId}/executions`, {
      input: { order: 1 },
      name: 'rest-1',
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as RestExecution).id).toBe(created.id);
    expect(await awaitStatus(client, created.id)).toMatchObject({
      status: 'SUCCEEDED',
      output: { order: 1, greeting: 'hello' },
    });
  });

  it('reads an input given as JSON text, as AWS clients send it, and defaults it to {}', async () => {
    const fromText = await startVia('echo', { input: '{"order":42}' });
    expect(fromText.input).toEqual({ order: 42 });
    const machineId = await createMachine(client, 'constant', {
      StartAt: 'P',
      States: { P: { Type: 'Pass', End: true } },
    });
    const empty = await startVia(machineId, {});
    expect(await awaitStatus(client, empty.id)).toMatchObject({ input: {}, output: {} });
  });

  it('describes an execution and pages its history by seq', async () => {
    const { id } = await startVia('echo', { input: { order: 3 } });
    await awaitStatus(client, id);
    const described = await getJson<RestExecution>(`/executions/${id}`);
    expect(described).toMatchObject({ id, status: 'SUCCEEDED', output: { order: 3, greeting: 'hello' } });

    const types: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?first=5&after=${cursor}` : '?first=5';
      const page: RestPage<{ seq: number; type: string }> = await getJson(
        `/executions/${id}/history${query}`,
      );
      expect(page.totalCount).toBe(ECHO_HISTORY.length);
      expect(page.items.map((event) => event.seq)).toEqual(
        page.items.map((_event, index) => types.length + index + 1),
      );
      types.push(...page.items.map((event) => event.type));
      cursor = page.nextCursor;
    } while (cursor);
    expect(types).toEqual(ECHO_HISTORY);
  });

  it('lists executions newest first with query filters and a cursor', async () => {
    const machineId = await createMachine(client, 'rest-listed', ECHO_DEFINITION);
    const ids = [];
    for (let n = 0; n < 3; n++) ids.push((await startVia(machineId, { input: { order: n } })).id);
    const first: RestPage<RestExecution> = await getJson(`/executions?stateMachineId=${machineId}&first=2`);
    expect(first).toMatchObject({ totalCount: 3, nextCursor: expect.any(String) });
    const second: RestPage<RestExecution> = await getJson(
      `/executions?stateMachineId=${machineId}&first=2&after=${first.nextCursor}`,
    );
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((execution) => execution.id)).toEqual(ids.reverse());
    for (const id of ids) await awaitStatus(client, id);
    const succeeded: RestPage<RestExecution> = await getJson(
      `/executions?stateMachineId=${machineId}&status=SUCCEEDED`,
    );
    expect(succeeded.totalCount).toBe(3);
    const failed: RestPage<RestExecution> = await getJson(
      `/executions?stateMachineId=${machineId}&status=FAILED`,
    );
    expect(failed).toEqual({ items: [], nextCursor: null, totalCount: 0 });
  });

  it('lists the executions whose name starts with a prefix, taking the prefix literally', async () => {
    const machineId = await createMachine(client, 'rest-prefixed', ECHO_DEFINITION);
    for (const name of ['batch-1', 'batch-2', 'batch_3', 'rebatch-1']) await startVia(machineId, { name });
    const names = async (prefix: string) => {
      const page: RestPage<RestExecution> = await getJson(
        `/executions?stateMachineId=${machineId}&namePrefix=${encodeURIComponent(prefix)}`,
      );
      return page.items.map((execution) => execution.name).sort();
    };
    expect(await names('batch-')).toEqual(['batch-1', 'batch-2']);
    // No LIKE wildcards: `_` and `%` are characters like any other.
    expect(await names('batch_')).toEqual(['batch_3']);
    expect(await names('%')).toEqual([]);
  });

  it('stops a running execution and redrives a failed one', async () => {
    const waitingId = await createMachine(client, 'rest-waiting', CALLBACK_DEFINITION);
    const waiting = await startVia(waitingId, { input: { order: 1 } });
    const stop = await rest.post(`/executions/${waiting.id}/stop`, {
      error: 'Cancelled',
      cause: 'By a test',
    });
    expect(stop.status).toBe(200);
    expect(await stop.json()).toMatchObject({ status: 'ABORTED', error: 'Cancelled', cause: 'By a test' });

    const failingId = await createMachine(client, 'rest-fails-once', FAIL_ONCE_DEFINITION);
    const failing = await startVia(failingId, { input: { order: 2 } });
    await awaitStatus(client, failing.id);
    const redrive = await rest.post(`/executions/${failing.id}/redrive`);
    expect(redrive.status).toBe(200);
    expect(await redrive.json()).toMatchObject({ redriveCount: 1 });
    expect(await awaitStatus(client, failing.id, ['SUCCEEDED'])).toMatchObject({ output: { order: 2 } });
  });

  it('documents every route in the OpenAPI document', async () => {
    const document = (await (await fetch(`${booted.url}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'POST /api/v1/state-machines/{stateMachine}/executions',
        'GET /api/v1/executions',
        'GET /api/v1/executions/{id}',
        'GET /api/v1/executions/{id}/history',
        'POST /api/v1/executions/{id}/stop',
        'POST /api/v1/executions/{id}/redrive',
        'POST /api/v1/tasks/success',
        'POST /api/v1/tasks/failure',
        'POST /api/v1/tasks/heartbeat',
        'POST /api/v1/activities/{name}/poll',
      ]),
    );
  });

  describe('refuses bad input with problem+json and changes nothing', () => {
    let finishedId: string;

    beforeAll(async () => {
      finishedId = (await startVia('echo', { input: { order: 0 } })).id;
      await awaitStatus(client, finishedId);
    });

    async function expectProblem(
      request: () => Promise<Response>,
      status: number,
      code: string,
    ): Promise<string> {
      const before = await storedExecutionRows(booted);
      const problem = await problemOf(await request(), status);
      expect(problem.code).toBe(code);
      expect(await storedExecutionRows(booted)).toEqual(before);
      return problem.detail;
    }

    const startEcho = (body: unknown) => () => rest.post(`/state-machines/echo/executions`, body);

    it('an input that is a string but not JSON text', async () => {
      const detail = await expectProblem(startEcho({ input: '{order: 1' }), 400, 'BAD_USER_INPUT');
      expect(detail).toMatch(/^input is a string that is not JSON text/);
    });

    it('a body that is not JSON', async () => {
      await expectProblem(startEcho('{"input": '), 400, 'BAD_USER_INPUT');
    });

    it('an input over 256 KiB', async () => {
      const detail = await expectProblem(
        startEcho({ input: { blob: 'x'.repeat(MAX_PAYLOAD_BYTES) } }),
        400,
        'BAD_USER_INPUT',
      );
      expect(detail).toMatch(/over the limit of 262144 bytes/);
    });

    it('an unknown state machine or version', async () => {
      for (const machine of ['nowhere', UNKNOWN_ID]) {
        await expectProblem(() => rest.post(`/state-machines/${machine}/executions`, {}), 404, 'NOT_FOUND');
      }
      await expectProblem(startEcho({ version: 99 }), 404, 'NOT_FOUND');
    });

    it('fields the body may not have, or of the wrong type', async () => {
      await expectProblem(startEcho({ stateMachineId: UNKNOWN_ID }), 400, 'BAD_USER_INPUT');
      await expectProblem(startEcho({ version: 'latest' }), 400, 'BAD_USER_INPUT');
      await expectProblem(startEcho({ name: 'a/b' }), 400, 'BAD_USER_INPUT');
    });

    it('a stop of a finished execution', async () => {
      const before = await getJson<RestExecution>(`/executions/${finishedId}`);
      await expectProblem(() => rest.post(`/executions/${finishedId}/stop`, {}), 409, 'CONFLICT');
      expect(await getJson<RestExecution>(`/executions/${finishedId}`)).toEqual(before);
    });

    it('a redrive of a SUCCEEDED execution', async () => {
      await expectProblem(() => rest.post(`/executions/${finishedId}/redrive`, {}), 409, 'CONFLICT');
    });

    it('an execution that does not exist', async () => {
      for (const id of [UNKNOWN_ID, 'not-a-uuid']) {
        await expectProblem(() => rest.get(`/executions/${id}`), 404, 'NOT_FOUND');
        await expectProblem(() => rest.get(`/executions/${id}/history`), 404, 'NOT_FOUND');
        await expectProblem(() => rest.post(`/executions/${id}/stop`, {}), 404, 'NOT_FOUND');
      }
    });

    it('list filters and cursors that cannot be', async () => {
      for (const query of [
        'status=DONE',
        'stateMachineId=echo',
        'startedAfter=soon',
        'first=0',
        'after=garbage',
      ]) {
        await expectProblem(() => rest.get(`/executions?${query}`), 400, 'BAD_USER_INPUT');
      }
    });
  });
});
