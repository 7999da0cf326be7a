import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuditedAct } from '../audit/audited-act.js';
import { AppError, type ErrorDetail } from '../common/app-error.js';
import { isUuid } from '../common/identifiers.js';
import { connectionFromRows, type ConnectionPage } from '../pagination/connection.page.js';
import { decodeCursor, encodeCursor } from '../pagination/cursor.codec.js';
import type { CreateStateMachineInput } from './dto/create-state-machine.input.js';
import type { UpdateStateMachineInput } from './dto/update-state-machine.input.js';
import type { DefinitionValidation } from './models/definition-validation.model.js';
import type { StateMachineVersion } from './models/state-machine-version.model.js';
import type { StateMachine } from './models/state-machine.model.js';
import { DefinitionValidationService } from './definition-validation.service.js';
import {
  acceptedDefinition,
  type AcceptedDefinition,
  type RefusedDefinition,
} from './state-machine.definition.js';
import { descriptionProblems, nameProblems } from './state-machine.rules.js';
import {
  invalidStateMachine,
  nameTaken,
  stateMachineNotFound,
  versionNotFound,
} from './state-machines.errors.js';
import { stateMachineOf, stateMachineVersionOf } from './state-machines.mapping.js';
import {
  isLiveNameConflict,
  StateMachinesRepository,
  type MachineWithLatest,
  type StateMachineKey,
} from './state-machines.repository.js';

const NAME_KEYSET = { name: 'string' } as const;
const VERSION_KEYSET = { version: 'number' } as const;

/** A page of state machines: `first`/`after` of a connection and the name filter. */
export interface StateMachinePageArgs {
  readonly first: number;
  readonly after?: string | null;
  readonly nameContains?: string | null;
}

/** A page of versions. */
export interface VersionPageArgs {
  readonly first: number;
  readonly after?: string | null;
}

/** One of `id` and `name`, as `stateMachine(id | name)` takes them. */
export interface StateMachineLookup {
  readonly id?: string | null;
  readonly name?: string | null;
}

/** A state machine and the version of it to run. */
export interface ResolvedVersion {
  readonly stateMachine: StateMachine;
  readonly version: StateMachineVersion;
}

/** The changes an update asks for, once checked. */
interface UpdateChanges {
  readonly definition?: AcceptedDefinition;
  readonly description?: string | null;
}

/**
 * State machines: stored, validated, versioned. Every refusal happens before the first write;
 * every write runs in one transaction, so bad input stores nothing.
 */
