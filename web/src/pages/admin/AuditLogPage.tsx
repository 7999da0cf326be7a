import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { navigate, type Place } from '../../app/router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatTime } from '../../components/format';
import { AuditLogPageDocument, type AuditLogPageQuery, type AuditOutcome } from '../../generated/graphql';
import { request } from '../../graphql/client';
import type { SessionUser } from '../../session/session';
import { AdminOnly } from './AdminOnly';

const OUTCOMES: readonly AuditOutcome[] = ['success', 'denied', 'failed'];
const PAGE_SIZE = 50;
const FIELDS = ['operation', 'actor', 'outcome', 'since', 'until', 'after'] as const;

/** The log's filter, as the URL holds it (times as ISO instants), so that a view can be shared. */
type AuditFilter = Partial<Record<(typeof FIELDS)[number], string>>;

function filterOf(query: URLSearchParams): AuditFilter {
  const filter: AuditFilter = {};
  for (const field of FIELDS) {
    const value = query.get(field);
    if (value) filter[field] = value;
  }
  if (filter.outcome && !OUTCOMES.includes(filter.outcome as AuditOutcome)) delete filter.outcome;
  return filter;
}

function urlOf(filter: AuditFilter): string {
  const query = new URLSearchParams();
  for (const field of FIELDS) if (filter[field]) query.set(field, filter[field]!);
  const text = query.toString();
  return text ? `/admin/audit?${text}` : '/admin/audit';
}

/** `<input type="datetime-local">` speaks the browser's local time; the URL and the API, instants. */
function localOf(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function instantOf(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

type Page = AuditLogPageQuery['auditLog'];

/** The audit log, newest first, filtered on the server and paged by cursor. */
export function AuditLogPage({ user, place }: { user: SessionUser; place: Place }) {
  return (
    <AdminOnly user={user} here="/admin/audit" title="Audit log">
      {/* A new URL (back, forward, a shared link) starts the form over from its filter. */}
      <AuditLog key={place.query.toString()} place={place} />
    </AdminOnly>
  );
}

function AuditLog({ place }: { place: Place }) {
  const filter = useMemo(() => filterOf(place.query), [place.query]);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [draft, setDraft] = useState(() => ({
    operation: filter.operation ?? '',
    actor: filter.actor ?? '',
    outcome: filter.outcome ?? '',
    since: localOf(filter.since),
    until: localOf(filter.until),
  }));

  useEffect(() => {
    let current = true;
    setError(null);
    setPage(null);
    request(AuditLogPageDocument, {
      first: PAGE_SIZE,
      after: filter.after ?? null,
      filter: {
        ...(filter.operation ? { operation: filter.operation } : {}),
        ...(filter.actor ? { actorId: filter.actor } : {}),
        ...(filter.outcome ? { outcome: filter.outcome as AuditOutcome } : {}),
        ...(filter.since ? { since: filter.since } : {}),
        ...(filter.until ? { until: filter.until } : {}),
      },
    }).then(
      (data) => current && setPage(data.auditLog),
      (caught: unknown) => current && setError(caught),
    );
    return () => {
      current = false;
    };
  }, [filter]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(
      urlOf({
        operation: draft.operation.trim() || undefined,
        actor: draft.actor.trim() || undefined,
        outcome: draft.outcome || undefined,
        since: instantOf(draft.since),
        until: instantOf(draft.until),
      }),
      { replace: true },
    );
  };
  const edit = (field: keyof typeof draft) => (event: { target: { value: string } }) =>
    setDraft((shown) => ({ ...shown, [field]: event.target.value }));

  return (
    <>
      <form className="filters" role="search" aria-label="Filter the audit log" onSubmit={submit}>
        <label>
          Operation
          <input
            type="search"
            placeholder="createUser"
            aria-describedby="operation-hint"
            value={draft.operation}
            onChange={edit('operation')}
          />
        </label>
        <label>
          Actor id
          <input type="search" value={draft.actor} onChange={edit('actor')} />
        </label>
        <label>
          Outcome
          <select value={draft.outcome} onChange={edit('outcome')}>
            <option value="">Any</option>
            {OUTCOMES.map((outcome) => (
              <option key={outcome} value={outcome}>
                {outcome}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="datetime-local" value={draft.since} onChange={edit('since')} />
        </label>
        <label>
          Before
          <input type="datetime-local" value={draft.until} onChange={edit('until')} />
        </label>
        <button type="submit">Filter</button>
        <span id="operation-hint" className="muted">
          An exact operation: a GraphQL field, a REST route or an event such as auth.login.
        </span>
      </form>
      {error ? <ErrorNotice error={error} action="The audit log could not be loaded" /> : null}
      {page === null && !error ? <p role="status">Loading the audit log…</p> : null}
      {page && page.edges.length === 0 && <p>No audit rows match.</p>}
      {page && page.edges.length > 0 && (
        <table className="audit">
          <caption>
            {page.totalCount} {page.totalCount === 1 ? 'row' : 'rows'}, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Seq</th>
              <th scope="col">When</th>
              <th scope="col">Operation</th>
              <th scope="col">Outcome</th>
              <th scope="col">Actor</th>
              <th scope="col">Targets</th>
              <th scope="col">Error code</th>
            </tr>
          </thead>
          <tbody>
            {page.edges.map(({ node }) => (
              <tr key={node.seq} data-audit-seq={node.seq}>
                <td>{node.seq}</td>
                <td>{formatTime(node.occurredAt)}</td>
                <td>
                  <code>{node.operation}</code>
                </td>
                <td>{node.outcome}</td>
                <td>
                  {node.actorType}
                  {node.actorId && <span className="muted"> {node.actorId}</span>}
                </td>
                <td>{node.targetIds.join(', ')}</td>
                <td>{node.errorCode ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page && (
        <nav className="pager" aria-label="Pages of the audit log">
          {filter.after && (
            <button type="button" onClick={() => navigate(urlOf({ ...filter, after: undefined }))}>
              Newest
            </button>
          )}
          {page.pageInfo.hasNextPage && page.pageInfo.endCursor && (
            <button
              type="button"
              onClick={() => navigate(urlOf({ ...filter, after: page.pageInfo.endCursor ?? undefined }))}
            >
              Older
            </button>
          )}
        </nav>
      )}
    </>
  );
}
