import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from '../app/router';
import { ErrorNotice } from '../components/ErrorNotice';
import { EventTable } from '../components/EventTable';
import { formatDuration, formatTime } from '../components/format';
import { ExecutionActions } from '../events/ExecutionActions';
import { StatusBadge } from '../components/StatusBadge';
import {
  ExecutionEventBatchesDocument,
  ExecutionUpdatedDocument,
  ExecutionViewDocument,
  MachineVersionsDocument,
  PauseExecutionDocument,
  RedriveExecutionDocument,
  ResumeExecutionDocument,
  StopExecutionDocument,
  type ExecutionDetailFragment,
  type HistoryEventFragment,
  type MachineVersionsQuery,
} from '../generated/graphql';
import { request, subscribe } from '../graphql/client';
import { buildStateGraph } from '../graph/graph-model';
import type { StateStatuses } from '../graph/graph-status';
import { ExecutionHistory } from '../execution/execution-history';
import { ExecutionInsight } from '../execution/ExecutionInsight';
import { WaitingOn } from '../execution/WaitingOn';
import { mayOperate, type SessionUser } from '../session/session';

const REDRIVABLE = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);
/** Live events kept for the event table's tail; the graph folds every event and keeps none. */
const LIVE_TAIL = 500;

/** The definition of `version` of a machine: its latest, or found among its versions page by page. */
async function definitionOf(stateMachineId: string, version: number): Promise<unknown> {
  let after: string | null = null;
  for (;;) {
    const { stateMachine }: MachineVersionsQuery = await request(MachineVersionsDocument, {
      id: stateMachineId,
      first: 50,
      after,
    });
    if (stateMachine.version === version) return stateMachine.definition;
    const found = stateMachine.versions.edges.find((edge) => edge.node.version === version);
    if (found) return found.node.definition;
    if (!stateMachine.versions.pageInfo.hasNextPage)
      throw new Error(`Version ${version} of the state machine is gone`);
    after = stateMachine.versions.pageInfo.endCursor;
  }
}

/**
 * One execution: its facts, its graph coloured live from `executionEventBatches` (replayed from the
 * start, then resumed from the last seen seq after a lost connection), its events, and the
 * actions the signed-in role may take.
 */
