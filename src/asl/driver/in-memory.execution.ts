/**
 * One in-memory execution: the tree of runs, the agenda of outcomes, the virtual clock and the
 * history, advanced by `step` until the root run ends or the execution times out.
 */
import type { ExecutionContext } from '../context-object.js';
import type { StateMachineDefinition } from '../definition.js';
import type { HistoryEvent } from '../events.js';
import type { Json } from '../json.js';
import { abortRun, initialRun, type AbortReason } from '../step/run-lifecycle.js';
import { step } from '../step/step.js';
import type { Effect, RunState, StepEnv, StepResult, TaskRequest } from '../step/step.types.js';
import { assertNever } from '../states/state.js';
import { Agenda } from './in-memory.agenda.js';
import type { InMemoryResult } from './in-memory.js';
import { performTask, type TaskHandler } from './in-memory.tasks.js';

/** Resolved options. */
export interface ExecutionSettings {
  readonly tasks: Readonly<Record<string, TaskHandler>>;
  readonly clock: number;
  readonly random: () => number;
  readonly executionName: string;
  readonly stateMachineName: string;
  readonly maxInlineTransitions: number;
  readonly maxExecutionTransitions: number;
  readonly budget?: StepEnv['budget'];
  readonly offloadJsonata?: StepEnv['offloadJsonata'];
}

/** Children a run forked and waits for. */
interface ChildGroup {
  readonly ids: number[];
  readonly outputs: Json[];
  readonly pending: number[];
  readonly active: Set<number>;
  readonly maxConcurrency: number;
  done: number;
}

interface RunNode {
  run: RunState | null;
  readonly parent?: number;
  readonly index: number;
  started: boolean;
  ended: boolean;
  children?: ChildGroup;
}

const ROOT = 0;
const MS_PER_SECOND = 1000;

export class InMemoryExecution {
  private readonly events: HistoryEvent[] = [];
  private readonly agenda = new Agenda();
  private readonly nodes = new Map<number, RunNode>();
  private readonly context: ExecutionContext;
  private clock: number;
  private transitions = 0;
  private tokens = 0;
  private result?: InMemoryResult;

  constructor(
    private readonly definition: StateMachineDefinition,
    input: Json,
    private readonly settings: ExecutionSettings,
  ) {
    this.clock = settings.clock;
    const stateMachineArn = `arn:aws:states:local:000000000000:stateMachine:${settings.stateMachineName}`;
    this.context = {
      Execution: {
        Id: `arn:aws:states:local:000000000000:execution:${settings.stateMachineName}:${settings.executionName}`,
        Name: settings.executionName,
        Input: input,
        StartTime: new Date(settings.clock).toISOString(),
        RedriveCount: 0,
      },
      StateMachine: { Id: stateMachineArn, Name: settings.stateMachineName },
    };
    this.nodes.set(ROOT, { run: initialRun(definition, input), index: 0, started: false, ended: false });
  }

  /** Runs the execution to its end. */
  async run(): Promise<InMemoryResult> {
    this.agenda.add({ at: this.clock, runId: ROOT, outcome: { kind: 'start' } });
    const deadline =
      this.definition.TimeoutSeconds === undefined
        ? Infinity
        : this.clock + this.definition.TimeoutSeconds * MS_PER_SECOND;
    while (!this.result) {
      const entry = this.agenda.next();
      // Every waiting run has an entry on the agenda; an empty one would mean a driver bug.
      if (!entry)
        return this.finish({
          status: 'FAILED',
          error: 'States.Runtime',
          cause: 'The execution has nothing left to do.',
        });
      if (entry.at > deadline) {
        this.clock = deadline;
        this.abortTree(ROOT, { kind: 'timed-out', error: 'States.Timeout' });
        return this.finish({ status: 'TIMED_OUT', error: 'States.Timeout' });
      }
      this.clock = Math.max(this.clock, entry.at);
      const node = this.nodes.get(entry.runId) as RunNode;
      if (node.ended || !node.run) continue;
      node.started = true;
      const result = await step(this.definition, node.run, entry.outcome, this.env());
      this.record(result);
      node.run = result.run;
      await this.carryOut(entry.runId, node, result.effect);
    }
    return this.result;
  }

