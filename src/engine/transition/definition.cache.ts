import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StateMachineDefinition } from '../../asl/index.js';

/** A state machine version as the engine runs it. */
export interface LoadedDefinition {
  readonly definition: StateMachineDefinition;
  readonly stateMachineName: string;
}

/** Versions kept in memory; a process runs few distinct versions at once. */
const MAX_CACHED_VERSIONS = 500;

/**
 * Definitions by (state machine, version). Versions never change (a trigger refuses it), so a
 * cached one is never stale and every process may cache independently; the cache only saves the
 * read on every transition of the hot path. A machine's name cannot change either.
 */
@Injectable()
export class DefinitionCache {
  private readonly entries = new Map<string, LoadedDefinition>();

  /** The definition of a version, read through `manager` on a miss; undefined when it does not exist. */
  async get(
    manager: EntityManager,
    stateMachineId: string,
    version: number,
  ): Promise<LoadedDefinition | undefined> {
    const key = `${stateMachineId}:${version}`;
    const cached = this.entries.get(key);
    if (cached) {
      // Re-inserting keeps the map in least-recently-used order for eviction.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const rows = await manager.query<{ definition: StateMachineDefinition; name: string }[]>(
      `SELECT v.definition, m.name
         FROM state_machine_versions v JOIN state_machines m ON m.id = v.state_machine_id
        WHERE v.state_machine_id = $1 AND v.version = $2`,
      [stateMachineId, version],
    );
    const row = rows[0];
    if (!row) return undefined;
    const loaded = { definition: row.definition, stateMachineName: row.name };
    this.entries.set(key, loaded);
    if (this.entries.size > MAX_CACHED_VERSIONS)
      this.entries.delete(this.entries.keys().next().value as string);
    return loaded;
  }
}
