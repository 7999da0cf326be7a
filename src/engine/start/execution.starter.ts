import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { initialRun, type Json } from '../../asl/index.js';
import type { ExecutionTrigger } from '../../common/execution-trigger.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { DefinitionCache } from '../transition/definition.cache.js';
import { insertExecutions, type StartedRecord } from '../transition/execution.repository.js';
import type { TransitionNotices } from '../transition/transition.notices.js';
import {
  beginExecutionTrace,
  executionRootSpan,
  executionTraceContext,
  inTraceContext,
  type ExecutionTraceStart,
} from '../transition/execution.trace.js';
import { GroupCommit } from './transaction.group-commit.js';
import { TransitionRunner, type LockedTransition } from '../transition/transition.runner.js';

/** One execution to start, its name decided: what the starter takes from a command or a nested start. */
export interface ExecutionStart {
  readonly stateMachineId: string;
  /** The latest version when absent. */
  readonly version?: number;
  readonly name: string;
  readonly input: Json;
  readonly parentExecutionId: string | null;
  /** `MANUAL` when absent. */
  readonly trigger?: ExecutionTrigger;
  /** The caller's last write in the start's transaction, once the execution is started or found. */
  readonly beforeCommit?: BeforeCommit;
  /** Its trace, decided where the start was asked for (see {@link withTrace}). */
  readonly trace?: ExecutionTraceStart;
}

/**
 * A write that must commit with a command's change to an execution, or not at all: the audit row
 * of the client's act that asked for it.
 */
export type BeforeCommit = (manager: EntityManager, executionId: string) => Promise<void>;

/** How one start went. */
export type StartOutcome =
  | { readonly kind: 'not-found'; readonly message: string }
  | {
      readonly kind: 'started';
      readonly executionId: string;
      /** False: an execution of that name existed already (idempotent start), nothing was run. */
      readonly created: boolean;
      /**
       * The execution as this start committed it (after its first step), or the existing one as
       * the start found it: the row the insert returned, so the caller needs no read of its own.
       */
      readonly record: StartedRecord;
      /** To publish once the caller's transaction commits. */
      readonly notices: readonly TransitionNotices[];
    };

/** Start transactions in flight at once; each holds a database connection. */
const START_TRANSACTIONS = 2;

/**
 * Creates executions: the row, its root run, and its first step, in one transaction, so that an
 * execution whose states never block (Pass, Choice, ...) has already finished when it commits, and
 * one that blocks has its first job enqueued. Starts that arrive together share a transaction
 * (group commit): their rows are inserted in one statement and their first steps written in one.
 */
