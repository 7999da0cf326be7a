import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { AuditedAct } from '../audit/audited-act.js';
import { AppError } from '../common/app-error.js';
import { isDateTimeString } from '../common/date-time.js';
import { isUuid } from '../common/identifiers.js';
import type { Principal } from '../identity/principal.js';
import { principalLabel } from '../identity/principal.label.js';
import { ExecutionCommands } from '../engine/start/execution.commands.js';
import { connectionFromRows, type ConnectionPage } from '../pagination/connection.page.js';
import { decodeCursor, encodeCursor } from '../pagination/cursor.codec.js';
import { parseJsonPayload } from './execution.payload.js';
import { describeStateMachine, type StateMachineRef } from './execution.references.js';
import { eventFilterOf, type EventFilterRequest } from './event-filter.js';
import { executionFilterOf, type ExecutionFilterRequest } from './execution-filter.js';
import { ExecutionsRepository, executionView, type ExecutionKeyset } from './executions.repository.js';
import type { ExecutionEvent } from './models/execution-event.model.js';
import type { ExecutionStatusCount } from './models/execution-status-count.model.js';
import { ExecutionStatus } from './models/execution-status.enum.js';
import type { Execution } from './models/execution.model.js';

/** A start as a transport passes it on: the machine by id or name, the input as sent. */
export interface StartExecutionRequest {
  readonly stateMachine: StateMachineRef;
  /** Any JSON value, or JSON text (see parseJsonPayload); left out: `{}`. */
  readonly input?: unknown;
  readonly name?: string | null;
  readonly version?: number | null;
}

/** The execution a start created or found. */
export interface StartedExecution {
  readonly execution: Execution;
  /** False when an execution of that name already existed and is returned as it is. */
  readonly created: boolean;
}

export interface PageRequest {
  readonly first: number;
  readonly after?: string | null;
}

export interface ExecutionsRequest extends PageRequest {
  readonly filter?: ExecutionFilterRequest | null;
}

export interface EventsRequest extends PageRequest, EventFilterRequest {
  /** Only events with a greater seq. */
  readonly afterSeq?: number | null;
  /** Newest event first (AWS's `reverseOrder`); `afterSeq` does not apply. */
  readonly reverseOrder?: boolean | null;
}

export interface StopRequest {
  readonly error?: string | null;
  readonly cause?: string | null;
}

const EXECUTION_KEYSET = { startedAt: 'string', id: 'string' } as const;
const EVENT_KEYSET = { seq: 'number' } as const;

/** A cursor that decodes but holds values we never issue (tampered): refused like garbage. */
function invalidCursor(): AppError {
  return AppError.badUserInput('Invalid cursor', {
    details: [{ path: 'after', message: 'pass a cursor or pageInfo.endCursor returned by a previous page' }],
  });
}

function executionKeysetOf(cursor: string): ExecutionKeyset {
  const keyset = decodeCursor(cursor, EXECUTION_KEYSET);
  if (!isDateTimeString(keyset.startedAt) || !isUuid(keyset.id)) throw invalidCursor();
  return keyset;
}

function afterSeqOf(cursor: string): number {
  const { seq } = decodeCursor(cursor, EVENT_KEYSET);
  if (!Number.isSafeInteger(seq) || seq < 0) throw invalidCursor();
  return seq;
}

/** Also for an id that is not a UUID: no execution could have it. */
function executionNotFound(id: string): AppError {
  return AppError.notFound(`Execution ${id} not found`);
}

const undefinedIfNull = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/**
 * Executions for both transports: starts, stops and redrives go to the engine's commands, reads
 * to the read repository. Every input is checked before anything is written.
 */
@Injectable()
export class ExecutionsService {
  constructor(
    private readonly repository: ExecutionsRepository,
    private readonly commands: ExecutionCommands,
    private readonly audit: AuditService,
  ) {}

  /**
   * Starts an execution, or returns the existing one when the machine already has an execution
   * of that name (idempotent start). `act` is recorded in the start's transaction.
   */
  async start(request: StartExecutionRequest, act?: AuditedAct): Promise<StartedExecution> {
    const input = parseJsonPayload(request.input, 'input', {});
    // By id, the engine's start finds the live machine itself (NOT_FOUND otherwise) in its own
    // transaction: a lookup here would be one more round trip for every start.
    const stateMachineId =
      'id' in request.stateMachine
        ? request.stateMachine.id
        : await this.repository.findLiveStateMachineId(request.stateMachine);
    if (stateMachineId === null)
      throw AppError.notFound(`${describeStateMachine(request.stateMachine)} not found`);
    const started = await this.commands.start({
      stateMachineId,
      version: undefinedIfNull(request.version),
      name: undefinedIfNull(request.name),
      input,
      beforeCommit: (manager, id) => this.audit.recordAct(manager, act, [stateMachineId, id]),
    });
    return {
      execution: executionView(started.execution, started.stateMachineName),
      created: started.created,
    };
  }

  /** The execution with this id; NOT_FOUND if there is none. */
  async get(id: string): Promise<Execution> {
    const execution = isUuid(id) ? await this.repository.findById(id) : null;
    if (execution === null) throw executionNotFound(id);
    return execution;
  }

