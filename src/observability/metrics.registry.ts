/**
 * Prometheus metrics (docs/design.md §5, `/metrics`), one registry per application instance so that tests
 * booting several apps in one process do not share counters. Counts are per process: a scraper
 * sums them across instances.
 */
import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { QueueService } from '../engine/queue/queue.service.js';
import type { ScheduleFireMetrics } from '../engine/schedules/schedule.metrics.js';
import type { FireOutcome } from '../engine/schedules/schedule.repository.js';
import type { HistoryRetentionMetrics, RetentionAct } from '../engine/retention/history-retention.reports.js';
import type { StuckAction, StuckExecutionMetrics } from '../engine/sweeper/stuck-execution.reports.js';
import type { TransitionNotices } from '../engine/transition/transition.notices.js';
import { BoundedLabel } from './bounded-label.js';
import { ERROR_SOURCES, type ErrorSource, type UnhandledErrorMetrics } from '../common/unhandled-errors.js';

const MS_PER_SECOND = 1000;

/**
 * Distinct state machine names a process gives the `machine` label; executions of later ones are
 * counted as `other`, so that users creating machines cannot grow the series without bound.
 */
export const MACHINE_LABEL_LIMIT = 50;

@Injectable()
export class MetricsRegistry
  implements ScheduleFireMetrics, StuckExecutionMetrics, HistoryRetentionMetrics, UnhandledErrorMetrics
{
  private readonly logger = new Logger(MetricsRegistry.name);
  readonly registry = new Registry();

  private readonly started = new Counter({
    name: 'stepgraph_executions_started_total',
    help: 'Executions started in transactions this process committed, by state machine',
    labelNames: ['machine'] as const,
    registers: [this.registry],
  });

  private readonly ended = new Counter({
    name: 'stepgraph_executions_ended_total',
    help: 'Executions that ended (or ended again after a redrive), by status and state machine, in transactions this process committed',
    labelNames: ['status', 'machine'] as const,
    registers: [this.registry],
  });

  private readonly events = new Counter({
    name: 'stepgraph_history_events_total',
    help: 'History events this process committed',
    registers: [this.registry],
  });

  private readonly scheduleFires = new Counter({
    name: 'stepgraph_schedule_fires_total',
    help: 'Schedule fires decided in transactions this process committed, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly scheduleFireLag = new Histogram({
    name: 'stepgraph_schedule_fire_lag_seconds',
    help: "From a schedule fire's time to the start of its execution, for executions this process started",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
    registers: [this.registry],
  });

  private readonly stuck = new Counter({
    name: 'stepgraph_stuck_executions_total',
    help: 'RUNNING executions that nothing kept alive, repaired or failed by sweeps this process committed',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });

  private readonly retainedExecutions = new Counter({
    name: 'stepgraph_history_retention_executions_total',
    help: 'Expired executions removed by history retention this process committed, by method (drop: whole weeks; delete: batches)',
    labelNames: ['method'] as const,
    registers: [this.registry],
  });

  private readonly retainedEvents = new Counter({
    name: 'stepgraph_history_retention_events_total',
    help: 'History events of the executions history retention removed, by method',
    labelNames: ['method'] as const,
    registers: [this.registry],
  });

  private readonly droppedPartitions = new Counter({
    name: 'stepgraph_history_retention_partitions_dropped_total',
    help: 'Weeks of history (their four partitions) history retention dropped',
    registers: [this.registry],
  });

  private readonly createdPartitions = new Counter({
    name: 'stepgraph_history_partitions_created_total',
    help: 'Weeks of history partitions made ahead by this process',
    registers: [this.registry],
  });

  private readonly retentionRuns = new Histogram({
    name: 'stepgraph_history_retention_run_seconds',
    help: 'Duration of the history retention runs of this process',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600],
    registers: [this.registry],
  });

  /** The `machine` label's values: see {@link MACHINE_LABEL_LIMIT}. */
  private readonly machines = new BoundedLabel(MACHINE_LABEL_LIMIT);

  private readonly transitions = new Histogram({
    name: 'stepgraph_transition_duration_seconds',
    help: 'Transitions this process committed (one execution moved on in one transaction), by state machine: from the locked execution through its steps and writes to the commit',
    labelNames: ['machine'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });

  private readonly statesEntered = new Counter({
    name: 'stepgraph_state_transitions_total',
    help: 'States entered in transitions this process committed, by state machine',
    labelNames: ['machine'] as const,
    registers: [this.registry],
  });

  constructor(queue: QueueService) {
    collectDefaultMetrics({ register: this.registry });
    const logger = this.logger;
    new Gauge({
      name: 'stepgraph_queue_jobs',
      help: "Jobs in each engine queue by state, as pg-boss's monitor last counted them",
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      // Read at scrape time; when the queue cannot answer, the gauge is left out, not the scrape.
      async collect() {
        this.reset();
        try {
          for (const { name, counts } of await queue.stats()) {
            for (const [state, count] of Object.entries(counts)) this.set({ queue: name, state }, count);
          }
        } catch (error) {
          logger.warn(`Queue statistics unavailable for /metrics: ${(error as Error).message}`);
        }
      },
    });
    new Gauge({
      name: 'stepgraph_queue_oldest_ready_job_age_seconds',
      help: 'How long the oldest job ready to run has waited in each engine queue (0 when none is ready), read at scrape time',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          for (const [name, seconds] of await queue.oldestReadyAges()) this.set({ queue: name }, seconds);
        } catch (error) {
          logger.warn(`Queue ages unavailable for /metrics: ${(error as Error).message}`);
        }
      },
    });
  }

  /**
   * Counts what one committed transition did, just after its commit: its latency, the states it
   * entered, the history events it recorded (from `seq` 1 when it started the execution) and the
   * status it ended the execution in, if it did.
   */
  transitionCommitted(
    change: Pick<TransitionNotices, 'stateMachineName' | 'events' | 'status' | 'statesEntered' | 'beganAt'>,
  ): void {
    const { events, status } = change;
    const machine = this.machines.of(change.stateMachineName);
    this.transitions.observe({ machine }, (performance.now() - change.beganAt) / MS_PER_SECOND);
    if (change.statesEntered > 0) this.statesEntered.inc({ machine }, change.statesEntered);
    if (events) {
      this.events.inc(events.toSeq - events.fromSeq + 1);
      if (events.fromSeq === 1) this.started.inc({ machine });
    }
    if (status !== undefined && status !== 'RUNNING') this.ended.inc({ status, machine });
  }

  firesDecided(outcome: FireOutcome, count: number): void {
    this.scheduleFires.inc({ outcome: outcome.toLowerCase() }, count);
  }

  fireStarted(lagMs: number): void {
    this.scheduleFireLag.observe(Math.max(lagMs, 0) / MS_PER_SECOND);
  }

  stuckExecutions(action: StuckAction, count: number): void {
    this.stuck.inc({ action }, count);
  }

  historyRetained(act: RetentionAct): void {
    this.retainedExecutions.inc({ method: act.method }, act.executions);
    this.retainedEvents.inc({ method: act.method }, act.events);
    if (act.method === 'drop') this.droppedPartitions.inc();
  }

  historyRetentionRun(seconds: number): void {
    this.retentionRuns.observe(seconds);
  }

  historyPartitionsCreated(count: number): void {
    this.createdPartitions.inc(count);
  }

  /** The exposition text, and its content type. */
  async scrape(): Promise<{ readonly contentType: string; readonly body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private readonly errors = withEverySource(
    new Counter({
      name: 'stepgraph_errors_total',
      help: 'Unhandled errors this process reported (logged, and sent to Sentry when configured), by where they surfaced',
      labelNames: ['source'] as const,
      registers: [this.registry],
    }),
  );

  unhandledError(source: ErrorSource): void {
    this.errors.inc({ source });
  }
}

/** `counter` with a series at 0 for each source: an alert on a rate needs the series before the first error. */
function withEverySource(counter: Counter<'source'>): Counter<'source'> {
  for (const source of ERROR_SOURCES) counter.inc({ source }, 0);
  return counter;
}