@Injectable()
export class ExecutionStarter {
  private readonly group: GroupCommit<ExecutionStart, StartOutcome>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: TransitionRunner,
    private readonly definitions: DefinitionCache,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.group = new GroupCommit({
      maxInFlight: START_TRANSACTIONS,
      maxBatch: config.engine.batchSize,
      run: (requests) => this.dataSource.transaction((manager) => this.startAllWithin(manager, requests)),
    });
  }

  /**
   * Starts an execution in a transaction of its own, or shared with starts that arrived
   * meanwhile; resolves once it committed. The caller publishes the result's notices.
   */
  start(request: ExecutionStart): Promise<StartOutcome> {
    return this.group.submit(withTrace(request));
  }

  /** Starts an execution inside the caller's transaction (a nested start); the caller publishes after commit. */
  async startWithin(manager: EntityManager, request: ExecutionStart): Promise<StartOutcome> {
    const [result] = await this.startAllWithin(manager, [request]);
    return result as StartOutcome;
  }

  /**
   * Starts executions inside the caller's transaction; one result per request, in order. The
   * insert resolves versions itself; only a request it did not insert (a name that exists, a
   * machine or version that does not) costs a look-up, which tells the two apart.
   */
  async startAllWithin(manager: EntityManager, requests: readonly ExecutionStart[]): Promise<StartOutcome[]> {
    const inserted = await insertExecutions(manager, requests.map(withTrace));
    const results: StartOutcome[] = [];
    const transitions: LockedTransition[] = [];
    const noticesOf = new Map<string, TransitionNotices[]>();
    const notInserted = requests.filter((_, index) => !inserted[index]?.created);
    const versions = notInserted.length > 0 ? await this.resolveVersions(manager, notInserted) : undefined;
    for (const [index, request] of requests.entries()) {
      const outcome = inserted[index];
      if (!outcome?.created) {
        results[index] = await this.notCreated(manager, request, outcome?.existing, versions);
        continue;
      }
      const { execution } = outcome.locked;
      const loaded = await this.definitions.get(manager, execution.stateMachineId, execution.version);
      if (!loaded)
        throw new Error(`Execution ${execution.id} was inserted for a version that cannot be read`);
      const notices: TransitionNotices[] = [];
      noticesOf.set(execution.id, notices);
      transitions.push({
        locked: outcome.locked,
        work: async (t) => t.begin(initialRun(loaded.definition, execution.input)),
      });
      // The transition below updates `execution` in place: the record is as committed.
      results[index] = {
        kind: 'started',
        executionId: execution.id,
        created: true,
        record: { execution, stateMachineName: outcome.stateMachineName },
        notices,
      };
    }
    if (transitions.length === 0) return results;
    for (const notice of await this.runner.advanceLocked(manager, transitions)) {
      // A first step publishes for its own execution only; a notice for any other rides with the first start.
      (noticesOf.get(notice.executionId) ?? noticesOf.values().next().value)?.push(notice);
    }
    for (const [index, { beforeCommit }] of requests.entries()) {
      const result = results[index];
      if (beforeCommit && result?.kind === 'started') {
        // The act's audit row carries the execution's trace id.
        const traced = executionTraceContext(executionRootSpan(result.record.execution));
        await inTraceContext(traced, () => beforeCommit(manager, result.executionId));
      }
    }
    return results;
  }

  /**
   * A request the insert left out: why its machine or version cannot start, checked first (a
   * deleted machine is not found even where an execution of that name exists), or the execution
   * of that name it found.
   */
  private async notCreated(
    manager: EntityManager,
    request: ExecutionStart,
    found: StartedRecord | undefined,
    versions: ReadonlyMap<string, number> | undefined,
  ): Promise<StartOutcome> {
    const version = await this.loadVersion(manager, request, versions?.get(request.stateMachineId));
    if ('message' in version) return { kind: 'not-found', message: version.message };
    if (!found) throw new Error(`Execution ${request.name} conflicted on insert but cannot be read`);
    return existing(found);
  }

  /** The latest version of each machine of the requests; absent for a missing or deleted machine. */
  private async resolveVersions(
    manager: EntityManager,
    requests: readonly ExecutionStart[],
  ): Promise<Map<string, number>> {
    const rows = await manager.query<{ id: string; latest_version: number }[]>(
      'SELECT id, latest_version FROM state_machines WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL',
      [[...new Set(requests.map((request) => request.stateMachineId))]],
    );
    return new Map(rows.map((row) => [row.id, row.latest_version]));
  }

  /** The version a request runs, or why it cannot start. */
  private async loadVersion(
    manager: EntityManager,
    request: ExecutionStart,
    latest: number | undefined,
  ): Promise<{ readonly version: number } | { readonly message: string }> {
    if (latest === undefined) {
      const which = request.version === undefined ? '' : ` version ${request.version}`;
      return { message: `State machine ${request.stateMachineId}${which} not found` };
    }
    const version = request.version ?? latest;
    const loaded = await this.definitions.get(manager, request.stateMachineId, version);
    if (!loaded) return { message: `State machine ${request.stateMachineId} version ${version} not found` };
    return { version };
  }
}

/**
 * The request with its execution's trace, decided here: while the span that asked for the start
 * (a request's, a parent execution's) is still the active one, for the root span to link to. A
 * start that goes on to share a group commit runs elsewhere.
 */
function withTrace(request: ExecutionStart): ExecutionStart {
  if (request.trace) return request;
  const trace = beginExecutionTrace(request);
  return trace ? { ...request, trace } : request;
}

function existing(found: StartedRecord): StartOutcome {
  return { kind: 'started', executionId: found.execution.id, created: false, record: found, notices: [] };
}

/** A fresh execution name, when the caller gives none. */
export function generatedExecutionName(): string {
  return randomUUID();
}
