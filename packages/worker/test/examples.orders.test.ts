/**
 * examples/orders as the README runs it: the machine applied through the API, the example worker
 * and the approval script as processes (the same commands as their npm scripts), orders that
 * succeed, wait for a person, and are declined.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApiKey } from '../../../test/support/auth.js';
import { waitFor } from '../../../test/support/wait.js';
import { bootWorkerHarness, type WorkerHarness } from './support/worker-harness.js';

jest.setTimeout(180_000);

const ROOT = resolve(__dirname, '../../..');
const EXAMPLE = resolve(ROOT, 'examples/orders');

/** The node arguments of a root npm script (`node <args…>`), so the test runs what the README runs. */
function npmScriptArgs(name: string): string[] {
  const scripts = (
    JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const [command, ...args] = scripts[name]!.split(' ');
  expect(command).toBe('node');
  return args;
}

const readJson = (file: string) =>
  JSON.parse(readFileSync(resolve(EXAMPLE, file), 'utf8')) as Record<string, unknown>;

describe('examples/orders', () => {
  let harness: WorkerHarness;
  let env: NodeJS.ProcessEnv;
  let worker: ChildProcess | undefined;
  let workerOutput = '';

  beforeAll(async () => {
    harness = await bootWorkerHarness();
    const { key } = await createApiKey(harness.url, harness.booted.adminToken, 'admin');
    env = { ...process.env, STEPGRAPH_URL: harness.url, STEPGRAPH_TOKEN: key };
    await harness.createMachine('order', readJson('order.asl.json'));
    worker = spawn(process.execPath, npmScriptArgs('example:orders-worker'), {
      cwd: ROOT,
      env,
      stdio: 'pipe',
    });
    worker.stdout!.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
    worker.stderr!.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
  });

  afterAll(async () => {
    if (worker?.exitCode === null) worker.kill('SIGKILL');
    await harness?.close();
  });

  it('confirms a small order: validated, charged after one retry of a busy gateway, stock reserved', async () => {
    const id = await harness.start('order', readJson('small-order.json'));
    expect(await harness.awaitEnd(id)).toMatchObject({
      status: 'SUCCEEDED',
      output: {
        orderId: 'A-1001',
        status: 'CONFIRMED',
        total: 33,
        paymentId: expect.stringMatching(/^pay_/),
        reservationId: expect.stringMatching(/^res_/),
      },
    });
    expect((await harness.history(id, ['ActivityFailed'])).map((event) => event.details.error)).toEqual([
      'PaymentGatewayUnavailable',
    ]);
  });

  it('holds a large order for approval until the approval script answers it', async () => {
    const id = await harness.start('order', readJson('large-order.json'));
    await waitFor(
      async () => ((await harness.history(id, ['TaskScheduled'])).length === 1 ? true : undefined),
      {
        timeoutMs: 60_000,
        what: 'the order to wait for its approval',
      },
    );
    const approval = spawn(process.execPath, [...npmScriptArgs('example:orders-approve'), id], {
      cwd: ROOT,
      env,
      stdio: 'pipe',
    });
    let output = '';
    approval.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    approval.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((done) => approval.on('exit', done));
    expect({ code, output }).toEqual({ code: 0, output: 'approved (accepted)\n' });
    expect(await harness.awaitEnd(id)).toMatchObject({
      status: 'SUCCEEDED',
      output: { orderId: 'A-1002', status: 'CONFIRMED', total: 1499 },
    });
  });

  it("rejects an order whose card is declined, through the Parallel state's Catch", async () => {
    const id = await harness.start('order', {
      ...readJson('small-order.json'),
      orderId: 'A-1003',
      card: '4000-0000-0000-0002',
    });
    expect(await harness.awaitEnd(id)).toMatchObject({
      status: 'FAILED',
      error: 'OrderRejected',
      cause: 'card ending 0002 was declined',
    });
  });

  it('drains and exits 0 on SIGTERM', async () => {
    const exited = new Promise((done) => worker!.on('exit', done));
    worker!.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(workerOutput).toBe(
      'orders worker: polling validate-order, charge-payment, reserve-stock\norders worker: drained\n',
    );
  });
});
