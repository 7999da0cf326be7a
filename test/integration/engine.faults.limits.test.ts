/**
 * Oversized data (docs/testing.md R15), on the application as production boots it: a 10 MB request is
 * refused with 413 before it is parsed, an input nested 10,000 levels deep is refused as bad input
 * (never a crash or a 500), and state data that grows past 256 KiB in the middle of a run fails
 * the execution with States.DataLimitExceeded. (An input of 300 KiB: test/e2e/executions.*.test.ts,
 * "an input over 256 KiB".)
 */
import { bootApp, type BootedApp } from '../support/app.js';
import { waitFor } from '../support/wait.js';

jest.setTimeout(60_000);

const TEN_MB = 10 * 1024 * 1024;
const KIB = 1024;

let booted: BootedApp;

beforeAll(async () => {
  booted = await bootApp();
});

afterAll(async () => {
  await booted?.close();
});

function post(path: string, body: string): Promise<Response> {
  return booted.fetch(`${booted.url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
}

async function createMachine(name: string, definition: object): Promise<string> {
  const response = await post('/state-machines', JSON.stringify({ name, definition }));
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function executionCount(): Promise<number> {
  const response = await booted.fetch(`${booted.url}/api/v1/executions`);
  return ((await response.json()) as { totalCount: number }).totalCount;
}

describe('oversized data (R15)', () => {
  const echo = { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } };

  it('refuses a 10 MB request with 413 at the edge, and starts nothing', async () => {
    const id = await createMachine('edge', echo);
    const response = await post(
      `/state-machines/${id}/executions`,
      JSON.stringify({ input: { blob: 'x'.repeat(TEN_MB) } }),
    );
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await executionCount()).toBe(0);
  });

  it('refuses an input nested 10,000 levels deep as bad input, and starts nothing', async () => {
    const id = await createMachine('deep', echo);
    const depth = 10_000;
    const response = await post(
      `/state-machines/${id}/executions`,
      `{"input": ${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`,
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('BAD_USER_INPUT');
    expect(await executionCount()).toBe(0);
  });

  it('fails a run whose state data grows past 256 KiB with States.DataLimitExceeded', async () => {
    // Each of three iterations copies a 100 KiB string: the Map's output is 300 KiB.
    const id = await createMachine('grows', {
      StartAt: 'Copies',
      States: {
        Copies: {
          Type: 'Map',
          ItemsPath: '$.three',
          ItemSelector: { 'blob.$': '$.blob' },
          ItemProcessor: { StartAt: 'Copy', States: { Copy: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    });
    const started = await post(
      `/state-machines/${id}/executions`,
      JSON.stringify({ input: { three: [1, 2, 3], blob: 'x'.repeat(100 * KIB) } }),
    );
    expect(started.status).toBe(201);
    const { id: executionId } = (await started.json()) as { id: string };
    const ended = await waitFor(async () => {
      const response = await booted.fetch(`${booted.url}/api/v1/executions/${executionId}`);
      const execution = (await response.json()) as { status: string; error: string | null };
      return execution.status === 'RUNNING' ? undefined : execution;
    });
    expect(ended).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });
});
