import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { AppError } from '../../src/common/app-error.js';
import { loadConfig } from '../../src/config/config.js';
import { migrateDatabase } from '../../src/database/database.migrator.js';
import { dataSourceOptions } from '../../src/database/database.options.js';
import { DefinitionValidationService } from '../../src/state-machines/definition-validation.service.js';
import { StateMachineVersionEntity } from '../../src/state-machines/state-machine-version.entity.js';
import { StateMachineEntity } from '../../src/state-machines/state-machine.entity.js';
import { StateMachinesRepository } from '../../src/state-machines/state-machines.repository.js';
import { StateMachinesService } from '../../src/state-machines/state-machines.service.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** A valid definition whose only state carries `result`, so that each call can differ. */
function definitionWith(result: unknown) {
  return { StartAt: 'Only', States: { Only: { Type: 'Pass', Result: result, End: true } } };
}

async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('StateMachinesService on PostgreSQL', () => {
  // The trigger test provokes errors on purpose; TypeORM would log each one.
  beforeAll(() => Logger.overrideLogger(false));

  let database: TestDatabase;
  let dataSource: DataSource;
  let service: StateMachinesService;

  const count = async (table: 'state_machines' | 'state_machine_versions', where = 'true') => {
    const [row] = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
    );
    return row!.n;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({
      ...dataSourceOptions(database.url),
      entities: [StateMachineEntity, StateMachineVersionEntity],
    }).initialize();
    await migrateDatabase(dataSource);
    service = new StateMachinesService(
      dataSource,
      new StateMachinesRepository(),
      new DefinitionValidationService(),
      new AuditService(dataSource, new AuditRepository(), loadConfig({ NODE_ENV: 'test' })),
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('lets exactly one of many concurrent creates with the same name win; the others get CONFLICT', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => service.create({ name: 'race', definition: definitionWith(i) })),
    );
    const won = attempts.filter((attempt) => attempt.status === 'fulfilled');
    const lost = attempts.flatMap((attempt) => (attempt.status === 'rejected' ? [attempt.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(5);
    for (const error of lost) expect(error).toMatchObject({ code: 'CONFLICT' });
    expect(await count('state_machines', `name = 'race'`)).toBe(1);
    // The losers' transactions rolled back: no orphan version.
    expect(await count('state_machine_versions')).toBe(await count('state_machines'));
  });

  it('numbers concurrent updates with different definitions one after another, without gaps', async () => {
    const machine = await service.create({ name: 'busy', definition: definitionWith('v1') });
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        service.update(machine.id, { definition: definitionWith(`v${i + 2}`) }),
      ),
    );
    const page = await service.versionsOf(await service.get({ id: machine.id }), { first: 10 });
    expect(page.totalCount).toBe(6);
    expect(page.edges.map((edge) => edge.node.version)).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('treats a definition that differs only in key order and spacing as identical', async () => {
    const machine = await service.create({
      name: 'ordered',
      definition: definitionWith({ a: 1, b: [1, 2] }),
    });
    const reordered = `{"States":{"Only":{"End":true,"Result":{"b":[1,2],"a":1},"Type":"Pass"}},  "StartAt":"Only"}`;
    const updated = await service.update(machine.id, { definition: reordered });
    expect(updated.version).toBe(1);
    expect(updated.updatedAt).toEqual(machine.updatedAt);
    const changed = await service.update(machine.id, { definition: definitionWith({ a: 1, b: [2, 1] }) });
    expect(changed.version).toBe(2);
  });

  it('refuses to change or delete a stored version, whoever asks', async () => {
    const machine = await service.create({ name: 'frozen', definition: definitionWith(1) });
    await expect(
      dataSource.query(`UPDATE state_machine_versions SET definition = '{}' WHERE state_machine_id = $1`, [
        machine.id,
      ]),
    ).rejects.toThrow(/immutable/);
    await expect(
      dataSource.query('DELETE FROM state_machine_versions WHERE state_machine_id = $1', [machine.id]),
    ).rejects.toThrow(/immutable/);
  });

  it('finds a version to run by id or name, the latest unless told which', async () => {
    const machine = await service.create({ name: 'runnable', definition: definitionWith('first') });
    await service.update(machine.id, { definition: definitionWith('second') });

    const latest = await service.findVersion('runnable');
    expect(latest.stateMachine).toMatchObject({ id: machine.id, name: 'runnable', version: 2 });
    expect(latest.version).toMatchObject({
      stateMachineId: machine.id,
      version: 2,
      definition: definitionWith('second'),
    });

    const first = await service.findVersion(machine.id, 1);
    expect(first.version).toMatchObject({ version: 1, definition: definitionWith('first') });

    const missing = await rejectionOf(service.findVersion(machine.id, 3));
    expect(missing).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('versions are 1 to 2'),
    });
    expect(await rejectionOf(service.findVersion('runnable', 0))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await rejectionOf(service.findVersion('no-such-machine'))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps the versions of a deleted machine and frees its name for a new one', async () => {
    const old = await service.create({ name: 'reused', definition: definitionWith('old') });
    await service.delete(old.id);
    expect(await rejectionOf(service.findVersion(old.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await rejectionOf(service.delete(old.id))).toMatchObject({ code: 'NOT_FOUND' });

    const fresh = await service.create({ name: 'reused', definition: definitionWith('new') });
    expect(fresh.id).not.toBe(old.id);
    expect((await service.findVersion('reused')).version.definition).toEqual(definitionWith('new'));
    expect(await count('state_machine_versions', `state_machine_id = '${old.id}'`)).toBe(1);
  });

  it('lets an update and a delete of one machine run one after the other', async () => {
    const machine = await service.create({ name: 'contested', definition: definitionWith(1) });
    const [update, deletion] = await Promise.allSettled([
      service.update(machine.id, { definition: definitionWith(2) }),
      service.delete(machine.id),
    ]);
    expect(deletion.status).toBe('fulfilled');
    // Either the update went first (a version 2 exists) or it found the machine deleted.
    if (update.status === 'rejected') expect(update.reason).toMatchObject({ code: 'NOT_FOUND' });
    const versions = await count('state_machine_versions', `state_machine_id = '${machine.id}'`);
    expect(versions).toBe(update.status === 'fulfilled' ? 2 : 1);
  });

  it('refuses a name shaped like an id, which would read as another machine', async () => {
    const error = await rejectionOf(
      service.create({ name: '0b5b2f4e-5a4f-4a3c-9a53-0a8d8f1f6d3e', definition: definitionWith(1) }),
    );
    expect(error).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: [{ path: 'name', message: expect.any(String) }],
    });
  });

  it('matches nameContains literally, ignoring case: % and _ are no wildcards', async () => {
    await service.create({ name: 'Percent_Literal', definition: definitionWith(1) });
    await service.create({ name: 'PercentXLiteral', definition: definitionWith(1) });
    const page = await service.list({ first: 10, nameContains: 'percent_' });
    expect(page.edges.map((edge) => edge.node.name)).toEqual(['Percent_Literal']);
    expect((await service.list({ first: 10, nameContains: '%' })).totalCount).toBe(0);
  });
});
