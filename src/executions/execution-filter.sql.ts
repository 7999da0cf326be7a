import type { ExecutionFilter } from './execution-filter.js';
import { containmentJson } from './input-condition.js';

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
 * The conditions of an executions filter on `executions e`, added to `where` (a new clause by
 * default): the one translation of the filter to SQL, for lists and bulk actions alike. Each
 * condition is written so an index of migrations/1795321900000-ExecutionSearch.ts (or an older
 * one) can serve it; docs/design.md lists them with their cost.
 */
export function executionFilterSql(filter: ExecutionFilter, where = new WhereClause()): WhereClause {
  if (filter.stateMachineId !== undefined)
    where.add((id) => `e.state_machine_id = ${id}`, filter.stateMachineId);
  if (filter.version !== undefined) where.add((version) => `e.version = ${version}`, filter.version);
  if (filter.status !== undefined) where.add((status) => `e.status = ${status}`, filter.status);
  if (filter.startedAfter !== undefined) where.add((at) => `e.started_at > ${at}`, filter.startedAfter);
  if (filter.startedBefore !== undefined) where.add((at) => `e.started_at < ${at}`, filter.startedBefore);
  if (filter.namePrefix !== undefined)
    where.add((prefix) => `starts_with(e.name, ${prefix})`, filter.namePrefix);
  if (filter.errorName !== undefined) where.add((error) => `e.error = ${error}`, filter.errorName);
  if (filter.causePattern !== undefined)
    where.add((pattern) => `e.cause ILIKE ${pattern} ESCAPE '\\'`, filter.causePattern);
  if (filter.input !== undefined) {
    // Containment is what the GIN index answers; the equality at the path then drops the rows
    // where the path holds a larger object or array that merely contains the value.
    where.add(
      (contained, path, value) =>
        `e.input @> ${contained}::jsonb AND e.input #> ${path}::text[] = ${value}::jsonb`,
      containmentJson(filter.input),
      filter.input.path,
      filter.input.valueJson,
    );
  }
  if (filter.scheduleId !== undefined) where.add((id) => `e.trigger_schedule_id = ${id}`, filter.scheduleId);
  return where;
}
