/** complete() and fail() answer `.waitForTaskToken` tasks from any service (issue 15, item 11). */
import { callbackToken, CALLBACK_DEFINITION } from '../../../test/e2e/executions.fixtures.js';
import { complete, fail, StepgraphApiError } from '../src/index.js';
import { bootWorkerHarness, type WorkerHarness } from './support/worker-harness.js';

jest.setTimeout(60_000);

describe('task-token callbacks', () => {
  let harness: WorkerHarness;
  let options: { url: string; apiKey: string };

  beforeAll(async () => {
    harness = await bootWorkerHarness();
    options = { url: harness.url, apiKey: harness.workerKey };
    await harness.createMachine('approval', CALLBACK_DEFINITION);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('completes a task with its output; a second answer finds it already closed and changes nothing', async () => {
    const id = await harness.start('approval', { order: 1 });
    const token = await callbackToken(harness.booted, id);
    await expect(complete(token, { approved: true }, options)).resolves.toBe('accepted');
    expect(await harness.awaitEnd(id)).toMatchObject({ status: 'SUCCEEDED', output: { approved: true } });
    await expect(fail(token, 'Rejected', 'too late', options)).resolves.toBe('already-closed');
    expect(await harness.history(id, ['TaskSucceeded', 'TaskFailed'])).toEqual([
      { type: 'TaskSucceeded', details: expect.anything() },
    ]);
  });

  it('sends a string output as the string it is, not as JSON text to parse', async () => {
    const id = await harness.start('approval', { order: 3 });
    const token = await callbackToken(harness.booted, id);
    await expect(complete(token, '[1, 2]', options)).resolves.toBe('accepted');
    expect(await harness.awaitEnd(id)).toMatchObject({ status: 'SUCCEEDED', output: '[1, 2]' });
  });

  it('fails a task with an error and cause for its Catch', async () => {
    const id = await harness.start('approval', { order: 2 });
    const token = await callbackToken(harness.booted, id);
    await expect(fail(token, 'Rejected', 'by a person', options)).resolves.toBe('accepted');
    expect(await harness.awaitEnd(id)).toMatchObject({
      status: 'FAILED',
      error: 'Rejected',
      cause: 'by a person',
    });
  });

  it('rejects a forged token with the API error, and a missing key before any request', async () => {
    await expect(complete('A'.repeat(43), {}, options)).rejects.toEqual(
      expect.objectContaining({ name: 'StepgraphApiError', code: 'NOT_FOUND' }),
    );
    await expect(complete('A'.repeat(43), {}, { ...options, apiKey: 'not-a-key' })).rejects.toBeInstanceOf(
      StepgraphApiError,
    );
    const saved = process.env.STEPGRAPH_TOKEN;
    delete process.env.STEPGRAPH_TOKEN;
    try {
      await expect(complete('token', {}, { url: harness.url })).rejects.toThrow('apiKey is required');
    } finally {
      if (saved !== undefined) process.env.STEPGRAPH_TOKEN = saved;
    }
  });
});