@Injectable()
export class StateMachinesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: StateMachinesRepository,
    private readonly definitions: DefinitionValidationService,
    private readonly audit: AuditService,
  ) {}

  /** Stores a new machine with its definition as version 1; `act` is recorded in the same transaction. */
  async create(input: CreateStateMachineInput, act?: AuditedAct): Promise<StateMachine> {
    const { description, definition } = checkedCreate(input, await this.accept(input.definition));
    try {
      return await this.dataSource.transaction(async (manager) => {
        const machine = await this.repository.insertMachine(manager, { name: input.name, description });
        const version = await this.repository.insertVersion(manager, {
          stateMachineId: machine.id,
          version: 1,
          definition: definition.definition,
          definitionSha256: definition.sha256,
        });
        await this.audit.recordAct(manager, act, [machine.id]);
        return stateMachineOf({ ...machine, latest: version });
      });
    } catch (error) {
      // The unique index on live names is the arbiter: of two concurrent creates, the second
      // waits for the first to commit, then fails here, and its transaction has rolled back.
      if (isLiveNameConflict(error)) throw nameTaken(input.name, error);
      throw error;
    }
  }

  /**
   * Adds a version when the definition differs from the latest one (key order and spacing aside)
   * and changes the description when given; an update that changes nothing writes nothing but
   * the audit row of `act`, which every update writes in its transaction.
   */
  async update(id: string, input: UpdateStateMachineInput, act?: AuditedAct): Promise<StateMachine> {
    const definition = input.definition === undefined ? undefined : await this.accept(input.definition);
    const changes = checkedUpdate(input, definition);
    if (!isUuid(id)) throw stateMachineNotFound(id);
    return this.dataSource.transaction(async (manager) => {
      // Locked: two updates of one machine cannot both take the same next version number.
      const machine = await this.repository.findLive(manager, { id }, { lock: true });
      if (!machine) throw stateMachineNotFound(id);
      // A definition equal to the latest one (key order and spacing aside) is no new version.
      const definition =
        changes.definition?.sha256 !== machine.latest.definitionSha256 ? changes.definition : undefined;
      const describe = changes.description !== undefined && changes.description !== machine.description;
      if (!definition && !describe) {
        await this.audit.recordAct(manager, act, [id]);
        return stateMachineOf(machine);
      }
      const latestVersion = machine.latestVersion + (definition ? 1 : 0);
      if (definition) {
        await this.repository.insertVersion(manager, {
          stateMachineId: id,
          version: latestVersion,
          definition: definition.definition,
          definitionSha256: definition.sha256,
        });
      }
      await this.repository.updateMachine(manager, id, {
        latestVersion,
        ...(describe && { description: changes.description }),
      });
      await this.audit.recordAct(manager, act, [id]);
      return this.liveOrThrow({ id }, manager);
    });
  }

  /** Soft-deletes a machine: its name becomes free, its versions stay for their executions. */
  async delete(id: string, act?: AuditedAct): Promise<StateMachine> {
    if (!isUuid(id)) throw stateMachineNotFound(id);
    return this.dataSource.transaction(async (manager) => {
      const machine = await this.repository.findLive(manager, { id }, { lock: true });
      if (!machine) throw stateMachineNotFound(id);
      await this.repository.softDelete(manager, id);
      await this.audit.recordAct(manager, act, [id]);
      return stateMachineOf(machine);
    });
  }

  /** A live machine by id or by name (exactly one of them). */
  async get(lookup: StateMachineLookup): Promise<StateMachine> {
    const hasId = lookup.id !== undefined && lookup.id !== null;
    const hasName = lookup.name !== undefined && lookup.name !== null;
    if (hasId === hasName) {
      throw AppError.badUserInput('Give either the id or the name of the state machine', {
        details: [{ path: 'id', message: hasId ? 'leave out name when giving id' : 'give id or name' }],
      });
    }
    if (hasId && !isUuid(lookup.id!)) throw stateMachineNotFound(lookup.id!);
    return this.liveOrThrow(hasId ? { id: lookup.id! } : { name: lookup.name! });
  }

  /** Live machines in name order, optionally those whose name contains a text. */
  async list(args: StateMachinePageArgs): Promise<ConnectionPage<StateMachine>> {
    const { rows, totalCount } = await this.repository.findLivePage(this.dataSource.manager, {
      limit: args.first + 1,
      afterName: args.after ? decodeCursor(args.after, NAME_KEYSET).name : undefined,
      nameContains: args.nameContains ?? undefined,
    });
    return connectionFromRows({
      rows: rows.map(stateMachineOf),
      first: args.first,
      totalCount,
      cursorOf: (machine) => encodeCursor({ name: machine.name }),
    });
  }

  /** The versions of a live machine, newest first. */
  async listVersions(id: string, args: VersionPageArgs): Promise<ConnectionPage<StateMachineVersion>> {
    return this.versionsOf(await this.get({ id }), args);
  }

  /** The versions of a machine already read (also a deleted one), newest first. */
  async versionsOf(
    machine: StateMachine,
    args: VersionPageArgs,
  ): Promise<ConnectionPage<StateMachineVersion>> {
    const rows = await this.repository.findVersionPage(this.dataSource.manager, machine.id, {
      limit: args.first + 1,
      beforeVersion: args.after ? decodeCursor(args.after, VERSION_KEYSET).version : undefined,
    });
    return connectionFromRows({
      rows: rows.map(stateMachineVersionOf),
      first: args.first,
      // Versions run from 1 to the latest without gaps and are never deleted: no count needed.
      totalCount: machine.version,
      cursorOf: (version) => encodeCursor({ version: version.version }),
    });
  }

  /** Validates a definition without storing anything. */
  async validate(definition: unknown): Promise<DefinitionValidation> {
    const { diagnostics } = await this.definitions.check(definition, 'validate');
    return {
      valid: diagnostics.length === 0,
      diagnostics: diagnostics.map(({ path, message }) => ({ path, message })),
    };
  }

  /**
   * The version of a live machine to run, for the engine: by id or name, and by number or (when
   * left out) the latest. Names never have the form of an id, so the two cannot be confused.
   */
  async findVersion(stateMachineIdOrName: string, version?: number): Promise<ResolvedVersion> {
    const key: StateMachineKey = isUuid(stateMachineIdOrName)
      ? { id: stateMachineIdOrName }
      : { name: stateMachineIdOrName };
    const machine = await this.liveEntityOrThrow(key);
    const stateMachine = stateMachineOf(machine);
    if (version === undefined || version === machine.latestVersion) {
      return { stateMachine, version: stateMachineVersionOf(machine.latest) };
    }
    if (!Number.isInteger(version) || version < 1) {
      throw AppError.badUserInput(`A version is a whole number from 1, not ${version}`, {
        details: [{ path: 'version', message: 'must be a whole number from 1' }],
      });
    }
    const found = await this.repository.findVersion(this.dataSource.manager, machine.id, version);
    if (!found) throw versionNotFound(machine.name, version, machine.latestVersion);
    return { stateMachine, version: stateMachineVersionOf(found) };
  }

  /** Checks a definition to store, off the event loop when it is large (docs/testing.md R14). */
  private async accept(input: unknown): Promise<AcceptedDefinition | RefusedDefinition> {
    return acceptedDefinition(input, await this.definitions.check(input, 'store'));
  }

  private async liveOrThrow(key: StateMachineKey, manager = this.dataSource.manager): Promise<StateMachine> {
    const machine = await this.liveEntityOrThrow(key, manager);
    return stateMachineOf(machine);
  }

  /** A live machine row with its latest version joined. */
  private async liveEntityOrThrow(
    key: StateMachineKey,
    manager = this.dataSource.manager,
  ): Promise<MachineWithLatest> {
    const machine = await this.repository.findLive(manager, key);
    if (!machine) throw stateMachineNotFound('id' in key ? key.id : key.name);
    return machine;
  }
}

