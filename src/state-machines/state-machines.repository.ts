import { Injectable } from '@nestjs/common';
import { QueryFailedError, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { StateMachineVersionEntity } from './state-machine-version.entity.js';
import { StateMachineEntity } from './state-machine.entity.js';

/**
 * A machine row with its latest version, which every query of machines joins (an inner join
 * mapped onto `latest`, a property that is no column).
 */
export type MachineWithLatest = StateMachineEntity & { readonly latest: StateMachineVersionEntity };

/** A live state machine by its id or by its name. */
export type StateMachineKey = { readonly id: string } | { readonly name: string };

export interface MachinePageQuery {
  /** Rows to fetch: the page size plus one, to learn whether another page follows. */
  readonly limit: number;
  /** Only names after this one (the previous page's last). */
  readonly afterName?: string;
  /** Case-insensitive substring of the name. */
  readonly nameContains?: string;
}

export interface VersionPageQuery {
  readonly limit: number;
  /** Only versions below this one (the previous page's last): versions come newest first. */
  readonly beforeVersion?: number;
}

export interface NewVersion {
  readonly stateMachineId: string;
  readonly version: number;
  readonly definition: object;
  readonly definitionSha256: string;
}

const UNIQUE_VIOLATION = '23505';
const LIVE_NAME_INDEX = 'state_machines_live_name_key';

/** Whether a failed insert or update hit the unique index on the names of live machines. */
export function isLiveNameConflict(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === UNIQUE_VIOLATION && driverError.constraint === LIVE_NAME_INDEX;
}

/** `%`, `_` and the escape character itself match literally in a LIKE pattern once escaped. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * The queries of state machines and their versions. Every method takes the EntityManager to run
 * on: the service passes its transaction's, or the data source's own for a plain read.
 */
@Injectable()
export class StateMachinesRepository {
  /** Inserts a machine whose first version the caller inserts next, in the same transaction. */
  async insertMachine(
    manager: EntityManager,
    fields: { readonly name: string; readonly description: string | null },
  ): Promise<StateMachineEntity> {
    const machine = manager.create(StateMachineEntity, { ...fields, latestVersion: 1, deletedAt: null });
    // Fills in the id and timestamps the database generated.
    await manager.insert(StateMachineEntity, machine);
    return machine;
  }

  async insertVersion(manager: EntityManager, version: NewVersion): Promise<StateMachineVersionEntity> {
    const entity = manager.create(StateMachineVersionEntity, version);
    await manager.insert(StateMachineVersionEntity, entity);
    return entity;
  }

  /**
   * A live machine with its latest version. With `lock`, the row stays locked until the caller's
   * transaction ends: updates and deletes of one machine then run one after the other, and a
   * machine deleted meanwhile is no longer found.
   */
  async findLive(
    manager: EntityManager,
    key: StateMachineKey,
    options: { readonly lock?: boolean } = {},
  ): Promise<MachineWithLatest | null> {
    // Hazard: the lock is taken by a query of its own. Had the joined query below locked, a
    // waiter would re-check the committed machine row against the version row of its old snapshot
    // (PostgreSQL's EvalPlanQual), find `version = latest_version` false, and miss the machine.
    if (options.lock && !(await this.lockLive(manager, key))) return null;
    const query = this.withLatest(manager).where('m.deletedAt IS NULL');
    if ('id' in key) query.andWhere('m.id = :id', { id: key.id });
    else query.andWhere('m.name = :name', { name: key.name });
    return (await query.getOne()) as MachineWithLatest | null;
  }

  /** One page of live machines in name order, and how many match in all. */
  async findLivePage(
    manager: EntityManager,
    page: MachinePageQuery,
  ): Promise<{ rows: MachineWithLatest[]; totalCount: number }> {
    const matching = (query: SelectQueryBuilder<StateMachineEntity>) => {
      query.andWhere('m.deletedAt IS NULL');
      if (page.nameContains) {
        query.andWhere(`m.name ILIKE :pattern ESCAPE '\\'`, {
          pattern: `%${likeLiteral(page.nameContains)}%`,
        });
      }
      return query;
    };
    const totalCount = await matching(manager.createQueryBuilder(StateMachineEntity, 'm')).getCount();
    const rows = matching(this.withLatest(manager));
    if (page.afterName !== undefined) rows.andWhere('m.name > :afterName', { afterName: page.afterName });
    // Served by the partial unique index on live names, which is also the keyset.
    const found = await rows.orderBy('m.name', 'ASC').limit(page.limit).getMany();
    return { rows: found as MachineWithLatest[], totalCount };
  }

  async findVersion(
    manager: EntityManager,
    stateMachineId: string,
    version: number,
  ): Promise<StateMachineVersionEntity | null> {
    return manager.findOneBy(StateMachineVersionEntity, { stateMachineId, version });
  }

  /** One page of a machine's versions, newest first (the primary key's order). */
  async findVersionPage(
    manager: EntityManager,
    stateMachineId: string,
    page: VersionPageQuery,
  ): Promise<StateMachineVersionEntity[]> {
    const query = manager
      .createQueryBuilder(StateMachineVersionEntity, 'v')
      .where('v.stateMachineId = :stateMachineId', { stateMachineId });
    if (page.beforeVersion !== undefined)
      query.andWhere('v.version < :before', { before: page.beforeVersion });
    return query.orderBy('v.version', 'DESC').limit(page.limit).getMany();
  }

  /** Changes a machine's own fields; `updated_at` moves to the transaction's time. */
  async updateMachine(
    manager: EntityManager,
    id: string,
    changes: { readonly description?: string | null; readonly latestVersion?: number },
  ): Promise<void> {
    await manager.update(StateMachineEntity, { id }, changes);
  }

  async softDelete(manager: EntityManager, id: string): Promise<void> {
    await manager.update(StateMachineEntity, { id }, { deletedAt: () => 'now()' });
  }

  /** Locks a live machine's row until the transaction ends; false when there is none. */
  private async lockLive(manager: EntityManager, key: StateMachineKey): Promise<boolean> {
    const query = manager
      .createQueryBuilder(StateMachineEntity, 'm')
      .select('m.id')
      .where('m.deletedAt IS NULL');
    if ('id' in key) query.andWhere('m.id = :id', { id: key.id });
    else query.andWhere('m.name = :name', { name: key.name });
    return (await query.setLock('pessimistic_write').getOne()) !== null;
  }

  private withLatest(manager: EntityManager): SelectQueryBuilder<StateMachineEntity> {
    return manager
      .createQueryBuilder(StateMachineEntity, 'm')
      .innerJoinAndMapOne(
        'm.latest',
        StateMachineVersionEntity,
        'v',
        'v.stateMachineId = m.id AND v.version = m.latestVersion',
      );
  }
}
