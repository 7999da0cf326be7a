import { useMemo } from 'react';
import { formatDuration, formatTime } from '../components/format';
import { timelineBars, visitStatus, type ExecutionHistory } from './execution-history';

/** Rows drawn at most: a long history's timeline shows its first states entered, and says so. */
const MAX_BARS = 300;

/**
 * One bar per state entered, on one time axis. It is a table, so that a screen reader reads each
 * state's start and duration; the bars are its picture.
 */
export function Timeline({ history, size }: { history: ExecutionHistory; size: number }) {
  const bars = useMemo(
    () => timelineBars(history.visits().slice(0, MAX_BARS), Date.now()),
    // `size` changes with every event folded into the (mutable) history: it is the memo's key.
    [history, size],
  );
  const total = history.visits().length;
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      {bars.length === 0 ? (
        <p>No state entered yet.</p>
      ) : (
        // A long history's timeline scrolls in its own box instead of stretching the page.
        <div className="timeline-scroll" role="region" aria-label="Timeline, scrollable" tabIndex={0}>
          <table className="timeline">
            <caption>
              {total > bars.length
                ? `The first ${bars.length} of ${total} states entered`
                : `${total} states entered`}
            </caption>
            <thead>
              <tr>
                <th scope="col">State</th>
                <th scope="col">Entered</th>
                <th scope="col">Time spent</th>
                <th scope="col">Bar</th>
              </tr>
            </thead>
            <tbody>
              {bars.map(({ visit, offset, width }) => (
                <tr key={visit.enteredSeq} data-timeline-state={visit.state}>
                  <th scope="row">{visit.state}</th>
                  <td>{formatTime(visit.enteredAt)}</td>
                  <td>
                    {formatDuration(visit.enteredAt, visit.exitedAt ?? visit.endedAt)} ({visitStatus(visit)})
                  </td>
                  <td className="timeline-track" aria-hidden="true">
                    <span
                      className={`timeline-bar status-${visitStatus(visit)}`}
                      style={{ left: `${offset * 100}%`, width: `${width * 100}%` }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
