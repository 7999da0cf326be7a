/**
 * DBOS Transact, a peer: a workflow of ten `DBOS.runStep` steps, in this process, checkpointed in a
 * system database of its own on the bench's server (created here, dropped by `stop`). Its pool has
 * as many connections as Stepgraph's two (TypeORM's and pg-boss's), so the ratio compares designs
 * rather than settings. Workflows are called directly, as an application calls one, and awaited.
 */
import { DBOS } from '@dbos-inc/dbos-sdk';
import { closedLoop, percentiles, ResourceSampler, type ScenarioResult } from './bench.metrics.js';
import type { BenchDatabase } from './bench.database.js';

const POOL_SIZE = 20;

/** Where the running workflows report their steps; one measurement at a time. */
class StepClock {
  private readonly lastStepAt = new Map<number, number>();
  gaps: number[] = [];

  /** A step of `chain` begins: the time since its previous step began is a step-to-step gap. */
  step(chain: number): void {
    const now = performance.now();
    const previous = this.lastStepAt.get(chain);
    if (previous !== undefined) this.gaps.push(now - previous);
    this.lastStepAt.set(chain, now);
  }

  end(chain: number): void {
    this.lastStepAt.delete(chain);
  }
}

/** The DBOS workflow, launched and ready to run at any concurrency. */
export class DbosChain {
  private nextChain = 0;

  private constructor(
    private readonly run: (chain: number) => Promise<number>,
    private readonly clock: StepClock,
    private readonly steps: number,
    private readonly system: BenchDatabase,
  ) {}

  static async start(database: BenchDatabase, options: { steps: number }): Promise<DbosChain> {
    const system = await database.sibling('dbos');
    const clock = new StepClock();
    const steps = options.steps;
    // A chain of `steps` steps, each returning its input plus one: the work is the checkpoint.
    const run = DBOS.registerWorkflow(
      async (chain: number): Promise<number> => {
        let value = 0;
        for (let index = 1; index <= steps; index += 1) {
          value = await DBOS.runStep(
            () => {
              clock.step(chain);
              return Promise.resolve(value + 1);
            },
            { name: `step${index}` },
          );
        }
        clock.end(chain);
        return value;
      },
      { name: 'benchChain' },
    );
    DBOS.setConfig({
      name: 'stepgraph-bench',
      systemDatabaseUrl: system.url,
      systemDatabasePoolSize: POOL_SIZE,
      logLevel: 'error',
    });
    await DBOS.launch();
    return new DbosChain(run, clock, steps, system);
  }

  /** Runs `total` workflows, `concurrency` at a time. */
  async measure(
    database: BenchDatabase,
    plan: { readonly concurrency: number; readonly total: number },
  ): Promise<ScenarioResult> {
    this.clock.gaps = [];
    const durations: number[] = [];
    // A registered workflow called as a method takes its object for a DBOS ConfiguredInstance.
    const run = this.run;
    const sampler = new ResourceSampler(database.admin, this.system.name).start();
    const wallMs = await closedLoop({
      ...plan,
      runOne: async () => {
        const begin = performance.now();
        const result = await run(this.nextChain++);
        if (result !== this.steps) throw new Error(`a DBOS workflow returned ${result}, not ${this.steps}`);
        durations.push(performance.now() - begin);
      },
    });
    const resources = await sampler.stop();
    const seconds = wallMs / 1000;
    return {
      scenario: `DBOS ${this.steps}-step workflow`,
      system: 'dbos',
      workflow: 'task-chain',
      concurrency: plan.concurrency,
      executions: plan.total,
      transitionsPerSecond: (plan.total * this.steps) / seconds,
      executionsPerSecond: plan.total / seconds,
      stepGapMs: percentiles(this.clock.gaps),
      startToFinishMs: percentiles(durations),
      ...resources,
    };
  }

  async stop(): Promise<void> {
    await DBOS.shutdown({ deregister: true });
    await this.system.drop();
  }
}