function diagnosticsOf(definition: AcceptedDefinition | RefusedDefinition): readonly ErrorDetail[] {
  return definition.ok ? [] : definition.diagnostics;
}

/** Checks a create's input, reporting every problem at once. */
function checkedCreate(
  input: CreateStateMachineInput,
  definition: AcceptedDefinition | RefusedDefinition,
): {
  description: string | null;
  definition: AcceptedDefinition;
} {
  const description = input.description ?? null;
  const problems = [...nameProblems(input.name), ...descriptionProblems(description)];
  if (!definition.ok || problems.length > 0) {
    throw invalidStateMachine([...problems, ...diagnosticsOf(definition)]);
  }
  return { description, definition };
}

/** Checks an update's input (its definition checked already); refuses one that asks for nothing. */
function checkedUpdate(
  input: UpdateStateMachineInput,
  definition: AcceptedDefinition | RefusedDefinition | undefined,
): UpdateChanges {
  if (input.definition === undefined && input.description === undefined) {
    throw invalidStateMachine([{ path: 'input', message: 'give a definition, a description, or both' }]);
  }
  const description = input.description;
  const problems = description === undefined ? [] : descriptionProblems(description);
  if (definition?.ok === false || problems.length > 0) {
    throw invalidStateMachine([...problems, ...(definition ? diagnosticsOf(definition) : [])]);
  }
  return { definition: definition?.ok ? definition : undefined, description };
}
