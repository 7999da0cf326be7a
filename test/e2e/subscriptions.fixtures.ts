/**
 * Shared pieces of the subscription tests: workflows that record events at a known pace, a
 * recorder of everything a graphql-ws subscription delivers (with when it arrived), and the
 * stored history to compare it with.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type FormattedExecutionResult } from 'graphql';
import { MAX_PAGE_SIZE } from '../../src/pagination/page-size.js';
import { ExecutionWithEventsDocument } from '../support/generated/graphql.js';
import type { GraphqlClient } from '../support/graphql-client.js';
import type { GraphqlSocket } from '../support/graphql-ws-client.js';
import { waitFor } from '../support/wait.js';

/**
 * `iterations` rounds of a `builtin:sleep` Task of `seconds`, a counting Pass and a Choice: 9 events
 * per round, committed by a job each time the Task ends, so the history grows while it runs.
 */
export function sleepLoop(iterations: number, seconds: number) {
  return {
    StartAt: 'Init',
    States: {
      Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Sleep' },
      Sleep: {
        Type: 'Task',
        Resource: 'builtin:sleep',
        Parameters: { seconds, 'i.$': '$.i' },
        Next: 'Count',
      },
      Count: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
      Check: {
        Type: 'Choice',
        Choices: [{ Variable: '$.i', NumericLessThan: iterations, Next: 'Sleep' }],
        Default: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  };
}

/** A Pass and Choice loop of `iterations` rounds run inline: 4 events a round, recorded at once. */
export function passLoop(iterations: number) {
  return {
    StartAt: 'Init',
    States: {
      Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Count' },
      Count: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
      Check: {
        Type: 'Choice',
        Choices: [{ Variable: '$.i', NumericLessThan: iterations, Next: 'Count' }],
        Default: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  };
}

/**
 * Two callbacks in a row, each waiting for an answer to its `$$.Task.Token`: the test decides when
 * each round of events is recorded.
 */
export const TWO_APPROVALS = {
  StartAt: 'First',
  States: {
    First: {
      Type: 'Task',
      Resource: 'builtin:callback.waitForTaskToken',
      Parameters: { 'token.$': '$$.Task.Token' },
      ResultPath: '$.first',
      Next: 'Second',
    },
    Second: {
      Type: 'Task',
      Resource: 'builtin:callback.waitForTaskToken',
      Parameters: { 'token.$': '$$.Task.Token' },
      ResultPath: '$.second',
      End: true,
    },
  },
};

/** One result a subscription delivered, and when (`Date.now()`) it arrived. */
export interface Received<TData> {
  readonly result: FormattedExecutionResult<TData, unknown>;
  readonly at: number;
}

/** Everything one subscription delivered so far, and how it ended. */
export interface Recording<TData> {
  readonly received: readonly Received<TData>[];
  /** The data of each result, in order. */
  data(): TData[];
  /** Resolves when the server completes the subscription; rejects with an error it sent instead. */
  readonly completed: Promise<void>;
  /** Whether the server has completed it. */
  isComplete(): boolean;
  /** Waits until `count` results have arrived. */
  untilCount(count: number, timeoutMs?: number): Promise<void>;
  /** Stops the subscription (sends `complete`). */
  stop(): void;
}

/** Subscribes on `socket` and records every result with its arrival time. */
export function record<TData, TVariables>(
  socket: GraphqlSocket,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Recording<TData> {
  const received: Received<TData>[] = [];
  let complete = false;
  let stop: () => void = () => undefined;
  const completed = new Promise<void>((resolve, reject) => {
    stop = socket.client.subscribe<TData>(
      { query: print(document), variables: variables as Record<string, unknown> },
      {
        next: (result) => received.push({ result, at: Date.now() }),
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => {
          complete = true;
          resolve();
        },
      },
    );
  });
  // Observed by the tests that expect it; never an unhandled rejection meanwhile.
  completed.catch(() => undefined);
  return {
    received,
    data: () => received.map((entry) => entry.result.data as TData),
    completed,
    isComplete: () => complete,
    untilCount: (count, timeoutMs = 15_000) =>
      waitFor(() => (received.length >= count ? true : undefined), {
        timeoutMs,
        intervalMs: 10,
        what: `${count} subscription results (got ${received.length})`,
      }).then(() => undefined),
    stop: () => stop(),
  };
}

/** `completed`, failing after `timeoutMs`. */
export function completedWithin(recording: Recording<unknown>, timeoutMs = 20_000): Promise<void> {
  return waitFor(() => (recording.isComplete() ? true : undefined), {
    timeoutMs,
    intervalMs: 10,
    what: 'the subscription to complete',
  }).then(() => recording.completed);
}

/** An execution's whole stored history, `seq` and `type` of each event, through GraphQL. */
export async function historyOf(
  client: GraphqlClient,
  executionId: string,
): Promise<Array<{ seq: number; type: string }>> {
  const events: Array<{ seq: number; type: string }> = [];
  let after: string | null | undefined;
  for (;;) {
    const { execution } = await client.expectData(ExecutionWithEventsDocument, {
      id: executionId,
      first: MAX_PAGE_SIZE,
      after,
    });
    const page = execution!.events;
    events.push(...page.edges.map(({ node }) => ({ seq: node.seq, type: node.type })));
    if (!page.pageInfo.hasNextPage) return events;
    after = page.pageInfo.endCursor;
  }
}

/** The seqs of `from`..`to`, inclusive. */
export function seqRange(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);
}
