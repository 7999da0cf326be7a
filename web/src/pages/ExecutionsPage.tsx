import { useEffect, useMemo, useState } from 'react';
import { Link, navigate, type Place } from '../app/router';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatDuration, formatTime } from '../components/format';
import { StatusBadge } from '../components/StatusBadge';
import {
  ExecutionsChangedDocument,
  ExecutionsPageDocument,
  StateMachineNamesDocument,
  type ExecutionRowFragment,
  type ExecutionStatus,
  type ExecutionsPageQuery,
} from '../generated/graphql';
import { request, subscribe } from '../graphql/client';

const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
const PAGE_SIZE = 25;
/** The machines offered in the machine filter: one page, the most the API gives at once. */
const MACHINES_LISTED = 100;

/** The list's filter, as the URL holds it, so that a view can be shared. */
interface ListFilter {
  readonly status: ExecutionStatus | undefined;
  readonly machine: string | undefined;
  readonly name: string | undefined;
  /** The error name, exactly. */
  readonly error: string | undefined;
  /** Text the cause contains. */
  readonly cause: string | undefined;
  /** A JSONPath-equals condition on the input: `$.customerId == "c-42"`. */
  readonly input: string | undefined;
  readonly after: string | undefined;
}

/** The filter's fields typed into text boxes, applied together by the form's submit. */
const TEXT_FIELDS = ['name', 'error', 'cause', 'input'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

function filterOf(query: URLSearchParams): ListFilter {
  const status = query.get('status');
  return {
    status: STATUSES.includes(status as ExecutionStatus) ? (status as ExecutionStatus) : undefined,
    machine: query.get('machine') || undefined,
    name: query.get('name') || undefined,
    error: query.get('error') || undefined,
    cause: query.get('cause') || undefined,
    input: query.get('input') || undefined,
    after: query.get('after') || undefined,
  };
}

function urlOf(filter: ListFilter): string {
  const query = new URLSearchParams();
  for (const key of ['status', 'machine', ...TEXT_FIELDS, 'after'] as const) {
    const value = filter[key];
    if (value) query.set(key, value);
  }
  const text = query.toString();
  return text ? `/executions?${text}` : '/executions';
}

type Page = ExecutionsPageQuery['executions'];

/**
 * Whether a newly started execution belongs on the list. It has no error or cause yet, and the row
 * carries no input: under those filters a new execution is left for the next load.
 */
function matches(row: ExecutionRowFragment, filter: ListFilter): boolean {
  return (
    !filter.error &&
    !filter.cause &&
    !filter.input &&
    (!filter.status || row.status === filter.status) &&
    (!filter.machine || row.stateMachine.name === filter.machine) &&
    (!filter.name || row.name.startsWith(filter.name))
  );
}

/** Executions across machines, newest first, filtered from the URL, paged by cursor, kept live. */
export function ExecutionsPage({ place }: { place: Place }) {
  const filter = useMemo(() => filterOf(place.query), [place.query]);
  const [machines, setMachines] = useState<Array<{ id: string; name: string }> | null>(null);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [drafts, setDrafts] = useState<Record<TextField, string>>(() => ({
    name: filter.name ?? '',
    error: filter.error ?? '',
    cause: filter.cause ?? '',
    input: filter.input ?? '',
  }));
  const draftOf = (field: TextField) => ({
    value: drafts[field],
    onChange: (event: { target: { value: string } }) =>
      setDrafts((shown) => ({ ...shown, [field]: event.target.value })),
  });

  useEffect(() => {
    request(StateMachineNamesDocument, { first: MACHINES_LISTED }).then(
      (data) => setMachines(data.stateMachines.edges.map((edge) => edge.node)),
      setError,
    );
  }, []);

  const machineId = filter.machine ? machines?.find((m) => m.name === filter.machine)?.id : undefined;
  const unknownMachine = filter.machine !== undefined && machines !== null && machineId === undefined;

  useEffect(() => {
    if (machines === null || unknownMachine) return;
    let current = true;
    setError(null);
    request(ExecutionsPageDocument, {
      first: PAGE_SIZE,
      after: filter.after ?? null,
      filter: {
        ...(filter.status ? { status: filter.status } : {}),
        ...(machineId ? { stateMachineId: machineId } : {}),
        ...(filter.name ? { namePrefix: filter.name } : {}),
        ...(filter.error ? { errorName: filter.error } : {}),
        ...(filter.cause ? { causeContains: filter.cause } : {}),
        ...(filter.input ? { input: filter.input } : {}),
      },
    }).then(
      (data) => current && setPage(data.executions),
      (caught: unknown) => current && setError(caught),
    );
    return () => {
      current = false;
    };
  }, [machines, machineId, unknownMachine, filter]);

  // Live: each change of the chosen machine's executions (of every machine's, when none is chosen)
  // updates its row; new executions join the first page.
  useEffect(() => {
    if (machines === null || unknownMachine) return;
    return subscribe(
      ExecutionsChangedDocument,
      { stateMachineId: machineId ?? null },
      {
        next: ({ executionsChanged: row }) =>
          setPage((shown) => {
            if (!shown) return shown;
            const at = shown.edges.findIndex((edge) => edge.node.id === row.id);
            if (at >= 0) {
              const edges = [...shown.edges];
              edges[at] = { node: row };
              return { ...shown, edges };
            }
            if (filter.after || !matches(row, filter)) return shown;
            return { ...shown, totalCount: shown.totalCount + 1, edges: [{ node: row }, ...shown.edges] };
          }),
        error: setError,
      },
    );
  }, [machines, machineId, unknownMachine, filter]);

  const change = (next: Partial<ListFilter>) =>
    navigate(urlOf({ ...filter, after: undefined, ...next }), { replace: true });

  return (
    <>
      <h1>Executions</h1>
      <form
        className="filters"
        role="search"
        aria-label="Filter executions"
        onSubmit={(event) => {
          event.preventDefault();
          change(Object.fromEntries(TEXT_FIELDS.map((field) => [field, drafts[field].trim() || undefined])));
        }}
      >
        <label>
          Status
          <select
            value={filter.status ?? ''}
            onChange={(event) =>
              change({ status: (event.target.value || undefined) as ExecutionStatus | undefined })
            }
          >
            <option value="">Any</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </label>
        <label>
          State machine
          <select
            value={filter.machine ?? ''}
            onChange={(event) => change({ machine: event.target.value || undefined })}
          >
            <option value="">Any</option>
            {(machines ?? []).map((machine) => (
              <option key={machine.id} value={machine.name}>
                {machine.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Name starts with
          <input type="search" {...draftOf('name')} />
        </label>
        <label>
          Error name
          <input type="search" placeholder="States.TaskFailed" {...draftOf('error')} />
        </label>
        <label>
          Cause contains
          <input type="search" minLength={3} maxLength={200} {...draftOf('cause')} />
        </label>
        <label>
          Input
          <input
            type="search"
            className="input-condition"
            placeholder='$.customerId == "c-42"'
            title="$ then .name or ['name'] segments, == and a JSON value"
            {...draftOf('input')}
          />
        </label>
        <button type="submit">Filter</button>
      </form>
      {unknownMachine && <ErrorNotice error={`There is no state machine named ${filter.machine}`} />}
      {error ? <ErrorNotice error={error} action="Executions could not be loaded" /> : null}
      {page === null && !error ? (
        <p role="status">Loading executions…</p>
      ) : page ? (
        <ExecutionTable page={page} />
      ) : null}
      {page && (
        <nav className="pager" aria-label="Pages of executions">
          {filter.after && (
            <button type="button" onClick={() => change({})}>
              First page
            </button>
          )}
          {page.pageInfo.hasNextPage && page.pageInfo.endCursor && (
            <button
              type="button"
              onClick={() => navigate(urlOf({ ...filter, after: page.pageInfo.endCursor ?? undefined }))}
            >
              Next page
            </button>
          )}
        </nav>
      )}
    </>
  );
}

function ExecutionTable({ page }: { page: Page }) {
  if (page.edges.length === 0) return <p>No executions match.</p>;
  return (
    <table className="executions">
      <caption>
        {page.totalCount} {page.totalCount === 1 ? 'execution' : 'executions'}
      </caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">State machine</th>
          <th scope="col">Status</th>
          <th scope="col">Started</th>
          <th scope="col">Duration</th>
        </tr>
      </thead>
      <tbody>
        {page.edges.map(({ node }) => (
          <tr key={node.id} data-execution={node.id}>
            <td>
              <Link href={`/executions/${node.id}`}>{node.name}</Link>
            </td>
            <td>
              {node.stateMachine.name} <span className="muted">v{node.version}</span>
            </td>
            <td>
              <StatusBadge status={node.status} />
            </td>
            <td>{formatTime(node.startedAt)}</td>
            <td>{formatDuration(node.startedAt, node.stoppedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