  private env(): StepEnv {
    return {
      now: this.clock,
      random: this.settings.random,
      newTaskToken: () => `token-${++this.tokens}`,
      nextEventId: this.events.length + 1,
      context: this.context,
      maxInlineTransitions: this.settings.maxInlineTransitions,
      executionTransitions: this.transitions,
      maxExecutionTransitions: this.settings.maxExecutionTransitions,
      ...(this.settings.budget ? { budget: this.settings.budget } : {}),
      ...(this.settings.offloadJsonata ? { offloadJsonata: this.settings.offloadJsonata } : {}),
    };
  }

  private record(result: Pick<StepResult, 'events' | 'transitions'>): void {
    this.events.push(...result.events);
    this.transitions += result.transitions;
  }

  private finish(result: Omit<InMemoryResult, 'events'>): InMemoryResult {
    this.result = { ...result, events: this.events };
    return this.result;
  }

  private async carryOut(runId: number, node: RunNode, effect: Effect): Promise<void> {
    switch (effect.kind) {
      case 'run-task': {
        const { outcome, delayMs } = await performTask(
          effect.task,
          this.settings.tasks,
          this.earlierAttempts(effect.task),
        );
        this.agenda.add({ at: this.clock + delayMs, runId, outcome });
        return;
      }
      case 'start-timer':
        this.agenda.add({ at: effect.dueAt, runId, outcome: { kind: 'timer-fired' } });
        return;
      case 'continue':
        this.agenda.add({ at: this.clock, runId, outcome: { kind: 'continue' } });
        return;
      case 'fork':
        this.fork(runId, node, effect.children, effect.maxConcurrency);
        return;
      case 'none':
        return;
      case 'run-succeeded':
      case 'run-failed':
        node.ended = true;
        this.runEnded(runId, node, effect);
        return;
      default:
        assertNever(effect);
    }
  }

  private fork(runId: number, node: RunNode, children: readonly RunState[], maxConcurrency: number): void {
    const ids = children.map((child, index) => {
      const id = this.nodes.size;
      this.nodes.set(id, { run: child, parent: runId, index, started: false, ended: false });
      return id;
    });
    node.children = { ids, outputs: [], pending: [...ids], active: new Set(), maxConcurrency, done: 0 };
    this.startChildren(node.children);
  }

  private startChildren(group: ChildGroup): void {
    const limit = group.maxConcurrency > 0 ? group.maxConcurrency : Infinity;
    while (group.active.size < limit && group.pending.length > 0) {
      const id = group.pending.shift() as number;
      group.active.add(id);
      this.agenda.add({ at: this.clock, runId: id, outcome: { kind: 'start' } });
    }
  }

  private runEnded(
    runId: number,
    node: RunNode,
    effect: Extract<Effect, { kind: 'run-succeeded' | 'run-failed' }>,
  ): void {
    if (node.parent === undefined) {
      if (effect.kind === 'run-succeeded') this.finish({ status: 'SUCCEEDED', output: effect.output });
      else this.finish({ status: 'FAILED', error: effect.error, cause: effect.cause });
      return;
    }
    const parent = this.nodes.get(node.parent) as RunNode;
    const group = parent.children as ChildGroup;
    group.active.delete(runId);
    if (effect.kind === 'run-failed') {
      for (const sibling of [...group.active]) this.abortTree(sibling, { kind: 'aborted' });
      group.pending.length = 0;
      this.agenda.add({
        at: this.clock,
        runId: node.parent,
        outcome: { kind: 'child-failed', error: effect.error, cause: effect.cause },
      });
      return;
    }
    group.outputs[node.index] = effect.output;
    group.done += 1;
    if (group.done === group.ids.length) {
      this.agenda.add({
        at: this.clock,
        runId: node.parent,
        outcome: { kind: 'children-succeeded', outputs: group.outputs },
      });
    } else {
      this.startChildren(group);
    }
  }

  /** Attempts of the task's state recorded before this one (the step just recorded this one). */
  private earlierAttempts(task: TaskRequest): number {
    const scheduled = this.events.filter(
      (event) =>
        event.stateName === task.stateName &&
        (event.type === 'TaskScheduled' || event.type === 'ActivityScheduled'),
    );
    return scheduled.length - 1;
  }

  /** Stops a run and, first, every run below it. */
  private abortTree(runId: number, reason: AbortReason): void {
    const node = this.nodes.get(runId) as RunNode;
    if (node.ended) return;
    for (const child of node.children?.active ?? []) this.abortTree(child, { kind: 'aborted' });
    node.ended = true;
    if (!node.started || !node.run) return;
    this.record(abortRun(this.definition, node.run, reason, this.env()));
    node.run = null;
  }
}
