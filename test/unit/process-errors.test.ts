import { EventEmitter } from 'node:events';
import { Logger, type INestApplication } from '@nestjs/common';
import { loadConfig } from '../../src/config/config.js';
import type { ErrorSource } from '../../src/common/unhandled-errors.js';
import { ErrorReports } from '../../src/observability/error-reports/error-reports.service.js';
import { reportProcessErrors } from '../../src/observability/error-reports/process-errors.js';
import { waitFor } from '../support/wait.js';

/** A stand-in for `process`: its events, and the exit codes asked for instead of exiting. */
class FakeProcess extends EventEmitter {
  readonly exits: number[] = [];
  exit(code: number): void {
    this.exits.push(code);
  }
}

describe('uncaught errors of the process', () => {
  const errorLines: unknown[][] = [];
  const counted: ErrorSource[] = [];
  const reports = new ErrorReports(loadConfig({ NODE_ENV: 'test' }), {
    unhandledError: (source) => void counted.push(source),
  });
  const app = Promise.resolve({ get: () => reports } as unknown as INestApplication);

  beforeAll(() => {
    const ignore = () => undefined;
    Logger.overrideLogger({
      error: (...args: unknown[]) => void errorLines.push(args),
      log: ignore,
      warn: ignore,
    });
  });

  afterAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    errorLines.length = 0;
    counted.length = 0;
  });

  it.each(['uncaughtException', 'unhandledRejection'])(
    'reports %s once as source process, then exits with code 1',
    async (event) => {
      const target = new FakeProcess();
      reportProcessErrors(app, { stopping: () => false, target });
      await app;

      target.emit(event, new Error('escaped'));

      await waitFor(() => (target.exits.length > 0 ? true : undefined), { what: 'the exit' });
      expect(target.exits).toEqual([1]);
      expect(counted).toEqual(['process']);
      expect(errorLines).toHaveLength(1);
      expect(errorLines[0]?.[0]).toMatchObject({ source: 'process', err: { message: 'escaped' } });
    },
  );

  it('lets a database connection end while stopping, and still ends on any other error', async () => {
    const target = new FakeProcess();
    reportProcessErrors(app, { stopping: () => true, target });
    await app;

    target.emit('uncaughtException', new Error('Connection terminated unexpectedly'));
    expect(counted).toEqual([]);
    expect(target.exits).toEqual([]);

    target.emit('uncaughtException', new Error('a bug while stopping'));
    await waitFor(() => (target.exits.length > 0 ? true : undefined), { what: 'the exit' });
    expect(counted).toEqual(['process']);
  });
});
