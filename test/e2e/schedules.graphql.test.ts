import { MAX_PAYLOAD_BYTES } from '../../src/asl/payload-limits.js';
import { bootApp, type BootedApp } from '../support/app.js';
import {
  CreateScheduleDocument,
  DeleteScheduleDocument,
  PauseScheduleDocument,
  ResumeScheduleDocument,
  BackfillScheduleDocument,
  TriggerScheduleDocument,
  ScheduleDocument,
  ScheduleExecutionsDocument,
  SchedulesDocument,
  UpdateScheduleDocument,
  type CreateScheduleInput,
} from '../support/generated/graphql.js';
import { createGraphqlClient, type GraphqlClient } from '../support/graphql-client.js';
import { createMachine, errorOf } from './executions.fixtures.js';
import {
  auditRowsOf,
  hoursAhead,
  PASS_DEFINITION,
  scheduleCount,
  storedCursor,
} from './schedules.fixtures.js';

const UNKNOWN_ID = '0b6a3c1e-7d59-4c8f-9a1e-3f2b4c5d6e7f';
const HOUR_MS = 3600_000;

describe('schedules over GraphQL', () => {
  let booted: BootedApp;
  let client: GraphqlClient;
  let machineId: string;

  beforeAll(async () => {
    booted = await bootApp();
    client = booted.client;
    machineId = await createMachine(client, 'scheduled', PASS_DEFINITION);
  });

  afterAll(async () => {
    await booted?.close();
  });

  const create = async (input: Partial<CreateScheduleInput> & { name: string }) =>
    (
      await client.expectData(CreateScheduleDocument, {
        input: { stateMachineId: machineId, expression: 'rate(1 hour)', ...input },
      })
    ).createSchedule;

  const refusal = async (input: Partial<CreateScheduleInput>) =>
    errorOf(
      await client.request(CreateScheduleDocument, {
        input: { name: 'refused', stateMachineId: machineId, expression: 'rate(1 hour)', ...input },
      }),
    );

  it('creates a schedule with the defaults, armed at its first fire time, and previews the next ones', async () => {
    const startAt = hoursAhead(0);
    const created = await create({ name: 'hourly', startAt, input: { report: 'daily' } });
    expect(created).toMatchObject({
      name: 'hourly',
      description: null,
      stateMachine: { id: machineId, name: 'scheduled' },
      version: null,
      expression: 'rate(1 hour)',
      timezone: 'UTC',
      input: { report: 'daily' },
      overlapPolicy: 'SKIP',
      catchupWindowSeconds: 60,
      jitterSeconds: 0,
      endAt: null,
      enabled: true,
    });
    expect(Date.parse(created.startAt!)).toBe(Date.parse(startAt));
    expect(Date.parse(created.nextFireTime!)).toBeGreaterThanOrEqual(Date.parse(startAt));

    const { schedule } = await client.expectData(ScheduleDocument, { id: created.id, count: 3 });
    const times = schedule.nextFireTimes.map(Date.parse);
    expect(times).toHaveLength(3);
    expect(times[0]).toBe(Date.parse(created.nextFireTime!));
    expect([times[1]! - times[0]!, times[2]! - times[1]!]).toEqual([HOUR_MS, HOUR_MS]);
    expect(schedule.recentFires).toEqual([]);
    // Without jitter the scheduler is due at the fire time itself.
    expect(await storedCursor(booted, created.id)).toEqual({
      nextFireAtMs: times[0],
      nextDueAtMs: times[0],
    });
  });

  it('stops the preview at endAt and arms nothing once no fire is left', async () => {
    const startAt = hoursAhead(0);
    const endAt = new Date(Date.parse(startAt) + 2 * HOUR_MS).toISOString();
    const windowed = await create({ name: 'windowed', startAt, endAt });
    const { schedule } = await client.expectData(ScheduleDocument, { id: windowed.id, count: 10 });
    expect(schedule.nextFireTimes.length).toBeLessThanOrEqual(3);
    expect(schedule.nextFireTimes.every((time) => Date.parse(time) <= Date.parse(endAt))).toBe(true);

    const past = await create({ name: 'already-passed', expression: 'at(2020-01-01T00:00:00)' });
    expect(past.nextFireTime).toBeNull();
    expect(await storedCursor(booted, past.id)).toEqual({ nextFireAtMs: null, nextDueAtMs: null });
    const { schedule: none } = await client.expectData(ScheduleDocument, { id: past.id, count: 5 });
    expect(none.nextFireTimes).toEqual([]);
  });

  it('reads the expression in its time zone: a daily cron keeps 09:00 local across the spring change', async () => {
    // New York moves to daylight saving time on 10 March 2030: 09:00 is 14:00 UTC before, 13:00 after.
    const daily = await create({
      name: 'new-york-mornings',
      expression: 'cron(0 9 * * ? *)',
      timezone: 'America/New_York',
      startAt: '2030-03-09T00:00:00Z',
    });
    expect(daily.nextFireTime).toBe('2030-03-09T14:00:00.000000Z');
    const { schedule } = await client.expectData(ScheduleDocument, { id: daily.id, count: 3 });
    expect(schedule.nextFireTimes).toEqual([
      '2030-03-09T14:00:00.000000Z',
      '2030-03-10T13:00:00.000000Z',
      '2030-03-11T13:00:00.000000Z',
    ]);
    const once = await create({
      name: 'berlin-once',
      expression: 'at(2030-03-09T09:00:00)',
      timezone: 'Europe/Berlin',
    });
    expect(once.nextFireTime).toBe('2030-03-09T08:00:00.000000Z');
  });

  it('arms the due time with the jitter, within the jitter of the fire time', async () => {
    const jittered = await create({ name: 'jittered', startAt: hoursAhead(0), jitterSeconds: 600 });
    const { nextFireAtMs, nextDueAtMs } = await storedCursor(booted, jittered.id);
    expect(nextFireAtMs).toBe(Date.parse(jittered.nextFireTime!));
    expect(nextDueAtMs! - nextFireAtMs!).toBeGreaterThanOrEqual(0);
    expect(nextDueAtMs! - nextFireAtMs!).toBeLessThan(600_000);
  });

  it('refuses bad input with BAD_USER_INPUT naming each field, and stores nothing', async () => {
    const before = await scheduleCount(booted);
    const cases: [Partial<CreateScheduleInput>, string][] = [
      [{ expression: 'every day' }, 'expression'],
      [{ timezone: 'Mars/Olympus' }, 'timezone'],
      [{ name: 'has space' }, 'name'],
      [{ name: 'x'.repeat(65) }, 'name'],
      [{ startAt: hoursAhead(2), endAt: hoursAhead(1) }, 'endAt'],
      [{ catchupWindowSeconds: 7 * 24 * 3600 + 1 }, 'catchupWindowSeconds'],
      [{ jitterSeconds: -1 }, 'jitterSeconds'],
      [{ jitterSeconds: 24 * 3600 + 1 }, 'jitterSeconds'],
      [{ version: 0 }, 'version'],
      [{ input: '{not json' }, 'input'],
      [{ input: { big: 'x'.repeat(MAX_PAYLOAD_BYTES) } }, 'input'],
    ];
    for (const [input, path] of cases) {
      const error = await refusal(input);
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(error.message).toContain(path);
      expect((error.extensions!.details as { path: string }[]).map((detail) => detail.path)).toEqual([path]);
    }
    const several = await refusal({ name: 'bad name', timezone: 'Nowhere/Else', jitterSeconds: -5 });
    expect((several.extensions!.details as { path: string }[]).map((detail) => detail.path)).toEqual([
      'name',
      'timezone',
      'jitterSeconds',
    ]);
    expect(await scheduleCount(booted)).toBe(before);
  });

  it('answers NOT_FOUND for an unknown state machine or version, CONFLICT for a taken name', async () => {
    expect((await refusal({ stateMachineId: UNKNOWN_ID })).extensions).toMatchObject({ code: 'NOT_FOUND' });
    const noVersion = await refusal({ version: 9 });
    expect(noVersion.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(noVersion.message).toContain('version 9');
    const pinned = await create({ name: 'pinned', version: 1 });
    expect(pinned.version).toBe(1);
    const taken = await refusal({ name: 'pinned' });
    expect(taken.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(taken.message).toContain('pinned');
    const other = await create({ name: 'renamed' });
    const renamed = errorOf(
      await client.request(UpdateScheduleDocument, { id: other.id, input: { name: 'pinned' } }),
    );
    expect(renamed.extensions).toMatchObject({ code: 'CONFLICT' });
    const unpinnedToMissing = errorOf(
      await client.request(UpdateScheduleDocument, { id: other.id, input: { version: 7 } }),
    );
    expect(unpinnedToMissing.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('creates one of two schedules sent at once with the same name; the other is CONFLICT', async () => {
    const input = { name: 'raced', stateMachineId: machineId, expression: 'rate(1 hour)' };
    const results = await Promise.all([
      client.request(CreateScheduleDocument, { input }),
      client.request(CreateScheduleDocument, { input }),
    ]);
    const codes = results.map((result) => result.errors?.[0]?.extensions?.code ?? 'created').sort();
    expect(codes).toEqual(['CONFLICT', 'created']);
    const listed = await client.expectData(SchedulesDocument, { filter: { namePrefix: 'raced' } });
    expect(listed.schedules.totalCount).toBe(1);
  });

  it('re-arms from now when the timing changes, and keeps the cursor when it does not', async () => {
    const schedule = await create({ name: 're-armed', startAt: hoursAhead(5) });
    const relabelled = (
      await client.expectData(UpdateScheduleDocument, {
        id: schedule.id,
        input: { description: 'Relabelled', input: { v: 2 }, overlapPolicy: 'BUFFER_ALL' },
      })
    ).updateSchedule;
    const nulled = (
      await client.expectData(UpdateScheduleDocument, { id: schedule.id, input: { input: null } })
    ).updateSchedule;
    expect(nulled.input).toBeNull();
    expect(relabelled).toMatchObject({
      description: 'Relabelled',
      input: { v: 2 },
      overlapPolicy: 'BUFFER_ALL',
      nextFireTime: schedule.nextFireTime,
    });

    const before = Date.now();
    const retimed = (
      await client.expectData(UpdateScheduleDocument, {
        id: schedule.id,
        input: { expression: 'rate(1 minute)', startAt: null },
      })
    ).updateSchedule;
    expect(retimed.startAt).toBeNull();
    const next = Date.parse(retimed.nextFireTime!);
    // Counted from the schedule's creation, the next minute comes within a minute of now.
    expect(next).toBeGreaterThan(before - 1000);
    expect(next).toBeLessThanOrEqual(Date.now() + 60_000);
    expect((await storedCursor(booted, schedule.id)).nextFireAtMs).toBe(next);

    const refused = errorOf(
      await client.request(UpdateScheduleDocument, { id: schedule.id, input: { expression: null } }),
    );
    expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(refused.message).toContain('expression');
    const unknown = errorOf(await client.request(UpdateScheduleDocument, { id: UNKNOWN_ID, input: {} }));
    expect(unknown.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('pauses and resumes; the list filters by state machine, enabled and name prefix, a page at a time', async () => {
    const schedule = await create({ name: 'pausable', startAt: hoursAhead(1) });
    const paused = (await client.expectData(PauseScheduleDocument, { id: schedule.id })).pauseSchedule;
    expect(paused.enabled).toBe(false);
    // A paused schedule still previews the times it would fire.
    const { schedule: read } = await client.expectData(ScheduleDocument, { id: schedule.id, count: 2 });
    expect(read.nextFireTimes).toHaveLength(2);

    const pausedList = await client.expectData(SchedulesDocument, { filter: { enabled: false } });
    expect(pausedList.schedules.edges.map((edge) => edge.node.name)).toEqual(['pausable']);

    const resumed = (await client.expectData(ResumeScheduleDocument, { id: schedule.id })).resumeSchedule;
    expect(resumed.enabled).toBe(true);
    expect(Date.parse(resumed.nextFireTime!)).toBeGreaterThan(Date.now());

    const prefixed = await client.expectData(SchedulesDocument, {
      filter: { namePrefix: 'pa', stateMachineId: machineId },
    });
    expect(prefixed.schedules.edges.map((edge) => edge.node.name)).toEqual(['pausable']);

    const first = await client.expectData(SchedulesDocument, { first: 2 });
    expect(first.schedules.pageInfo.hasNextPage).toBe(true);
    const second = await client.expectData(SchedulesDocument, {
      first: 100,
      after: first.schedules.pageInfo.endCursor,
    });
    const names = [...first.schedules.edges, ...second.schedules.edges].map((edge) => edge.node.name);
    expect(names).toEqual([...names].sort());
    expect(names).toHaveLength(first.schedules.totalCount);
  });

  it('deletes a schedule, which then is NOT_FOUND', async () => {
    const schedule = await create({ name: 'doomed' });
    const deleted = (await client.expectData(DeleteScheduleDocument, { id: schedule.id })).deleteSchedule;
    expect(deleted).toEqual({ id: schedule.id, name: 'doomed' });
    const gone = errorOf(await client.request(ScheduleDocument, { id: schedule.id }));
    expect(gone.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const again = errorOf(await client.request(DeleteScheduleDocument, { id: schedule.id }));
    expect(again.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('writes one audit row per mutation, in its transaction, naming the schedule', async () => {
    const schedule = await create({ name: 'audited' });
    await client.expectData(PauseScheduleDocument, { id: schedule.id });
    await client.expectData(ResumeScheduleDocument, { id: schedule.id });
    await client.expectData(UpdateScheduleDocument, { id: schedule.id, input: { description: 'd' } });
    await client.expectData(DeleteScheduleDocument, { id: schedule.id });
    for (const operation of [
      'createSchedule',
      'pauseSchedule',
      'resumeSchedule',
      'updateSchedule',
      'deleteSchedule',
    ]) {
      const rows = await auditRowsOf(booted, operation, schedule.id);
      expect({ operation, outcomes: rows.map((row) => row.outcome) }).toEqual({
        operation,
        outcomes: ['success'],
      });
    }
    expect((await auditRowsOf(booted, 'createSchedule', schedule.id))[0]!.target_ids).toContain(machineId);
  });

  it('lets a viewer read schedules but not create or change them', async () => {
    const schedule = await create({ name: 'guarded' });
    const viewer = createGraphqlClient(booted.url, { token: (await booted.signInAs('viewer')).accessToken });
    expect((await viewer.expectData(ScheduleDocument, { id: schedule.id })).schedule.name).toBe('guarded');
    const denied = errorOf(
      await viewer.request(CreateScheduleDocument, {
        input: { name: 'by-viewer', stateMachineId: machineId, expression: 'rate(1 hour)' },
      }),
    );
    expect(denied.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const paused = errorOf(await viewer.request(PauseScheduleDocument, { id: schedule.id }));
    expect(paused.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const rows = await auditRowsOf(booted, 'pauseSchedule', schedule.id);
    expect(rows.map((row) => row.outcome)).toEqual(['denied']);

    const operator = createGraphqlClient(booted.url, {
      token: (await booted.signInAs('operator')).accessToken,
    });
    const notEditor = errorOf(await operator.request(DeleteScheduleDocument, { id: schedule.id }));
    expect(notEditor.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const editor = createGraphqlClient(booted.url, { token: (await booted.signInAs('editor')).accessToken });
    expect((await editor.expectData(PauseScheduleDocument, { id: schedule.id })).pauseSchedule.enabled).toBe(
      false,
    );
  });

  it('triggers a schedule now, also when paused: the fire starts an execution that says so, shown in recentFires', async () => {
    const schedule = await create({ name: 'triggered', startAt: hoursAhead(3), input: { from: 'trigger' } });
    await client.expectData(PauseScheduleDocument, { id: schedule.id });
    const fire = (await client.expectData(TriggerScheduleDocument, { id: schedule.id })).triggerSchedule;
    expect(fire).toMatchObject({ kind: 'TRIGGERED', outcome: 'STARTED', cause: null });
    expect(fire.execution).toMatchObject({
      status: 'SUCCEEDED',
      trigger: { kind: 'SCHEDULE', scheduleId: schedule.id },
    });
    expect(Date.parse(fire.execution!.trigger.scheduledTime!)).toBe(Date.parse(fire.scheduledTime));
    expect(fire.execution!.name).toMatch(new RegExp(`^trigger-${schedule.id}-`));

    const { schedule: read } = await client.expectData(ScheduleDocument, { id: schedule.id });
    expect(read.recentFires).toEqual([fire]);
    expect(read.enabled).toBe(false);
    const [audited] = await auditRowsOf(booted, 'triggerSchedule', schedule.id);
    expect(audited).toEqual({ outcome: 'success', target_ids: [schedule.id, fire.execution!.id] });
  });

  it('backfills every fire time of a past range once, oldest first, and refuses a bad range', async () => {
    const hour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    const startAt = new Date(hour - 10 * HOUR_MS).toISOString();
    const schedule = await create({ name: 'backfilled', startAt });
    const from = startAt;
    const to = new Date(hour - 7 * HOUR_MS).toISOString();
    const done = (
      await client.expectData(BackfillScheduleDocument, {
        id: schedule.id,
        from,
        to,
        overlapPolicy: 'ALLOW_ALL',
      })
    ).backfillSchedule;
    expect(done).toEqual({ fires: 4, started: 4, buffered: 0, skipped: 0, failed: 0 });
    const again = (await client.expectData(BackfillScheduleDocument, { id: schedule.id, from, to }))
      .backfillSchedule;
    expect(again.fires).toBe(0);

    const { schedule: read } = await client.expectData(ScheduleDocument, { id: schedule.id });
    const backfills = read.recentFires.filter((fire) => fire.kind === 'BACKFILL');
    expect(backfills.map((fire) => Date.parse(fire.scheduledTime)).sort()).toEqual(
      [10, 9, 8, 7].map((hours) => hour - hours * HOUR_MS),
    );
    expect(backfills.every((fire) => fire.execution?.trigger.kind === 'SCHEDULE')).toBe(true);

    const { schedule: started } = await client.expectData(ScheduleExecutionsDocument, {
      id: schedule.id,
      first: 3,
    });
    expect(started.executions.totalCount).toBe(4);
    expect(started.executions.pageInfo.hasNextPage).toBe(true);
    const rest = (
      await client.expectData(ScheduleExecutionsDocument, {
        id: schedule.id,
        after: started.executions.pageInfo.endCursor,
      })
    ).schedule.executions;
    const executions = [...started.executions.edges, ...rest.edges].map((edge) => edge.node);
    expect(new Set(executions.map((execution) => execution.id))).toEqual(
      new Set(backfills.map((fire) => fire.execution!.id)),
    );
    expect(executions.every((execution) => execution.trigger.scheduleId === schedule.id)).toBe(true);

    const reversed = errorOf(
      await client.request(BackfillScheduleDocument, { id: schedule.id, from: to, to: from }),
    );
    expect(reversed.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const huge = errorOf(
      await client.request(BackfillScheduleDocument, {
        id: schedule.id,
        from,
        to: new Date(hour + 2000 * HOUR_MS).toISOString(),
      }),
    );
    expect(huge.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(huge.message).toContain('1000');
    const unknown = errorOf(await client.request(TriggerScheduleDocument, { id: UNKNOWN_ID }));
    expect(unknown.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lets an operator fire a schedule but not a viewer', async () => {
    const schedule = await create({ name: 'fired-by-operator', startAt: hoursAhead(3) });
    const viewer = createGraphqlClient(booted.url, { token: (await booted.signInAs('viewer')).accessToken });
    const denied = errorOf(await viewer.request(TriggerScheduleDocument, { id: schedule.id }));
    expect(denied.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const operator = createGraphqlClient(booted.url, {
      token: (await booted.signInAs('operator')).accessToken,
    });
    const fire = (await operator.expectData(TriggerScheduleDocument, { id: schedule.id })).triggerSchedule;
    expect(fire.outcome).toBe('STARTED');
  });
});
