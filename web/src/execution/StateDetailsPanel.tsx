import { formatDuration, formatTime } from '../components/format';
import type { StateStatus, StateStatuses } from '../graph/graph-status';
import {
  countIterations,
  prettyJson,
  ROOT_RUN,
  type ExecutionHistory,
  type IterationStatus,
} from './execution-history';

const ITERATION_STATUSES: readonly IterationStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED'];
/** Iterations listed at most: a Map of thousands lists its first ones, and says so. */
const MAX_LISTED = 500;

function Payload({ label, value }: { label: string; value: string | undefined }) {
  const pretty = prettyJson(value);
  return (
    <>
      <dt>{label}</dt>
      <dd>{pretty === undefined ? '—' : <pre className="payload">{pretty}</pre>}</dd>
    </>
  );
}

/**
 * One state's latest run (of the chosen iteration, when one is chosen): status, input, output,
 * error and cause, attempts, time spent; for a Map, its iterations counted by status, each one
 * choosable; for a Parallel, its branches' states, each one openable.
 */
export function StateDetailsPanel({
  state,
  type,
  history,
  status,
  run,
  iteration,
  onIteration,
  branches,
  statuses,
  onOpen,
  onClose,
}: {
  state: string;
  type: string;
  history: ExecutionHistory;
  status: StateStatus;
  run: string;
  iteration: string | null;
  onIteration: (run: string | null) => void;
  branches: readonly { name: string; states: readonly string[] }[];
  statuses: StateStatuses;
  onOpen: (state: string) => void;
  onClose: () => void;
}) {
  const found = history.detailsOf(state, run);
  const latest = found?.latest;
  const iterations = type === 'Map' ? history.iterationsOf(state) : [];
  const counts = countIterations(iterations);
  const headingId = 'state-details-heading';
  return (
    <section className="state-details" aria-labelledby={headingId} data-details-state={state}>
      <h2 id={headingId}>State {state}</h2>
      <button type="button" className="close" onClick={onClose}>
        Close details
      </button>
      <dl className="facts">
        <dt>Type</dt>
        <dd>{type}</dd>
        <dt>Status</dt>
        <dd data-field="status">{status}</dd>
        <dt>Runs</dt>
        <dd data-field="runs">
          {found ? `${found.visits}${found.visits > 1 ? ', the latest shown' : ''}` : 'never entered'}
          {run !== ROOT_RUN ? ` (iteration ${run.split('#').at(-1)})` : ''}
        </dd>
        {latest && (
          <>
            <dt>Entered</dt>
            <dd>{formatTime(latest.enteredAt)}</dd>
            <dt>Left</dt>
            <dd>{formatTime(latest.exitedAt ?? latest.endedAt)}</dd>
            <dt>Time spent</dt>
            <dd data-field="time">{formatDuration(latest.enteredAt, latest.exitedAt ?? latest.endedAt)}</dd>
            {latest.attempts > 0 && (
              <>
                <dt>Attempts</dt>
                <dd data-field="attempts">{latest.attempts}</dd>
                <dt>Retries</dt>
                <dd data-field="retries">{latest.attempts - 1}</dd>
              </>
            )}
            <Payload label="Input" value={latest.input} />
            <Payload label="Output" value={latest.output} />
            {latest.error !== undefined && (
              <>
                <dt>Error</dt>
                <dd data-field="error">
                  <code>{latest.error}</code>
                </dd>
              </>
            )}
            {latest.cause !== undefined && (
              <>
                <dt>Cause</dt>
                <dd data-field="cause">{latest.cause}</dd>
              </>
            )}
          </>
        )}
      </dl>
      {type === 'Map' && (
        <>
          <h3>Iterations</h3>
          <table className="iteration-counts">
            <caption>Iterations of {state} by status</caption>
            <thead>
              <tr>
                {ITERATION_STATUSES.map((name) => (
                  <th scope="col" key={name}>
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                {ITERATION_STATUSES.map((name) => (
                  <td key={name} data-count={name}>
                    {counts[name]}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
          {iterations.length === 0 ? (
            <p>No iteration has started.</p>
          ) : (
            <ul className="iterations" aria-label={`Iterations of ${state}`}>
              {iterations.slice(0, MAX_LISTED).map((item) => (
                <li key={item.run}>
                  <button
                    type="button"
                    aria-pressed={iteration === item.run}
                    className={`status-${item.status}`}
                    data-iteration={item.index}
                    onClick={() => onIteration(iteration === item.run ? null : item.run)}
                  >
                    Iteration {item.run.includes('/') ? item.run : item.index}: {item.status}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {iterations.length > MAX_LISTED && (
            <p>
              The first {MAX_LISTED} of {iterations.length} iterations are listed.
            </p>
          )}
        </>
      )}
      {branches.length > 0 && (
        <>
          <h3>Branches</h3>
          {branches.map((branch) => (
            <ul className="iterations" aria-label={`${branch.name} of ${state}`} key={branch.name}>
              <li className="branch-name">{branch.name}:</li>
              {branch.states.map((name) => {
                const shown = statuses.get(name) ?? 'NOT_STARTED';
                return (
                  <li key={name}>
                    <button type="button" className={`status-${shown}`} onClick={() => onOpen(name)}>
                      {name}: {shown}
                    </button>
                  </li>
                );
              })}
            </ul>
          ))}
        </>
      )}
    </section>
  );
}
