import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatTime } from '../../components/format';
import {
  CreateUserDocument,
  UpdateUserDocument,
  UsersPageDocument,
  type Role,
  type UserRowFragment,
  type UsersPageQuery,
} from '../../generated/graphql';
import { request } from '../../graphql/client';
import type { SessionUser } from '../../session/session';
import { AdminOnly } from './AdminOnly';
import { RoleOptions } from './RoleOptions';

/** The roles a person may have; `worker` is for API keys only (docs/security.md). */
const USER_ROLES: readonly Role[] = ['viewer', 'operator', 'editor', 'admin'];
const PAGE_SIZE = 50;

type Page = UsersPageQuery['users'];

/** Users in email order, paged by cursor; create one, change a role, disable or enable. */
export function UsersPage({ user }: { user: SessionUser }) {
  return (
    <AdminOnly user={user} here="/admin/users" title="Users">
      <Users self={user} />
    </AdminOnly>
  );
}

function Users({ self }: { self: SessionUser }) {
  // The cursors of the pages before this one, to go back; `undefined` is the first page.
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);
  const after = cursors.at(-1);

  const load = useCallback(() => {
    setError(null);
    request(UsersPageDocument, { first: PAGE_SIZE, after: after ?? null }).then(
      (data) => setPage(data.users),
      setError,
    );
  }, [after]);
  useEffect(load, [load]);

  const replaced = (row: UserRowFragment) =>
    setPage((shown) =>
      shown
        ? { ...shown, edges: shown.edges.map((edge) => (edge.node.id === row.id ? { node: row } : edge)) }
        : shown,
    );

  return (
    <>
      <CreateUserForm onCreated={load} />
      {error ? <ErrorNotice error={error} action="Users could not be loaded" /> : null}
      {page === null && !error ? <p role="status">Loading users…</p> : null}
      {page && (
        <table className="users">
          <caption>
            {page.totalCount} {page.totalCount === 1 ? 'user' : 'users'}
          </caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {page.edges.map(({ node }) => (
              <UserRow key={node.id} row={node} isSelf={node.id === self.id} onChanged={replaced} />
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label="Pages of users">
        {cursors.length > 1 && (
          <button type="button" onClick={() => setCursors((shown) => shown.slice(0, -1))}>
            Previous page
          </button>
        )}
        {page?.pageInfo.hasNextPage && page.pageInfo.endCursor && (
          <button
            type="button"
            onClick={() => setCursors((shown) => [...shown, page.pageInfo.endCursor ?? undefined])}
          >
            Next page
          </button>
        )}
      </nav>
    </>
  );
}

function CreateUserForm({ onCreated }: { onCreated: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    request(CreateUserDocument, { input: { email: email.trim(), password, role } })
      .then(({ createUser }) => {
        setCreated(createUser.email);
        setEmail('');
        setPassword('');
        onCreated();
      }, setError)
      .finally(() => setBusy(false));
  };

  return (
    <form className="filters" aria-label="Create a user" onSubmit={submit}>
      <label>
        Email
        <input
          type="email"
          required
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </label>
      <label>
        Password
        <input
          type="password"
          required
          minLength={12}
          autoComplete="new-password"
          aria-describedby="password-rule"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <span id="password-rule" className="muted">
        At least 12 characters.
      </span>
      <label>
        Role
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <RoleOptions roles={USER_ROLES} />
        </select>
      </label>
      <button type="submit" disabled={busy}>
        Create user
      </button>
      {error ? <ErrorNotice error={error} action="The user could not be created" /> : null}
      {created && <p role="status">Created {created}.</p>}
    </form>
  );
}

/** One user; an admin's own row offers no change, so that nobody locks themselves out by a click. */
function UserRow({
  row,
  isSelf,
  onChanged,
}: {
  row: UserRowFragment;
  isSelf: boolean;
  onChanged: (row: UserRowFragment) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const update = (input: { role?: Role; disabled?: boolean }) => {
    setBusy(true);
    setError(null);
    request(UpdateUserDocument, { id: row.id, input })
      .then(({ updateUser }) => onChanged(updateUser), setError)
      .finally(() => setBusy(false));
  };
  return (
    <tr data-user={row.email}>
      <td>
        {row.email}
        {isSelf && <span className="muted"> (you)</span>}
        {error ? <ErrorNotice error={error} action="Not changed" /> : null}
      </td>
      <td>
        {isSelf ? (
          row.role
        ) : (
          <select
            aria-label={`Role of ${row.email}`}
            value={row.role}
            disabled={busy}
            onChange={(e) => update({ role: e.target.value as Role })}
          >
            <RoleOptions roles={USER_ROLES} />
          </select>
        )}
      </td>
      <td>{row.disabled ? 'Disabled' : 'Active'}</td>
      <td>{formatTime(row.createdAt)}</td>
      <td>
        {!isSelf && (
          <button
            type="button"
            disabled={busy}
            aria-label={`${row.disabled ? 'Enable' : 'Disable'} ${row.email}`}
            onClick={() => update({ disabled: !row.disabled })}
          >
            {row.disabled ? 'Enable' : 'Disable'}
          </button>
        )}
      </td>
    </tr>
  );
}
