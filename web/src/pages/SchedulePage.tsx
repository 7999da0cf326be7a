import '../state-machines/state-machines.css';
import '../schedules/schedules.css';
import { useCallback, useEffect, useState } from 'react';
import { Link, navigate } from '../app/router';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatTime } from '../components/format';
import { StatusBadge } from '../components/StatusBadge';
import {
  BackfillScheduleDocument,
  DeleteScheduleDocument,
  PauseScheduleDocument,
  ResumeScheduleDocument,
  ScheduleViewDocument,
  TriggerScheduleDocument,
  type BackfillScheduleMutation,
  type ScheduleViewQuery,
} from '../generated/graphql';
import { request } from '../graphql/client';
import { readBackfillRange } from '../schedules/schedule-draft';
import { mayEdit, mayOperate, type SessionUser } from '../session/session';

type Schedule = ScheduleViewQuery['schedule'];
type Backfill = BackfillScheduleMutation['backfillSchedule'];

/** One schedule: its definition, its next ten fire times, its latest fires, and what may be done with it. */
export function SchedulePage({ id, user }: { id: string; user: SessionUser }) {
  const [schedule, setSchedule] = useState<Schedule | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    () =>
      request(ScheduleViewDocument, { id }).then(
        (data) => setSchedule(data.schedule),
        (caught: unknown) => setError(caught),
      ),
    [id],
  );

  useEffect(() => {
    void load();
  }, [load]);

  /** Runs an action, then reads the schedule again: its fires and times changed. */
  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setActionError(null);
    try {
      await action();
      await load();
    } catch (caught) {
      setActionError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (error)
    return (
      <>
        <ErrorNotice error={error} action="This schedule could not be loaded" />
        <p>
          <Link href="/schedules">All schedules</Link>
        </p>
      </>
    );
  if (!schedule) return <p role="status">Loading the schedule…</p>;

  return (
    <>
      <p className="breadcrumbs">
        <Link href="/schedules">Schedules</Link>
      </p>
      <h1>{schedule.name}</h1>
      {schedule.description && <p>{schedule.description}</p>}
      <dl className="facts">
        <dt>State machine</dt>
        <dd>
          <Link href={`/state-machines/${encodeURIComponent(schedule.stateMachine.name)}`}>
            {schedule.stateMachine.name}
          </Link>{' '}
          {schedule.version === null ? '(latest version)' : `(version ${schedule.version})`}
        </dd>
        <dt>Expression</dt>
        <dd>
          <code>{schedule.expression}</code>
        </dd>
        <dt>Time zone</dt>
        <dd>{schedule.timezone}</dd>
        <dt>Status</dt>
        <dd data-enabled={schedule.enabled}>{schedule.enabled ? 'Enabled' : 'Paused'}</dd>
        <dt>Next fire</dt>
        <dd>{schedule.enabled ? formatTime(schedule.nextFireTime) : '— (paused)'}</dd>
        <dt>Overlap policy</dt>
        <dd>{schedule.overlapPolicy}</dd>
        <dt>Catch-up window</dt>
        <dd>{schedule.catchupWindowSeconds} s</dd>
        <dt>Jitter</dt>
        <dd>{schedule.jitterSeconds} s</dd>
        <dt>Window</dt>
        <dd>
          {formatTime(schedule.startAt)} to {formatTime(schedule.endAt)}
        </dd>
        <dt>Input</dt>
        <dd>
          <code>{JSON.stringify(schedule.input)}</code>
        </dd>
      </dl>
      <div className="actions">
        {mayEdit(user) &&
          (schedule.enabled ? (
            <button
              type="button"
              disabled={busy}
              onClick={() => void act(() => request(PauseScheduleDocument, { id }))}
            >
              Pause
            </button>
          ) : (
            <button
              type="button"
              disabled={busy}
              onClick={() => void act(() => request(ResumeScheduleDocument, { id }))}
            >
              Resume
            </button>
          ))}
        {mayOperate(user) && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void act(() => request(TriggerScheduleDocument, { id }))}
          >
            Trigger now
          </button>
        )}
        {mayEdit(user) && <DeleteButton id={id} />}
      </div>
      {actionError ? <ErrorNotice error={actionError} action="That did not work" /> : null}
      {mayOperate(user) && <BackfillForm id={id} onDone={() => void load()} />}
      <section aria-labelledby="next-heading">
        <h2 id="next-heading">Next fire times</h2>
        {!schedule.enabled && <p className="muted">Paused: these are the times it would fire if resumed.</p>}
        {schedule.nextFireTimes.length === 0 ? (
          <p>No fire time is left.</p>
        ) : (
          <ol className="fire-times">
            {schedule.nextFireTimes.map((time) => (
              <li key={time}>
                <time dateTime={time}>{formatTime(time)}</time>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="fires-heading">
        <h2 id="fires-heading">Recent fires</h2>
        {schedule.recentFires.length === 0 ? (
          <p>No fire yet.</p>
        ) : (
          <table className="fires">
            <thead>
              <tr>
                <th scope="col">Fire time</th>
                <th scope="col">Kind</th>
                <th scope="col">Outcome</th>
                <th scope="col">Execution</th>
              </tr>
            </thead>
            <tbody>
              {schedule.recentFires.map((fire) => (
                <tr key={`${fire.kind}-${fire.scheduledTime}`}>
                  <td>{formatTime(fire.scheduledTime)}</td>
                  <td>{fire.kind}</td>
                  <td>
                    {fire.outcome}
                    {fire.cause && <div className="muted">{fire.cause}</div>}
                  </td>
                  <td>
                    {fire.execution ? (
                      <>
                        <Link href={`/executions/${fire.execution.id}`}>{fire.execution.name}</Link>{' '}
                        <StatusBadge status={fire.execution.status} />
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

/** Delete asks once more before it deletes. */
function DeleteButton({ id }: { id: string }) {
  const [asking, setAsking] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  if (!asking)
    return (
      <button type="button" className="secondary" onClick={() => setAsking(true)}>
        Delete
      </button>
    );
  return (
    <>
      <button
        type="button"
        className="danger"
        onClick={() =>
          void request(DeleteScheduleDocument, { id }).then(
            () => navigate('/schedules'),
            (caught: unknown) => setFailure(caught),
          )
        }
      >
        Delete for good
      </button>
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        Keep it
      </button>
      {failure ? <ErrorNotice error={failure} action="The schedule was not deleted" /> : null}
    </>
  );
}

/** Runs every fire time of a past range. */
function BackfillForm({ id, onDone }: { id: string; onDone: () => void }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [result, setResult] = useState<Backfill | null>(null);

  const backfill = async () => {
    const range = readBackfillRange(from, to);
    if (!range.ok) {
      setProblem(range.message);
      return;
    }
    setProblem(null);
    setFailure(null);
    try {
      setResult(
        (await request(BackfillScheduleDocument, { id, from: range.from, to: range.to })).backfillSchedule,
      );
      onDone();
    } catch (caught) {
      setFailure(caught);
    }
  };

  return (
    <form
      className="backfill card"
      aria-label="Backfill"
      onSubmit={(event) => {
        event.preventDefault();
        void backfill();
      }}
    >
      <h2>Backfill</h2>
      <label>
        From
        <input type="datetime-local" value={from} onChange={(event) => setFrom(event.target.value)} />
      </label>
      <label>
        To
        <input type="datetime-local" value={to} onChange={(event) => setTo(event.target.value)} />
      </label>
      <button type="submit">Backfill</button>
      {problem && (
        <p className="error-notice" role="alert">
          {problem}
        </p>
      )}
      {failure ? <ErrorNotice error={failure} action="The backfill did not run" /> : null}
      {result && (
        <p role="status">
          {result.fires} fire times: {result.started} started, {result.buffered} buffered, {result.skipped}{' '}
          skipped, {result.failed} failed.
        </p>
      )}
    </form>
  );
}