export function ExecutionPage({ id, user }: { id: string; user: SessionUser }) {
  const [execution, setExecution] = useState<ExecutionDetailFragment | null>(null);
  const [definition, setDefinition] = useState<unknown>(undefined);
  const [statuses, setStatuses] = useState<StateStatuses>(new Map());
  const [live, setLive] = useState<HistoryEventFragment[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [acting, setActing] = useState(false);
  const book = useRef(new ExecutionHistory());
  const lastSeq = useRef(0);

  useEffect(() => {
    let current = true;
    book.current = new ExecutionHistory();
    lastSeq.current = 0;
    setExecution(null);
    setDefinition(undefined);
    setStatuses(new Map());
    setLive([]);
    setError(null);
    request(ExecutionViewDocument, { id })
      .then(async ({ execution: found }) => {
        if (!current) return;
        setExecution(found);
        const loaded = await definitionOf(found.stateMachine.id, found.version);
        if (current) setDefinition(loaded);
      })
      .catch((caught: unknown) => current && setError(caught));
    return () => {
      current = false;
    };
  }, [id]);

  const found = execution !== null;
  const redriveCount = execution?.redriveCount ?? 0;

  // The status: live until the execution ends; again after a redrive.
  useEffect(() => {
    if (!found) return;
    return subscribe(
      ExecutionUpdatedDocument,
      { id },
      {
        next: ({ executionUpdated }) => setExecution(executionUpdated),
        error: setError,
      },
    );
  }, [id, found, redriveCount]);

  // The events: graphql-ws sends the same variables again when it reconnects, so afterSeq is
  // kept current in them and a lost connection resumes after the last event seen.
  useEffect(() => {
    if (!found) return;
    const variables = { executionId: id, afterSeq: lastSeq.current };
    return subscribe(ExecutionEventBatchesDocument, variables, {
      next: ({ executionEventBatches: batch }) => {
        const events = batch.filter((event) => event.seq > lastSeq.current);
        if (events.length === 0) return;
        for (const event of events) book.current.apply(event);
        lastSeq.current = events[events.length - 1]!.seq;
        variables.afterSeq = lastSeq.current;
        setStatuses(book.current.statuses());
        setLive((shown) => [...shown, ...events].slice(-LIVE_TAIL));
      },
      error: setError,
    });
  }, [id, found, redriveCount]);

  const model = useMemo(() => (definition === undefined ? null : buildStateGraph(definition)), [definition]);

  const act = async (action: 'stop' | 'pause' | 'resume' | 'redrive') => {
    setActing(true);
    setActionError(null);
    try {
      const data = await perform(action);
      setExecution(data);
    } catch (caught) {
      setActionError(caught);
    } finally {
      setActing(false);
    }
  };

  const perform = async (action: 'stop' | 'pause' | 'resume' | 'redrive') => {
    switch (action) {
      case 'stop':
        return (await request(StopExecutionDocument, { id })).stopExecution;
      case 'pause':
        return (await request(PauseExecutionDocument, { id })).pauseExecution;
      case 'resume':
        return (await request(ResumeExecutionDocument, { id })).resumeExecution;
      case 'redrive':
        return (await request(RedriveExecutionDocument, { id })).redriveExecution;
    }
  };

  if (error && !execution) {
    return (
      <>
        <h1>Execution</h1>
        <ErrorNotice error={error} action="This execution could not be loaded" />
        <p>
          <Link href="/executions">All executions</Link>
        </p>
      </>
    );
  }
  if (!execution) return <p role="status">Loading the execution…</p>;

  const operator = mayOperate(user);
  return (
    <>
      <p className="breadcrumbs">
        <Link href="/executions">Executions</Link> / {execution.stateMachine.name}
      </p>
      <h1>
        {execution.name} <StatusBadge status={execution.status} />
        {execution.paused && (
          <span className="status-badge paused-badge" role="status">
            Paused by {execution.pausedBy} at {formatTime(execution.pausedAt)}
          </span>
        )}
      </h1>
      {error ? <ErrorNotice error={error} action="Live updates failed" /> : null}
      <dl className="facts">
        <dt>State machine</dt>
        <dd>
          {execution.stateMachine.name}, version {execution.version}
        </dd>
        <dt>Started</dt>
        <dd>{formatTime(execution.startedAt)}</dd>
        <dt>Stopped</dt>
        <dd>{formatTime(execution.stoppedAt)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(execution.startedAt, execution.stoppedAt)}</dd>
        <dt>Redriven</dt>
        <dd>
          {execution.redriveCount > 0
            ? `${execution.redriveCount} times, last ${formatTime(execution.redrivenAt)}`
            : 'never'}
        </dd>
        {execution.error && (
          <>
            <dt>Error</dt>
            <dd>
              <code>{execution.error}</code> {execution.cause}
            </dd>
          </>
        )}
      </dl>
      {operator && (
        <div className="actions">
          {execution.status === 'RUNNING' && (
            <button type="button" disabled={acting} onClick={() => void act('stop')}>
              Stop
            </button>
          )}
          {execution.status === 'RUNNING' && !execution.paused && (
            <button type="button" disabled={acting} onClick={() => void act('pause')}>
              Pause
            </button>
          )}
          {execution.status === 'RUNNING' && execution.paused && (
            <button type="button" disabled={acting} onClick={() => void act('resume')}>
              Resume
            </button>
          )}
          {REDRIVABLE.has(execution.status) && (
            <button type="button" disabled={acting} onClick={() => void act('redrive')}>
              Redrive
            </button>
          )}
        </div>
      )}
      {actionError ? <ErrorNotice error={actionError} action="The action failed" /> : null}
      {execution.status === 'RUNNING' && (
        <WaitingOn
          executionId={id}
          lastSeq={live.length > 0 ? live[live.length - 1]!.seq : 0}
          pausedAt={execution.pausedAt}
        />
      )}
      <ExecutionActions execution={execution} user={user} live={live} />
      {model ? (
        <ExecutionInsight
          model={model}
          history={book.current}
          statuses={statuses}
          finished={execution.stoppedAt !== null}
        />
      ) : (
        <p role="status">Loading the definition…</p>
      )}
      <EventTable executionId={id} live={live} />
    </>
  );
}
