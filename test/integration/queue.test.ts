import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/config.js';
import { migrateDatabase } from '../../src/database/database.migrator.js';
import { dataSourceOptions } from '../../src/database/database.options.js';
import { defineQueue } from '../../src/engine/queue/queue.definition.js';
import { QUEUE_SCHEMA, QueueService } from '../../src/engine/queue/queue.service.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { waitFor } from '../support/wait.js';

const WIDGET_QUEUE = defineQueue<{ widgetId: string }>('test.widget', { retryLimit: 0 });

describe('QueueService on PostgreSQL', () => {
  // TypeORM reports through Nest's logger, which prints every level outside the application.
  beforeAll(() => Logger.overrideLogger(['warn', 'error']));

  let database: TestDatabase;
  let dataSource: DataSource;
  const services: QueueService[] = [];

  const queueService = async (role = 'all') => {
    const config = loadConfig({ STEPGRAPH_ROLE: role, DATABASE_URL: database.url });
    const service = new QueueService(config, {
      url: database.url,
      embedded: false,
      stop: async () => undefined,
    });
    services.push(service);
    await service.onModuleInit();
    return service;
  };

  const jobsFor = async (widgetId: string) =>
    dataSource.query<{ state: string }[]>(
      `SELECT state FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND data->>'widgetId' = $2`,
      [WIDGET_QUEUE.name, widgetId],
    );
  const widgetExists = async (id: string) =>
    (await dataSource.query<unknown[]>('SELECT 1 FROM widget WHERE id = $1', [id])).length === 1;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await migrateDatabase(await new DataSource(dataSourceOptions(database.url)).initialize());
    await dataSource.query('CREATE TABLE widget (id text PRIMARY KEY)');
  });

  afterEach(async () => {
    for (const service of services.splice(0)) {
      await service.beforeApplicationShutdown();
      await service.close();
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('commits a row and its job together', async () => {
    const queue = await queueService();
    await dataSource.transaction(async (manager) => {
      await manager.query('INSERT INTO widget (id) VALUES ($1)', ['committed']);
      await queue.send(WIDGET_QUEUE, { widgetId: 'committed' }, { manager, startAfter: 3600 });
    });
    expect(await widgetExists('committed')).toBe(true);
    expect(await jobsFor('committed')).toEqual([{ state: 'created' }]);
  });

  it('drops both the row and the job when the transaction rolls back', async () => {
    const queue = await queueService();
    const failure = new Error('the step failed after enqueueing');
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query('INSERT INTO widget (id) VALUES ($1)', ['rolled-back']);
        const jobId = await queue.send(
          WIDGET_QUEUE,
          { widgetId: 'rolled-back' },
          { manager, startAfter: 3600 },
        );
        // Visible inside the transaction: the insert really went through the transaction's connection.
        expect(await manager.query(`SELECT 1 FROM ${QUEUE_SCHEMA}.job WHERE id = $1`, [jobId])).toHaveLength(
          1,
        );
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await widgetExists('rolled-back')).toBe(false);
    expect(await jobsFor('rolled-back')).toEqual([]);
  });

  // sendMany is how the engine enqueues every follow-up job of a transition.
  it('sendMany commits its jobs with the transaction that enqueued them', async () => {
    const queue = await queueService();
    await dataSource.transaction(async (manager) => {
      await manager.query('INSERT INTO widget (id) VALUES ($1)', ['batch-committed']);
      const later = new Date(Date.now() + 3_600_000);
      await queue.sendMany(
        WIDGET_QUEUE,
        [
          { data: { widgetId: 'batch-committed' }, startAfter: later },
          { data: { widgetId: 'batch-committed' }, startAfter: later },
        ],
        { manager },
      );
    });
    expect(await widgetExists('batch-committed')).toBe(true);
    expect(await jobsFor('batch-committed')).toEqual([{ state: 'created' }, { state: 'created' }]);
  });

  it('sendMany leaves no job behind when the transaction that enqueued them rolls back', async () => {
    const queue = await queueService();
    const failure = new Error('the transition failed after enqueueing its jobs');
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query('INSERT INTO widget (id) VALUES ($1)', ['batch-rolled-back']);
        const later = new Date(Date.now() + 3_600_000);
        await queue.sendMany(
          WIDGET_QUEUE,
          [
            { data: { widgetId: 'batch-rolled-back' }, startAfter: later },
            { data: { widgetId: 'batch-rolled-back' }, startAfter: later },
          ],
          { manager },
        );
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await widgetExists('batch-rolled-back')).toBe(false);
    expect(await jobsFor('batch-rolled-back')).toEqual([]);
  });

  it('refuses an EntityManager that is not in a transaction', async () => {
    const queue = await queueService();
    await expect(
      queue.send(WIDGET_QUEUE, { widgetId: 'loose' }, { manager: dataSource.manager }),
    ).rejects.toThrow(/open transaction/);
    expect(await jobsFor('loose')).toEqual([]);
  });

  it('delivers a job to the handler of an engine role', async () => {
    const queue = await queueService('worker');
    const received: string[] = [];
    await queue.work(WIDGET_QUEUE, { pollingIntervalSeconds: 0.5 }, async (jobs) => {
      received.push(...jobs.map((job) => job.data.widgetId));
    });
    await queue.send(WIDGET_QUEUE, { widgetId: 'worked' });
    await waitFor(() => (received.includes('worked') ? true : undefined), { what: 'the job to be worked' });
    await waitFor(async () => ((await jobsFor('worked'))[0]?.state === 'completed' ? true : undefined), {
      what: 'the job to complete',
    });
  });

  it('lets an in-flight job finish when shutdown begins', async () => {
    const queue = await queueService('worker');
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    await queue.work(WIDGET_QUEUE, { pollingIntervalSeconds: 0.5 }, async (jobs) => {
      if (!jobs.some((job) => job.data.widgetId === 'in-flight')) return;
      started = true;
      await released;
    });
    await queue.send(WIDGET_QUEUE, { widgetId: 'in-flight' });
    await waitFor(() => (started ? true : undefined), { what: 'the handler to start' });
    const stopped = queue.beforeApplicationShutdown();
    release();
    await stopped;
    expect(await jobsFor('in-flight')).toEqual([{ state: 'completed' }]);
  });

  it('refuses to work a queue in an API-only process', async () => {
    const queue = await queueService('api');
    await expect(queue.work(WIDGET_QUEUE, {}, async () => undefined)).rejects.toThrow(/STEPGRAPH_ROLE=api/);
  });
});
