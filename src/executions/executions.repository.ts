import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Json } from '../asl/json.js';
import { epochMsToDateTimeString } from '../common/date-time.js';
import type { ExecutionTrigger } from '../common/execution-trigger.js';
import {
  executionColumns,
  executionRecordOf,
  type ExecutionRecord,
  type ExecutionRow,
} from '../engine/transition/execution.repository.js';
import type { EventFilter } from './event-filter.js';
import type { ExecutionFilter } from './execution-filter.js';
import { executionFilterSql } from './execution-filter.sql.js';
import type { ExecutionEvent } from './models/execution-event.model.js';
import type { ExecutionStatus } from './models/execution-status.enum.js';
import type { Execution } from './models/execution.model.js';
import type { ExecutionTriggerInfo } from './models/execution-trigger.model.js';

/** Where the previous page of executions ended: its last execution's start and id. */
export interface ExecutionKeyset {
  readonly startedAt: string;
  readonly id: string;
}

export interface ExecutionPageQuery {
  readonly filter: ExecutionFilter;
  readonly after?: ExecutionKeyset;
  /** Rows to fetch: the page size plus one, to learn whether another page follows. */
  readonly limit: number;
}

export interface EventPageQuery {
  /**
   * Only events past this seq (the previous page's last): a greater seq, or with `descending` a
   * smaller one (0: from the newest).
   */
  readonly afterSeq: number;
  readonly limit: number;
  /** Newest first (AWS's `reverseOrder`). */
  readonly descending?: boolean;
}

export interface Page<TNode> {
  readonly rows: TNode[];
  readonly totalCount: number;
}

/**
 * An instant as ISO-8601 text with the database's microseconds, in UTC. Keyset cursors need the
 * full precision: a millisecond `Date` would skip or repeat executions started in the same ms.
 */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const EXECUTION_COLUMNS = `${executionColumns('e')}, m.name AS state_machine_name`;

type ExecutionWithMachineRow = ExecutionRow & { state_machine_name: string };

interface EventRow {
  seq: number;
  type: string;
  timestamp: string;
  state_name: string | null;
  previous_event_id: number | null;
  details: Json;
}

const dateTimeOrNull = (epochMs: number | null) =>
  epochMs === null ? null : epochMsToDateTimeString(epochMs);

/** The API's view of an execution, from the engine's one mapper of the row. */
function executionOf(row: ExecutionWithMachineRow): Execution {
  return executionView(executionRecordOf(row), row.state_machine_name);
}

/** The API's view of an execution the engine holds (read, or just started). */
export function executionView(record: ExecutionRecord, stateMachineName: string): Execution {
  return {
    id: record.id,
    name: record.name,
    status: record.status,
    input: record.input,
    output: record.output ?? null,
    error: record.error,
    cause: record.cause,
    startedAt: epochMsToDateTimeString(record.startedAtMs),
    stoppedAt: dateTimeOrNull(record.stoppedAtMs),
    stateMachine: { id: record.stateMachineId, name: stateMachineName },
    version: record.version,
    redriveCount: record.redriveCount,
    redrivenAt: dateTimeOrNull(record.redrivenAtMs),
    parentExecutionId: record.parentExecutionId,
    trigger: triggerView(record.trigger),
    paused: record.pausedAtMs !== null,
    pausedAt: dateTimeOrNull(record.pausedAtMs),
    pausedBy: record.pausedBy,
  };
}

function triggerView(trigger: ExecutionTrigger): ExecutionTriggerInfo {
  return {
    kind: trigger.kind,
    scheduleId: trigger.kind === 'SCHEDULE' ? trigger.scheduleId : null,
    webhookId: trigger.kind === 'WEBHOOK' ? trigger.webhookId : null,
    scheduledTime: trigger.kind === 'SCHEDULE' ? epochMsToDateTimeString(trigger.scheduledTimeMs) : null,
  };
}

function eventOf(row: EventRow): ExecutionEvent {
  return {
    seq: row.seq,
    type: row.type,
    timestamp: row.timestamp,
    stateName: row.state_name,
    previousEventId: row.previous_event_id,
    details: row.details,
  };
}

/**
 * Read queries of executions and their histories. The engine owns these tables and writes them;
 * this side only reads, outside any transaction: every row it returns was committed.
 */
