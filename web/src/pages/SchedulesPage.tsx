import { useEffect, useState } from 'react';
import { Link, navigate, type Place } from '../app/router';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatTime } from '../components/format';
import { ScheduleListDocument, type ScheduleListQuery } from '../generated/graphql';
import { request } from '../graphql/client';
import { CreateScheduleForm } from '../schedules/CreateScheduleForm';
import { mayEdit, type SessionUser } from '../session/session';

const PAGE_SIZE = 20;

type Page = ScheduleListQuery['schedules'];

function urlOf(stateMachineId: string | undefined, after: string | undefined): string {
  const query = new URLSearchParams();
  if (stateMachineId) query.set('stateMachineId', stateMachineId);
  if (after) query.set('after', after);
  const text = query.toString();
  return text ? `/schedules?${text}` : '/schedules';
}

/**
 * Schedules in name order (of one state machine with `?stateMachineId=`): what each starts, when it
 * fires next; editors create them here.
 */
export function SchedulesPage({ place, user }: { place: Place; user: SessionUser }) {
  const stateMachineId = place.query.get('stateMachineId') || undefined;
  const after = place.query.get('after') || undefined;
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    setError(null);
    request(ScheduleListDocument, {
      first: PAGE_SIZE,
      after: after ?? null,
      filter: stateMachineId ? { stateMachineId } : null,
    }).then(
      (data) => current && setPage(data.schedules),
      (caught: unknown) => current && setError(caught),
    );
    return () => {
      current = false;
    };
  }, [stateMachineId, after]);

  return (
    <>
      <h1>Schedules</h1>
      {error ? <ErrorNotice error={error} action="Schedules could not be loaded" /> : null}
      {page === null && !error ? <p role="status">Loading schedules…</p> : null}
      {page && <ScheduleTable page={page} />}
      {page && (
        <nav className="pager" aria-label="Pages of schedules">
          {after && (
            <button type="button" onClick={() => navigate(urlOf(stateMachineId, undefined))}>
              First page
            </button>
          )}
          {page.pageInfo.hasNextPage && page.pageInfo.endCursor && (
            <button
              type="button"
              onClick={() => navigate(urlOf(stateMachineId, page.pageInfo.endCursor ?? undefined))}
            >
              Next page
            </button>
          )}
        </nav>
      )}
      {stateMachineId && (
        <p>
          <Link href="/schedules">All schedules</Link>
        </p>
      )}
      {mayEdit(user) && <CreateScheduleForm stateMachineId={stateMachineId} />}
    </>
  );
}

function ScheduleTable({ page }: { page: Page }) {
  if (page.edges.length === 0) return <p>No schedules yet.</p>;
  return (
    <table className="schedules">
      <caption>
        {page.totalCount} {page.totalCount === 1 ? 'schedule' : 'schedules'}
      </caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">State machine</th>
          <th scope="col">Expression</th>
          <th scope="col">Time zone</th>
          <th scope="col">Next fire</th>
          <th scope="col">Enabled</th>
          <th scope="col">Overlap</th>
        </tr>
      </thead>
      <tbody>
        {page.edges.map(({ node }) => (
          <tr key={node.id} data-schedule={node.name}>
            <td>
              <Link href={`/schedules/${node.id}`}>{node.name}</Link>
            </td>
            <td>
              <Link href={`/state-machines/${encodeURIComponent(node.stateMachine.name)}`}>
                {node.stateMachine.name}
              </Link>
            </td>
            <td>
              <code>{node.expression}</code>
            </td>
            <td>{node.timezone}</td>
            <td>{node.enabled ? formatTime(node.nextFireTime) : 'paused'}</td>
            <td>{node.enabled ? 'yes' : 'no'}</td>
            <td>{node.overlapPolicy}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
