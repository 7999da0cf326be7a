/**
 * The runs of one execution within one transaction: an identity map that reads a run once, keeps
 * every change in memory and writes them back in one statement. Any query about several runs
 * first flushes, so the database it reads equals what the transaction sees; no other transaction
 * can change these rows meanwhile, because every writer holds the execution's lock.
 */
import type { EntityManager } from 'typeorm';
import { RUN_COLUMNS, runFromRow, runToRow, type RunRecord, type RunRow } from './run.record.js';
import { writeRuns, type HistoryOwner, type RunRows } from './transition.writer.js';

/** Waiting children read at once by {@link RunStore.pendingChildren}, beyond those asked for. */
const WAITING_READ_AHEAD = 64;

const forkKey = (parentRunId: string, fork: number) => `${parentRunId}:${fork}`;

export class RunStore {
  private readonly records = new Map<string, RunRecord>();
  private readonly created = new Set<string>();
  private readonly changed = new Set<string>();
  /**
   * Children waiting for their turn under MaxConcurrency, read ahead per parent fork: a Map whose
   * iterations end one after another in this transaction then starts the next ones without a
   * flush and a query each. `complete`: every waiting child of the fork was read.
   */
  private readonly waiting = new Map<string, { runs: RunRecord[]; complete: boolean }>();

  constructor(
    private readonly manager: EntityManager,
    private readonly execution: HistoryOwner,
  ) {}

  private get executionId(): string {
    return this.execution.id;
  }

  /** A run of this execution; throws when there is none (a job naming a run of another execution). */
  async get(runId: string): Promise<RunRecord> {
    const known = this.records.get(runId);
    if (known) return known;
    const [run] = await this.select('WHERE id = $2', [runId]);
    if (!run) throw new Error(`Run ${runId} does not belong to execution ${this.executionId}`);
    return run;
  }

  /** A run this transaction already holds, without a read. */
  known(runId: string): RunRecord | undefined {
    return this.records.get(runId);
  }

  /** The execution's root run. */
  async root(): Promise<RunRecord> {
    const [run] = await this.select('WHERE parent_run_id IS NULL', []);
    if (!run) throw new Error(`Execution ${this.executionId} has no root run`);
    return run;
  }

  /** Holds a run read elsewhere in this transaction (beside its task); one already held wins. */
  adopt(row: RunRow): RunRecord {
    const known = this.records.get(row.id);
    if (known) return known;
    const run = runFromRow(row);
    this.records.set(run.id, run);
    return run;
  }

  /** Adds a run created in this transaction. */
  create(run: RunRecord): void {
    this.records.set(run.id, run);
    this.created.add(run.id);
    this.forgetWaiting(run);
  }

  /** Records that `run` changed: bumps its fence, so jobs scheduled before now become stale. */
  touch(run: RunRecord): void {
    run.fence += 1;
    if (!this.created.has(run.id)) this.changed.add(run.id);
    this.forgetWaiting(run);
  }

  /** Open (running or pending) children of the parent's latest fan-out, in child order. */
  async openChildren(parent: RunRecord): Promise<RunRecord[]> {
    const rows = await this.select(
      "WHERE parent_run_id = $2 AND fork = $3 AND status IN ('PENDING', 'RUNNING') ORDER BY child_index",
      [parent.id, parent.currentFork],
    );
    return rows.filter((run) => run.status === 'PENDING' || run.status === 'RUNNING');
  }

  /** Up to `limit` children of the parent's latest fan-out that wait for their turn, in child order. */
  async pendingChildren(parent: RunRecord, limit: number): Promise<RunRecord[]> {
    const key = forkKey(parent.id, parent.currentFork);
    let known = this.waiting.get(key);
    let pending = known?.runs.filter((run) => run.status === 'PENDING') ?? [];
    if (!known || (pending.length < limit && !known.complete)) {
      const readAhead = Math.max(limit, WAITING_READ_AHEAD);
      pending = await this.select(
        "WHERE parent_run_id = $2 AND fork = $3 AND status = 'PENDING' ORDER BY child_index LIMIT $4",
        [parent.id, parent.currentFork, readAhead],
      );
      known = { runs: pending, complete: pending.length < readAhead };
      this.waiting.set(key, known);
    }
    known.runs = pending;
    return pending.slice(0, limit);
  }

  /** Running runs a resume steps again: those with a wake-up (held or armed) or a held result. */
  held(): Promise<RunRecord[]> {
    return this.select(
      "WHERE status = 'RUNNING' AND (wake_at IS NOT NULL OR pending_outcome IS NOT NULL) ORDER BY wake_at NULLS FIRST, id",
      [],
    );
  }

  /** Every child of the parent's latest fan-out, in child order. */
  forkChildren(parent: RunRecord): Promise<RunRecord[]> {
    return this.select('WHERE parent_run_id = $2 AND fork = $3 ORDER BY child_index', [
      parent.id,
      parent.currentFork,
    ]);
  }

  /** The child of the parent's latest fan-out that failed, if one did. */
  async failedChild(parent: RunRecord): Promise<RunRecord | undefined> {
    const [child] = await this.select(
      "WHERE parent_run_id = $2 AND fork = $3 AND status = 'FAILED' LIMIT 1",
      [parent.id, parent.currentFork],
    );
    return child;
  }

  /**
   * A run that went (back) to PENDING, or a new one, may belong among the waiting children read
   * ahead for its parent's fork: forget them, to be read again (after a flush) when next needed.
   */
  private forgetWaiting(run: RunRecord): void {
    if (run.status === 'PENDING' && run.parentRunId !== null && run.fork !== null) {
      this.waiting.delete(forkKey(run.parentRunId, run.fork));
    }
  }

  /** Takes the rows of every change not yet written (for the transition's final write). */
  pending(): RunRows {
    const rows = {
      created: [...this.created].map((id) => runToRow(this.records.get(id) as RunRecord)),
      changed: [...this.changed].map((id) => runToRow(this.records.get(id) as RunRecord)),
    };
    this.created.clear();
    this.changed.clear();
    return rows;
  }

  /** Writes every change back, in one statement. */
  async flush(): Promise<void> {
    await writeRuns(this.manager, this.execution, this.pending());
  }

  /** Flushes, then reads runs of this execution; a run already held keeps its in-memory identity. */
  private async select(condition: string, parameters: unknown[]): Promise<RunRecord[]> {
    await this.flush();
    // The partition key too, so that the read looks in the execution's partition only; it comes
    // after the condition's own parameters ($2…), which keep their numbers.
    const day = `$${parameters.length + 2}::int`;
    const rows = await this.manager.query<RunRow[]>(
      `SELECT ${RUN_COLUMNS} FROM runs ${condition.replace(/^WHERE/, `WHERE execution_id = $1 AND history_day = ${day} AND`)}`,
      [this.executionId, ...parameters, this.execution.historyDay],
    );
    return rows.map((row) => this.adopt(row));
  }
}