@Injectable()
export class ExecutionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(id: string): Promise<Execution | null> {
    const rows: ExecutionWithMachineRow[] = await this.dataSource.query(
      `SELECT ${EXECUTION_COLUMNS}
         FROM executions e JOIN state_machines m ON m.id = e.state_machine_id
        WHERE e.id = $1`,
      [id],
    );
    return rows[0] ? executionOf(rows[0]) : null;
  }

  /**
   * The execution of this name of the state machine of this name (deleted or not), if any: found
   * through `execution_names`, the one index of names across the history's weekly partitions.
   */
  async findByName(stateMachineName: string, executionName: string): Promise<Execution | null> {
    const rows: ExecutionWithMachineRow[] = await this.dataSource.query(
      `SELECT ${EXECUTION_COLUMNS}
         FROM state_machines m
         JOIN execution_names n ON n.state_machine_id = m.id
         JOIN executions e ON e.id = n.execution_id AND e.history_day = n.history_day
        WHERE m.name = $1 AND n.name = $2
        ORDER BY m.deleted_at IS NULL DESC, e.started_at DESC
        LIMIT 1`,
      [stateMachineName, executionName],
    );
    return rows[0] ? executionOf(rows[0]) : null;
  }

  /** The executions with these ids that exist, in no particular order. */
  async findByIds(ids: readonly string[]): Promise<Execution[]> {
    const rows: ExecutionWithMachineRow[] = await this.dataSource.query(
      `SELECT ${EXECUTION_COLUMNS}
         FROM executions e JOIN state_machines m ON m.id = e.state_machine_id
        WHERE e.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(executionOf);
  }

  /**
   * A page of executions, newest first, and how many match in all. The machine, status and error
   * filters have an index whose order is the keyset's, `(…, started_at DESC, id DESC)`: a page is an
   * index range scan. The input condition and cause text are answered by GIN indexes (a bitmap of the
   * matches, then sorted); see executionFilterSql.
   */
  async findPage(query: ExecutionPageQuery): Promise<Page<Execution>> {
    const where = executionFilterSql(query.filter);
    const [{ count }] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM executions e ${where}`,
      where.params,
    )) as [{ count: number }];
    return { rows: await this.findRows(query), totalCount: count };
  }

  /** The executions of {@link findPage} without the count: for reads that need no total. */
  async findRows(query: ExecutionPageQuery): Promise<Execution[]> {
    const where = executionFilterSql(query.filter);
    if (query.after) {
      where.add(
        (startedAt, id) => `(e.started_at, e.id) < (${startedAt}::timestamptz, ${id}::uuid)`,
        query.after.startedAt,
        query.after.id,
      );
    }
    const limit = where.param(query.limit);
    const rows: ExecutionWithMachineRow[] = await this.dataSource.query(
      `SELECT ${EXECUTION_COLUMNS}
         FROM executions e JOIN state_machines m ON m.id = e.state_machine_id
         ${where}
        ORDER BY e.started_at DESC, e.id DESC
        LIMIT ${limit}`,
      where.params,
    );
    return rows.map(executionOf);
  }

  /**
   * A page of an execution's history in seq order (or newest first), narrowed by `filter`, and how many events the
   * narrowed history holds (wherever the page starts). The page is a range read of the primary key
   * (execution_id, seq); types and search are checked on the rows of that one execution: a search
   * scans its events (details as JSON text), which a history's size bounds, so it has no index.
   */
  async findEvents(
    executionId: string,
    query: EventPageQuery,
    filter: EventFilter = {},
  ): Promise<Page<ExecutionEvent>> {
    const params: unknown[] = [executionId];
    const conditions = ['execution_id = $1'];
    if (filter.types) {
      params.push(filter.types);
      conditions.push(`type = ANY($${params.length}::text[])`);
    }
    if (filter.pattern !== undefined) {
      params.push(filter.pattern);
      const p = `$${params.length}`;
      // Payloads in details are JSON texts (AWS's shape), stored with their quotes escaped: read
      // as JSON, so that `"id":7` finds an output of {"id":7}.
      conditions.push(
        `(replace(details::text, '\\"', '"') ILIKE ${p} ESCAPE '\\' OR state_name ILIKE ${p} ESCAPE '\\')`,
      );
    }
    const where = conditions.join(' AND ');
    const [{ count }] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM execution_events WHERE ${where}`,
      params,
    )) as [{ count: number }];
    const pageParams = [...params];
    const pageConditions = [...conditions];
    if (query.descending !== true || query.afterSeq > 0) {
      pageParams.push(query.afterSeq);
      pageConditions.push(`seq ${query.descending === true ? '<' : '>'} $${pageParams.length}`);
    }
    pageParams.push(query.limit);
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT seq, type, ${iso('timestamp')} AS timestamp, state_name, previous_event_id, details
         FROM execution_events
        WHERE ${pageConditions.join(' AND ')}
        ORDER BY seq ${query.descending === true ? 'DESC' : 'ASC'}
        LIMIT $${pageParams.length}`,
      pageParams,
    );
    return { rows: rows.map(eventOf), totalCount: count };
  }

  /**
   * Events after `afterSeq` in seq order, without the count: the hot read of live subscriptions,
   * one primary-key range scan.
   */
  async findEventsAfter(executionId: string, query: EventPageQuery): Promise<ExecutionEvent[]> {
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT seq, type, ${iso('timestamp')} AS timestamp, state_name, previous_event_id, details
         FROM execution_events
        WHERE execution_id = $1 AND seq > $2
        ORDER BY seq
        LIMIT $3`,
      [executionId, query.afterSeq, query.limit],
    );
    return rows.map(eventOf);
  }

  /**
   * How many executions each of these state machines has, by status, in one grouped count: an
   * index-only scan of `executions_state_machine_status_idx`. Statuses without executions are absent.
   */
  async countByStatus(
    stateMachineIds: readonly string[],
  ): Promise<{ stateMachineId: string; status: ExecutionStatus; count: number }[]> {
    const rows: { state_machine_id: string; status: ExecutionStatus; count: number }[] =
      await this.dataSource.query(
        `SELECT state_machine_id, status, count(*)::int AS count
           FROM executions
          WHERE state_machine_id = ANY($1::uuid[])
          GROUP BY state_machine_id, status`,
        [stateMachineIds],
      );
    return rows.map((row) => ({
      stateMachineId: row.state_machine_id,
      status: row.status,
      count: row.count,
    }));
  }

  /** The id of the live (not deleted) state machine with this id or name, if there is one. */
  async findLiveStateMachineId(
    key: { readonly id: string } | { readonly name: string },
  ): Promise<string | null> {
    const [column, value] = 'id' in key ? ['id', key.id] : ['name', key.name];
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM state_machines WHERE ${column} = $1 AND deleted_at IS NULL`,
      [value],
    );
    return rows[0]?.id ?? null;
  }
}
