import { useEffect, useState } from 'react';
import { Link, navigate, type Place } from '../app/router';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatTime } from '../components/format';
import {
  StateMachineListDocument,
  type ExecutionStatus,
  type StateMachineListQuery,
} from '../generated/graphql';
import { request } from '../graphql/client';
import { mayEdit, type SessionUser } from '../session/session';
import { CreateMachineForm } from '../state-machines/CreateMachineForm';

const PAGE_SIZE = 20;
const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

type Page = StateMachineListQuery['stateMachines'];
type Machine = Page['edges'][number]['node'];

function urlOf(name: string | undefined, after: string | undefined): string {
  const query = new URLSearchParams();
  if (name) query.set('name', name);
  if (after) query.set('after', after);
  const text = query.toString();
  return text ? `/state-machines?${text}` : '/state-machines';
}

/** State machines in name order, searched by name (in the URL), each with its executions by status. */
export function StateMachinesPage({ place, user }: { place: Place; user: SessionUser }) {
  const name = place.query.get('name') || undefined;
  const after = place.query.get('after') || undefined;
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [nameDraft, setNameDraft] = useState(name ?? '');

  useEffect(() => {
    let current = true;
    setError(null);
    request(StateMachineListDocument, {
      first: PAGE_SIZE,
      after: after ?? null,
      filter: name ? { nameContains: name } : null,
    }).then(
      (data) => current && setPage(data.stateMachines),
      (caught: unknown) => current && setError(caught),
    );
    return () => {
      current = false;
    };
  }, [name, after]);

  return (
    <>
      <h1>State machines</h1>
      <form
        className="filters"
        role="search"
        aria-label="Search state machines"
        onSubmit={(event) => {
          event.preventDefault();
          navigate(urlOf(nameDraft.trim() || undefined, undefined), { replace: true });
        }}
      >
        <label>
          Name contains
          <input type="search" value={nameDraft} onChange={(event) => setNameDraft(event.target.value)} />
        </label>
        <button type="submit">Search</button>
      </form>
      {error ? <ErrorNotice error={error} action="State machines could not be loaded" /> : null}
      {page === null && !error ? <p role="status">Loading state machines…</p> : null}
      {page && <MachineTable page={page} />}
      {page && (
        <nav className="pager" aria-label="Pages of state machines">
          {after && (
            <button type="button" onClick={() => navigate(urlOf(name, undefined))}>
              First page
            </button>
          )}
          {page.pageInfo.hasNextPage && page.pageInfo.endCursor && (
            <button type="button" onClick={() => navigate(urlOf(name, page.pageInfo.endCursor ?? undefined))}>
              Next page
            </button>
          )}
        </nav>
      )}
      {mayEdit(user) && <CreateMachineForm />}
    </>
  );
}

function MachineTable({ page }: { page: Page }) {
  if (page.edges.length === 0) return <p>No state machines match.</p>;
  return (
    <table className="machines">
      <caption>
        {page.totalCount} {page.totalCount === 1 ? 'state machine' : 'state machines'}
      </caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Version</th>
          <th scope="col">Updated</th>
          {STATUSES.map((status) => (
            <th scope="col" key={status}>
              {status}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {page.edges.map(({ node }) => (
          <tr key={node.id} data-machine={node.name}>
            <td>
              <Link href={`/state-machines/${encodeURIComponent(node.name)}`}>{node.name}</Link>
              {node.description && <div className="muted">{node.description}</div>}
            </td>
            <td>{node.version}</td>
            <td>{formatTime(node.updatedAt)}</td>
            <ExecutionCounts machine={node} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One machine's executions by status (counted with the page): the cells of its row, each a link to that filtered list. */
function ExecutionCounts({ machine }: { machine: Machine }) {
  const countOf = (status: ExecutionStatus) =>
    machine.executionCounts.find((counted) => counted.status === status)?.count ?? 0;
  return (
    <>
      {STATUSES.map((status) => (
        <td key={status} data-count={status}>
          <Link
            href={`/executions?status=${status}&machine=${encodeURIComponent(machine.name)}`}
            aria-label={`${countOf(status)} ${status} executions of ${machine.name}`}
          >
            {countOf(status)}
          </Link>
        </td>
      ))}
    </>
  );
}