  /** The execution of this name of the state machine of this name; NOT_FOUND if there is none. */
  async getByName(stateMachineName: string, executionName: string): Promise<Execution> {
    const execution = await this.repository.findByName(stateMachineName, executionName);
    if (execution === null) throw executionNotFound(`${stateMachineName}:${executionName}`);
    return execution;
  }

  /**
   * For each state machine id, in order, how many of its executions have each status: every
   * status, zeros included, in one query for all the ids.
   */
  async countsByStatus(stateMachineIds: readonly string[]): Promise<ExecutionStatusCount[][]> {
    const ids = stateMachineIds.filter(isUuid);
    const rows = ids.length > 0 ? await this.repository.countByStatus(ids) : [];
    const counted = new Map(rows.map((row) => [`${row.stateMachineId}:${row.status}`, row.count]));
    return stateMachineIds.map((id) =>
      Object.values(ExecutionStatus).map((status) => ({
        status,
        count: counted.get(`${id}:${status}`) ?? 0,
      })),
    );
  }

  /**
   * {@link countsByStatus} of one live state machine, by id or by name (a UUID is an id: see
   * stateMachineRefOf); NOT_FOUND if there is none.
   */
  async countsOf(stateMachine: StateMachineRef): Promise<ExecutionStatusCount[]> {
    const id = await this.repository.findLiveStateMachineId(stateMachine);
    if (id === null) throw AppError.notFound(`${describeStateMachine(stateMachine)} not found`);
    const [counts] = await this.countsByStatus([id]);
    return counts!;
  }

  /** A page of executions, newest first. */
  async list(request: ExecutionsRequest): Promise<ConnectionPage<Execution>> {
    const { rows, totalCount } = await this.repository.findPage({
      filter: executionFilterOf(request.filter),
      after: request.after ? executionKeysetOf(request.after) : undefined,
      limit: request.first + 1,
    });
    return connectionFromRows({
      rows,
      first: request.first,
      totalCount,
      cursorOf: (execution) => encodeCursor({ startedAt: execution.startedAt, id: execution.id }),
    });
  }

  /**
   * A page of the history of an execution known to exist, oldest event first (newest with
   * `reverseOrder`), narrowed by the
   * request's types and search and starting after its cursor or its `afterSeq`, whichever is later.
   */
  async events(executionId: string, request: EventsRequest): Promise<ConnectionPage<ExecutionEvent>> {
    const filter = eventFilterOf(request);
    const after = request.after ? afterSeqOf(request.after) : 0;
    const descending = request.reverseOrder === true;
    const { rows, totalCount } = await this.repository.findEvents(
      executionId,
      {
        afterSeq: descending ? after : Math.max(after, request.afterSeq ?? 0),
        limit: request.first + 1,
        descending,
      },
      filter,
    );
    return connectionFromRows({
      rows,
      first: request.first,
      totalCount,
      cursorOf: (event) => encodeCursor({ seq: event.seq }),
    });
  }

  /** A page of the history of an execution; NOT_FOUND if there is no such execution. */
  async history(executionId: string, request: EventsRequest): Promise<ConnectionPage<ExecutionEvent>> {
    await this.get(executionId);
    return this.events(executionId, request);
  }

  /** Stops a RUNNING execution (CONFLICT otherwise) and returns it ABORTED; `act` is recorded with it. */
  async stop(id: string, request: StopRequest = {}, act?: AuditedAct): Promise<Execution> {
    if (!isUuid(id)) throw executionNotFound(id);
    await this.commands.stop(
      id,
      { error: undefinedIfNull(request.error), cause: undefinedIfNull(request.cause) },
      (manager) => this.audit.recordAct(manager, act, [id]),
    );
    return this.get(id);
  }

  /**
   * Pauses a RUNNING execution (CONFLICT once it ended; already paused: unchanged) and returns it,
   * still RUNNING and `paused`; `act` is recorded with it.
   */
  async pause(id: string, principal: Principal | undefined, act?: AuditedAct): Promise<Execution> {
    if (!isUuid(id)) throw executionNotFound(id);
    await this.commands.pause(id, principalLabel(principal), (manager) =>
      this.audit.recordAct(manager, act, [id]),
    );
    return this.get(id);
  }

  /** Resumes a paused execution where it was (CONFLICT once it ended; not paused: unchanged). */
  async resume(id: string, act?: AuditedAct): Promise<Execution> {
    if (!isUuid(id)) throw executionNotFound(id);
    await this.commands.resume(id, (manager) => this.audit.recordAct(manager, act, [id]));
    return this.get(id);
  }

  /**
   * Redrives a FAILED, TIMED_OUT or ABORTED execution (CONFLICT otherwise) and returns it RUNNING;
   * `act` is recorded with it.
   */
  async redrive(id: string, act?: AuditedAct): Promise<Execution> {
    if (!isUuid(id)) throw executionNotFound(id);
    await this.commands.redrive(id, (manager) => this.audit.recordAct(manager, act, [id]));
    return this.get(id);
  }
}
