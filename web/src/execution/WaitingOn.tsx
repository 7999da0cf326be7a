import { useEffect, useState } from 'react';
import { Link } from '../app/router';
import { ErrorNotice } from '../components/ErrorNotice';
import { ExecutionWaitingOnDocument, type ExecutionWaitingOnQuery } from '../generated/graphql';
import { request } from '../graphql/client';
import { waitKindLabel, waitPlace, waitWindow } from './wait-reasons';

type WaitReason = ExecutionWaitingOnQuery['execution']['waitingOn'][number];

/**
 * "Waiting on": why a RUNNING execution has not moved on, read again after each live event, each
 * pause or resume (`pausedAt`: they record no event) and on Refresh (jobs and pollers change
 * without an event).
 */
export function WaitingOn({
  executionId,
  lastSeq,
  pausedAt,
}: {
  executionId: string;
  lastSeq: number;
  pausedAt: string | null;
}) {
  const [reasons, setReasons] = useState<readonly WaitReason[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reads, setReads] = useState(0);

  useEffect(() => {
    let current = true;
    request(ExecutionWaitingOnDocument, { id: executionId })
      .then(({ execution }) => {
        if (!current) return;
        setReasons(execution.waitingOn);
        setError(null);
      })
      .catch((caught: unknown) => current && setError(caught));
    return () => {
      current = false;
    };
    // lastSeq, pausedAt and reads: a new event, a pause or resume, or Refresh, is all the read
    // depends on beyond the id.
  }, [executionId, lastSeq, pausedAt, reads]);

  return (
    <section className="waiting-on" aria-labelledby="waiting-on-heading">
      <h2 id="waiting-on-heading">Waiting on</h2>
      {error ? <ErrorNotice error={error} action="What the execution waits on could not be read" /> : null}
      {reasons === null ? (
        <p role="status">Reading what it waits on…</p>
      ) : reasons.length === 0 ? (
        <p>Nothing: it is moving.</p>
      ) : (
        <ul>
          {reasons.map((reason, index) => (
            <li key={index} data-wait-kind={reason.kind}>
              <strong>{waitKindLabel(reason.kind)}</strong> <code>{reason.state}</code>
              {waitPlace(reason) && ` (${waitPlace(reason)})`} — {reason.detail}{' '}
              <span className="muted">{waitWindow(reason)}</span>
              {reason.childExecutionId && (
                <>
                  {' '}
                  <Link href={`/executions/${reason.childExecutionId}`}>
                    Open the nested execution ({reason.childStatus})
                  </Link>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={() => setReads((count) => count + 1)}>
        Refresh
      </button>
    </section>
  );
}
