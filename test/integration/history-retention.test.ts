/**
 * History that never outgrows the database (issue 13; docs/retention.md): retention makes the
 * week partitions ahead, drops a week whose executions all expired (its four partitions gone, not
 * its rows deleted), deletes the expired executions of a week that still holds a running or a
 * recently ended one and drops it once the last one expired; audited and counted. Old history is
 * made by SQL (test/support/old-history.ts); retention is run directly: its interval is set far
 * beyond the test.
 */
import { HistoryRetention } from '../../src/engine/retention/history-retention.js';
import { HISTORY_RETENTION_OPERATION } from '../../src/engine/retention/history-retention.reports.js';
import { MetricsRegistry } from '../../src/observability/metrics.registry.js';
import { createWeek, insertOldExecutions, weekExists, weekStart } from '../support/old-history.js';
import { expectContiguous, startEngine, type EngineHarness } from './engine.harness.js';

jest.setTimeout(60_000);

const RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;

let engine: EngineHarness;
let retention: HistoryRetention;
let machineId: string;

beforeAll(async () => {
  engine = await startEngine({
    ENGINE_SWEEP_INTERVAL_SECONDS: '3600',
    HISTORY_RETENTION_DAYS: String(RETENTION_DAYS),
  });
  retention = engine.app.get(HistoryRetention, { strict: false });
  machineId = await engine.createMachine({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
});

afterAll(async () => {
  await engine?.close();
});

const query = <T>(sql: string, parameters: unknown[] = []) => engine.dataSource.query<T>(sql, parameters);
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

async function counted(series: string): Promise<number> {
  const { body } = await engine.app.get(MetricsRegistry, { strict: false }).scrape();
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function rowsOf(executionIds: readonly string[]) {
  const [row] = await query<
    { executions: number; events: number; runs: number; tasks: number; names: number }[]
  >(
    `SELECT (SELECT count(*) FROM executions WHERE id = ANY($1))::int AS executions,
            (SELECT count(*) FROM execution_events WHERE execution_id = ANY($1))::int AS events,
            (SELECT count(*) FROM runs WHERE execution_id = ANY($1))::int AS runs,
            (SELECT count(*) FROM tasks WHERE execution_id = ANY($1))::int AS tasks,
            (SELECT count(*) FROM execution_names WHERE execution_id = ANY($1))::int AS names`,
    [executionIds],
  );
  return row!;
}

async function retentionAudit(partition: string) {
  return query<{ operation: string; actorType: string; details: Record<string, unknown> }[]>(
    `SELECT operation, actor_type AS "actorType", details FROM audit_log
      WHERE operation = $1 AND details->>'partition' = $2 ORDER BY seq`,
    [HISTORY_RETENTION_OPERATION, partition],
  );
}

const suffixOf = (day: number) => `w${new Date(day * DAY_MS).toISOString().slice(0, 10).replace(/-/g, '')}`;

describe('history partitions', () => {
  it('are made for the current week and the next two, Monday to Monday, before any insert needs them', async () => {
    await retention.run();
    const current = await weekStart(engine.dataSource, 0);
    expect(new Date(current * DAY_MS).getUTCDay()).toBe(1);
    for (const day of [current, current + 7, current + 14])
      expect(await weekExists(engine.dataSource, day)).toBe(true);
    const bounds = await query<{ bound: string }[]>(
      `SELECT pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_class c WHERE c.relname = $1`,
      [`execution_events_${suffixOf(current + 7)}`],
    );
    expect(bounds).toEqual([{ bound: `FOR VALUES FROM (${current + 7}) TO (${current + 14})` }]);
  });

  it('hold an execution the engine runs, with its history in its own week', async () => {
    const id = await engine.run({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    expect((await engine.ended(id)).status).toBe('SUCCEEDED');
    const [row] = await query<{ table: string; day: number; today: number }[]>(
      `SELECT tableoid::regclass::text AS table, history_day AS day, history_day_of(now()) AS today
         FROM execution_events WHERE execution_id = $1 AND seq = 1`,
      [id],
    );
    expect(row!.day).toBe(row!.today);
    expect(row!.table).toBe(`execution_events_${suffixOf(await weekStart(engine.dataSource, 0))}`);
  });
});

describe('retention', () => {
  it('drops a week whose executions all ended before the cutoff, and keeps recent ones intact', async () => {
    const day = await weekStart(engine.dataSource, 10);
    await createWeek(engine.dataSource, day);
    const old = await insertOldExecutions(
      engine.dataSource,
      { stateMachineId: machineId, day, stoppedAt: daysAgo(60), events: 5 },
      3,
    );
    const recent = await engine.run({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    await engine.ended(recent);
    const recentHistory = await engine.history(recent);
    const droppedBefore = await counted('stepgraph_history_retention_partitions_dropped_total');
    const eventsBefore = await counted('stepgraph_history_retention_events_total{method="drop"}');

    const { acts } = await retention.run();

    expect(acts).toContainEqual(
      expect.objectContaining({ method: 'drop', partition: suffixOf(day), executions: 3, events: 15 }),
    );
    expect(await weekExists(engine.dataSource, day)).toBe(false);
    expect(await rowsOf(old)).toEqual({ executions: 0, events: 0, runs: 0, tasks: 0, names: 0 });
    expect(await engine.history(recent)).toEqual(recentHistory);
    expect(await retentionAudit(suffixOf(day))).toEqual([
      {
        operation: HISTORY_RETENTION_OPERATION,
        actorType: 'anonymous',
        details: expect.objectContaining({
          by: 'engine.retention',
          method: 'drop',
          executions: 3,
          events: 15,
        }),
      },
    ]);
    expect(await counted('stepgraph_history_retention_partitions_dropped_total')).toBe(droppedBefore + 1);
    expect(await counted('stepgraph_history_retention_events_total{method="drop"}')).toBe(eventsBefore + 15);
  });

  it('deletes only the expired executions of a week that holds a running or recent one, then drops it', async () => {
    const day = await weekStart(engine.dataSource, 9);
    await createWeek(engine.dataSource, day);
    const insert = (stoppedAt: Date | null, count = 1) =>
      insertOldExecutions(engine.dataSource, { stateMachineId: machineId, day, stoppedAt, events: 4 }, count);
    const expired = await insert(daysAgo(40), 2);
    const [running] = await insert(null);
    const [recent] = await insert(daysAgo(1));

    const first = await retention.run();

    expect(first.acts.filter((act) => act.partition === suffixOf(day))).toEqual([
      expect.objectContaining({ method: 'delete', executions: 2, events: 8 }),
    ]);
    expect(await weekExists(engine.dataSource, day)).toBe(true);
    expect(await rowsOf(expired)).toEqual({ executions: 0, events: 0, runs: 0, tasks: 0, names: 0 });
    expect(await rowsOf([running!, recent!])).toEqual({
      executions: 2,
      events: 8,
      runs: 2,
      tasks: 2,
      names: 2,
    });
    expectContiguous(await engine.history(running!));

    await query(
      `UPDATE executions SET status = 'SUCCEEDED', output = '{}', stopped_at = now() - interval '35 days'
        WHERE id = $1`,
      [running],
    );
    await query(`UPDATE executions SET stopped_at = now() - interval '31 days' WHERE id = $1`, [recent]);
    const second = await retention.run();

    expect(second.acts.filter((act) => act.partition === suffixOf(day))).toEqual([
      expect.objectContaining({ method: 'drop', executions: 2, events: 8 }),
    ]);
    expect(await weekExists(engine.dataSource, day)).toBe(false);
    expect((await retentionAudit(suffixOf(day))).map((row) => row.details.method)).toEqual([
      'delete',
      'drop',
    ]);
  });

  it('keeps execution names unique, and frees the names of the executions it removed', async () => {
    const day = await weekStart(engine.dataSource, 8);
    await createWeek(engine.dataSource, day);
    const [old] = await insertOldExecutions(engine.dataSource, {
      stateMachineId: machineId,
      day,
      stoppedAt: daysAgo(50),
      events: 2,
      name: 'reused',
    });
    const first = await engine.commands.start({ stateMachineId: machineId, name: 'kept', input: {} });
    const again = await engine.commands.start({ stateMachineId: machineId, name: 'kept', input: {} });
    expect(again.executionId).toBe(first.executionId);
    const beforeRetention = await engine.commands.start({
      stateMachineId: machineId,
      name: 'reused',
      input: {},
    });
    expect(beforeRetention.executionId).toBe(old);

    await retention.run();

    const afterRetention = await engine.commands.start({
      stateMachineId: machineId,
      name: 'reused',
      input: {},
    });
    expect(afterRetention.executionId).not.toBe(old);
    expect((await engine.ended(afterRetention.executionId)).status).toBe('SUCCEEDED');
    expect(await rowsOf([old!])).toEqual({ executions: 0, events: 0, runs: 0, tasks: 0, names: 0 });
  });

  it('does nothing with HISTORY_RETENTION_DAYS 0 but make partitions', async () => {
    const keeper = await startEngine({ ENGINE_SWEEP_INTERVAL_SECONDS: '3600', HISTORY_RETENTION_DAYS: '0' });
    try {
      const day = await weekStart(keeper.dataSource, 20);
      await createWeek(keeper.dataSource, day);
      const machine = await keeper.createMachine({
        StartAt: 'P',
        States: { P: { Type: 'Pass', End: true } },
      });
      const old = await insertOldExecutions(keeper.dataSource, {
        stateMachineId: machine,
        day,
        stoppedAt: daysAgo(139),
        events: 3,
      });
      const result = await keeper.app.get(HistoryRetention, { strict: false }).run();
      expect(result.acts).toEqual([]);
      expect(await weekExists(keeper.dataSource, day)).toBe(true);
      const [row] = await keeper.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM execution_events WHERE execution_id = $1',
        [old[0]],
      );
      expect(row!.n).toBe(3);
    } finally {
      await keeper.close();
    }
  });
});
