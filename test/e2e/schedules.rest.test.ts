import { bootApp, type BootedApp } from '../support/app.js';
import { createMachine, problemOf } from './executions.fixtures.js';
import { auditRowsOf, hoursAhead, PASS_DEFINITION } from './schedules.fixtures.js';

interface ScheduleBody {
  id: string;
  name: string;
  stateMachine: { id: string; name: string };
  expression: string;
  timezone: string;
  enabled: boolean;
  nextFireTime: string | null;
  overlapPolicy: string;
  input: unknown;
}

const UNKNOWN_ID = '0b6a3c1e-7d59-4c8f-9a1e-3f2b4c5d6e7f';

describe('schedules over REST', () => {
  let booted: BootedApp;
  let api: string;
  let machineId: string;

  const send = (path: string, method: string, body?: unknown, token = booted.adminToken) =>
    fetch(`${api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  const create = async (body: object) => {
    const response = await send('', 'POST', {
      stateMachineId: machineId,
      expression: 'rate(1 hour)',
      ...body,
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as ScheduleBody;
    expect(response.headers.get('location')).toBe(`/api/v1/schedules/${created.id}`);
    return created;
  };

  beforeAll(async () => {
    booted = await bootApp();
    api = `${booted.url}/api/v1/schedules`;
    machineId = await createMachine(booted.client, 'rest-scheduled', PASS_DEFINITION);
  });

  afterAll(async () => {
    await booted?.close();
  });

  it('creates with 201, reads, lists, patches, pauses, resumes and deletes', async () => {
    const created = await create({ name: 'rest-hourly', timezone: 'Europe/Berlin', startAt: hoursAhead(0) });
    expect(created).toMatchObject({
      name: 'rest-hourly',
      stateMachine: { id: machineId, name: 'rest-scheduled' },
      timezone: 'Europe/Berlin',
      enabled: true,
      overlapPolicy: 'SKIP',
      input: {},
    });
    expect(await (await send(`/${created.id}`, 'GET')).json()).toEqual(created);

    const listed = (await (await send('?namePrefix=rest-&enabled=true', 'GET')).json()) as {
      items: ScheduleBody[];
      nextCursor: string | null;
      totalCount: number;
    };
    expect(listed).toEqual({ items: [created], nextCursor: null, totalCount: 1 });

    const patched = await send(`/${created.id}`, 'PATCH', { overlapPolicy: 'ALLOW_ALL', input: { n: 1 } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      overlapPolicy: 'ALLOW_ALL',
      input: { n: 1 },
      name: 'rest-hourly',
    });

    const paused = await send(`/${created.id}/pause`, 'POST');
    expect(paused.status).toBe(200);
    expect(((await paused.json()) as ScheduleBody).enabled).toBe(false);
    expect(((await (await send('?enabled=false', 'GET')).json()) as { totalCount: number }).totalCount).toBe(
      1,
    );
    const resumed = await send(`/${created.id}/resume`, 'POST');
    expect(((await resumed.json()) as ScheduleBody).enabled).toBe(true);

    const deleted = await send(`/${created.id}`, 'DELETE');
    expect(deleted.status).toBe(204);
    expect((await problemOf(await send(`/${created.id}`, 'GET'), 404)).code).toBe('NOT_FOUND');
    expect(
      (await auditRowsOf(booted, 'DELETE /api/v1/schedules/:id', created.id)).map((row) => row.outcome),
    ).toEqual(['success']);
  });

  it('previews fire times and lists fires', async () => {
    const created = await create({ name: 'rest-preview', startAt: hoursAhead(0) });
    const preview = await send(`/${created.id}/next-fire-times?count=4`, 'GET');
    expect(preview.status).toBe(200);
    const times = (await preview.json()) as string[];
    expect(times).toHaveLength(4);
    expect(Date.parse(times[0]!)).toBe(Date.parse(created.nextFireTime!));
    expect((await problemOf(await send(`/${created.id}/next-fire-times?count=101`, 'GET'), 400)).code).toBe(
      'BAD_USER_INPUT',
    );
    const fires = await send(`/${created.id}/fires`, 'GET');
    expect(fires.status).toBe(200);
    expect(await fires.json()).toEqual([]);
    expect((await problemOf(await send(`/${UNKNOWN_ID}/fires`, 'GET'), 404)).code).toBe('NOT_FOUND');
  });

  it('answers problem+json: 400 naming the fields, 404, 409, and 403 for a viewer', async () => {
    const bad = await problemOf(
      await send('', 'POST', {
        name: 'rest bad',
        stateMachineId: machineId,
        expression: 'rate(1 hour)',
        timezone: 'X/Y',
      }),
      400,
    );
    expect(bad.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.map((error) => error.path)).toEqual(['name', 'timezone']);
    const missing = await problemOf(
      await send('', 'POST', {
        name: 'rest-missing',
        stateMachineId: UNKNOWN_ID,
        expression: 'rate(1 hour)',
      }),
      404,
    );
    expect(missing.code).toBe('NOT_FOUND');
    await create({ name: 'rest-taken' });
    const taken = await problemOf(
      await send('', 'POST', { name: 'rest-taken', stateMachineId: machineId, expression: 'rate(1 hour)' }),
      409,
    );
    expect(taken.code).toBe('CONFLICT');
    expect((await problemOf(await send('/not-a-uuid', 'PATCH', { enabled: false }), 404)).code).toBe(
      'NOT_FOUND',
    );

    const viewer = (await booted.signInAs('viewer')).accessToken;
    const readable = await send('', 'GET', undefined, viewer);
    expect(readable.status).toBe(200);
    const refused = await send(
      '',
      'POST',
      { name: 'rest-viewer', stateMachineId: machineId, expression: 'rate(1 hour)' },
      viewer,
    );
    expect((await problemOf(refused, 403)).code).toBe('FORBIDDEN');
  });

  it('documents every route in the OpenAPI document', async () => {
    const document = (await (await fetch(`${booted.url}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    const methods = (path: string) => Object.keys(document.paths[`/api/v1/schedules${path}`] ?? {}).sort();
    expect(methods('')).toEqual(['get', 'post']);
    expect(methods('/{id}')).toEqual(['delete', 'get', 'patch']);
    for (const action of ['pause', 'resume', 'trigger', 'backfill'])
      expect(methods(`/{id}/${action}`)).toEqual(['post']);
    expect(methods('/{id}/next-fire-times')).toEqual(['get']);
    expect(methods('/{id}/fires')).toEqual(['get']);
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining([
        'Schedule',
        'CreateScheduleInput',
        'UpdateScheduleBody',
        'ScheduleFire',
        'ScheduleBackfill',
      ]),
    );
  });

  it('triggers and backfills, answering the fire and the counts; the fires list shows them newest first', async () => {
    const hourMs = 3600_000;
    const hour = Math.floor(Date.now() / hourMs) * hourMs;
    const created = await create({ name: 'rest-fired', startAt: new Date(hour - 5 * hourMs).toISOString() });
    const triggered = await send(`/${created.id}/trigger`, 'POST');
    expect(triggered.status).toBe(200);
    const fire = (await triggered.json()) as { kind: string; outcome: string; execution: { id: string } };
    expect(fire).toMatchObject({ kind: 'TRIGGERED', outcome: 'STARTED' });

    const backfilled = await send(`/${created.id}/backfill`, 'POST', {
      from: new Date(hour - 5 * hourMs).toISOString(),
      to: new Date(hour - 4 * hourMs).toISOString(),
      overlapPolicy: 'ALLOW_ALL',
    });
    expect(backfilled.status).toBe(200);
    expect(await backfilled.json()).toEqual({ fires: 2, started: 2, buffered: 0, skipped: 0, failed: 0 });
    const bad = await problemOf(
      await send(`/${created.id}/backfill`, 'POST', { from: 'yesterday', to: 'today' }),
      400,
    );
    expect(bad.code).toBe('BAD_USER_INPUT');

    const fires = (await (await send(`/${created.id}/fires?first=2`, 'GET')).json()) as { kind: string }[];
    expect(fires).toHaveLength(2);
    expect(fires.every((listed) => listed.kind === 'BACKFILL')).toBe(true);
    const all = (await (await send(`/${created.id}/fires`, 'GET')).json()) as { execution: { id: string } }[];
    expect(all.map((listed) => listed.execution.id)).toContain(fire.execution.id);
  });
});
