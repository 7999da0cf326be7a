import type { ExecutionStatus } from './models/execution-status.enum.js';

/** The conditions of an executions filter; every one given narrows the set. */
export interface ExecutionFilterConditions {
  readonly stateMachineId?: string;
  readonly status?: ExecutionStatus;
  readonly startedAfter?: Date;
  readonly startedBefore?: Date;
  readonly namePrefix?: string;
  /** Only executions a fire of this schedule started. */
  readonly scheduleId?: string;
}

/** A WHERE clause built condition by condition, with numbered parameters. */
export class WhereClause {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  /** Adds a parameter and returns its placeholder (`$3`). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds a condition written around the placeholders of `values`. */
  add(condition: (...placeholders: string[]) => string, ...values: unknown[]): this {
    this.conditions.push(condition(...values.map((value) => this.param(value))));
    return this;
  }

  toString(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

/**
 * THE translation of an executions filter into SQL on `executions e`, for every reader of it (the
 * list, the bulk operations' count, sample and snapshot), so that they can never disagree on
 * which executions a filter matches. Add conditions to the returned clause for more.
 */
export function executionFilterSql(filter: ExecutionFilterConditions): WhereClause {
  const where = new WhereClause();
  if (filter.stateMachineId !== undefined)
    where.add((id) => `e.state_machine_id = ${id}`, filter.stateMachineId);
  if (filter.status !== undefined) where.add((status) => `e.status = ${status}`, filter.status);
  if (filter.startedAfter !== undefined) where.add((at) => `e.started_at > ${at}`, filter.startedAfter);
  if (filter.startedBefore !== undefined) where.add((at) => `e.started_at < ${at}`, filter.startedBefore);
  if (filter.namePrefix !== undefined)
    where.add((prefix) => `starts_with(e.name, ${prefix})`, filter.namePrefix);
  if (filter.scheduleId !== undefined) where.add((id) => `e.trigger_schedule_id = ${id}`, filter.scheduleId);
  return where;
}
