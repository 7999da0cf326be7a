/** The workflows the bench runs, and the input each execution gets. */
import type { Json } from '../src/asl/index.js';

/** A workflow under test. */
export interface Workflow {
  readonly name: string;
  /** The workflow's name in the bench's JSON, shared with the peers that run the same work. */
  readonly id: string;
  readonly definition: Record<string, unknown>;
  readonly input: Json;
  /** Whether consecutive Task states make a Task-to-Task latency. */
  readonly taskChain: boolean;
}

const CHAIN_LENGTH = 10;
const MAP_ITEMS = 100;
const MAP_CONCURRENCY = 10;

function chain(type: 'Pass' | 'Task'): Record<string, unknown> {
  const names = Array.from({ length: CHAIN_LENGTH }, (_, index) => `${type}${index + 1}`);
  const states = Object.fromEntries(
    names.map((name, index) => {
      const next = names[index + 1];
      const state: Record<string, unknown> = { Type: type, ...(next ? { Next: next } : { End: true }) };
      if (type === 'Task') state.Resource = 'builtin:echo';
      return [name, state];
    }),
  );
  return { StartAt: names[0], States: states };
}

/** (a) Ten Pass states: the whole execution runs inline, in the transaction that starts it. */
export const PASS_CHAIN: Workflow = {
  name: '10-state Pass chain',
  id: 'pass-chain',
  definition: chain('Pass'),
  input: { value: 1 },
  taskChain: false,
};

/** (b) Ten builtin:echo Tasks: one job, one transition per Task. */
export const TASK_CHAIN: Workflow = {
  name: '10-Task builtin:echo chain',
  id: 'task-chain',
  definition: chain('Task'),
  input: { value: 1 },
  taskChain: true,
};

/**
 * (b') Ten HTTP Tasks calling `endpoint` (bench/http-sink.ts). Unlike a builtin Task, which runs
 * inline in the transaction that schedules it, an HTTP Task is called right after the commit that
 * scheduled it and its result applied in a transaction of its own: one commit per step, as DBOS
 * writes one checkpoint per step.
 */
export function httpChain(endpoint: string): Workflow {
  const names = Array.from({ length: CHAIN_LENGTH }, (_, index) => `Http${index + 1}`);
  const states = Object.fromEntries(
    names.map((name, index) => {
      const next = names[index + 1];
      const state = {
        Type: 'Task',
        Resource: 'arn:aws:states:::http:invoke',
        Parameters: { ApiEndpoint: endpoint, Method: 'GET' },
        // The body alone: the headers would only make every history row longer.
        ResultSelector: { 'body.$': '$.ResponseBody' },
        ...(next ? { Next: next } : { End: true }),
      };
      return [name, state];
    }),
  );
  return {
    name: '10-Task HTTP chain',
    id: 'http-chain',
    definition: { StartAt: names[0], States: states },
    input: { value: 1 },
    taskChain: true,
  };
}

/** (c) A Map over 100 items, ten at a time, each iteration one builtin:echo Task. */
export const MAP_FANOUT: Workflow = {
  name: `Map ${MAP_ITEMS} items, MaxConcurrency ${MAP_CONCURRENCY}`,
  id: 'map-fanout',
  definition: {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: MAP_CONCURRENCY,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Echo',
          States: { Echo: { Type: 'Task', Resource: 'builtin:echo', End: true } },
        },
        End: true,
      },
    },
  },
  input: { items: Array.from({ length: MAP_ITEMS }, (_, index) => index) },
  taskChain: false,
};

/** The memory run's workflow: a little of everything on the hot path (inline states, a Task job). */
export const MEMORY_WORKFLOW: Workflow = {
  name: 'Pass, Task, Pass',
  id: 'pass-task-pass',
  definition: {
    StartAt: 'Before',
    States: {
      Before: { Type: 'Pass', Result: { step: 'before' }, ResultPath: '$.before', Next: 'Work' },
      Work: { Type: 'Task', Resource: 'builtin:echo', Next: 'After' },
      After: { Type: 'Pass', End: true },
    },
  },
  input: { value: 1 },
  taskChain: false,
};
