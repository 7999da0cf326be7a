import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatTime } from '../../components/format';
import {
  ApiKeysDocument,
  CreateApiKeyDocument,
  RevokeApiKeyDocument,
  type ApiKeyRowFragment,
  type CreateApiKeyMutation,
  type Role,
} from '../../generated/graphql';
import { request } from '../../graphql/client';
import type { SessionUser } from '../../session/session';
import { AdminOnly } from './AdminOnly';
import { RoleOptions } from './RoleOptions';

/** Usually `worker` (poll activities, answer task tokens); any role a key may carry. */
const KEY_ROLES: readonly Role[] = ['worker', 'viewer', 'operator', 'editor', 'admin'];

/** Live API keys, newest first; create one (its secret shown once, here only) or revoke one. */
export function ApiKeysPage({ user }: { user: SessionUser }) {
  return (
    <AdminOnly user={user} here="/admin/api-keys" title="API keys">
      <ApiKeys />
    </AdminOnly>
  );
}

function ApiKeys() {
  const [keys, setKeys] = useState<readonly ApiKeyRowFragment[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  // The secret lives in this component's memory only: a reload or leaving the page forgets it.
  const [created, setCreated] = useState<CreateApiKeyMutation['createApiKey'] | null>(null);

  const load = useCallback(() => {
    setError(null);
    request(ApiKeysDocument, {}).then((data) => setKeys(data.apiKeys), setError);
  }, []);
  useEffect(load, [load]);

  return (
    <>
      <CreateKeyForm
        onCreated={(answer) => {
          setCreated(answer);
          load();
        }}
      />
      {created && <NewSecret created={created} onDone={() => setCreated(null)} />}
      {error ? <ErrorNotice error={error} action="API keys could not be loaded" /> : null}
      {keys === null && !error ? <p role="status">Loading API keys…</p> : null}
      {keys?.length === 0 && <p>No live API keys.</p>}
      {keys && keys.length > 0 && (
        <table className="api-keys">
          <caption>
            {keys.length} live {keys.length === 1 ? 'key' : 'keys'}
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Access key id</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <KeyRow
                key={key.id}
                row={key}
                onRevoked={() => setKeys((shown) => shown?.filter((other) => other.id !== key.id) ?? null)}
              />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (answer: CreateApiKeyMutation['createApiKey']) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('worker');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    request(CreateApiKeyDocument, { input: { name: name.trim(), role } })
      .then(({ createApiKey }) => {
        setName('');
        onCreated(createApiKey);
      }, setError)
      .finally(() => setBusy(false));
  };

  return (
    <form className="filters" aria-label="Create an API key" onSubmit={submit}>
      <label>
        Name
        <input required placeholder="billing worker" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Role
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <RoleOptions roles={KEY_ROLES} />
        </select>
      </label>
      <button type="submit" disabled={busy}>
        Create API key
      </button>
      {error ? <ErrorNotice error={error} action="The API key could not be created" /> : null}
    </form>
  );
}

function NewSecret({
  created,
  onDone,
}: {
  created: CreateApiKeyMutation['createApiKey'];
  onDone: () => void;
}) {
  return (
    <section className="secret" aria-labelledby="new-key-heading">
      <h2 id="new-key-heading">The key of “{created.apiKey.name}”</h2>
      <p>
        <strong>Copy them now: the key and the secret access key will not be shown again.</strong> Send the
        key as <code>Authorization: Bearer &lt;key&gt;</code>; give AWS SDKs and the AWS CLI the access key id
        and the secret access key (Signature Version 4).
      </p>
      <CopyableValue label="New API key" value={created.key} />
      <CopyableValue label="Access key id" value={created.accessKeyId} />
      <CopyableValue label="Secret access key" value={created.secretAccessKey} />
      <button type="button" onClick={onDone}>
        Done
      </button>
    </section>
  );
}

/** One value shown once, selected on focus, with its own Copy button. */
function CopyableValue({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(value).then(
      () => setCopied('Copied.'),
      () => setCopied('The browser refused to copy: select the value and copy it by hand.'),
    );
  return (
    <p>
      <label>
        {label} <input readOnly value={value} onFocus={(e) => e.target.select()} />
      </label>{' '}
      <button type="button" aria-label={`Copy ${label}`} onClick={() => void copy()}>
        Copy
      </button>
      {copied && <span role="status"> {copied}</span>}
    </p>
  );
}

/** One key; revoking asks once more, since a revoked key cannot come back. */
function KeyRow({ row, onRevoked }: { row: ApiKeyRowFragment; onRevoked: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const revoke = () => {
    setBusy(true);
    setError(null);
    request(RevokeApiKeyDocument, { id: row.id })
      .then(onRevoked, setError)
      .finally(() => setBusy(false));
  };
  return (
    <tr data-api-key={row.name}>
      <td>
        {row.name}
        {error ? <ErrorNotice error={error} action="Not revoked" /> : null}
      </td>
      <td>{row.role}</td>
      <td>
        {row.accessKeyId ? <code>{row.accessKeyId}</code> : 'none (Bearer only: create a new key for a pair)'}
      </td>
      <td>{formatTime(row.createdAt)}</td>
      <td>{row.lastUsedAt ? formatTime(row.lastUsedAt) : 'never'}</td>
      <td>
        {confirming ? (
          <>
            <button
              type="button"
              disabled={busy}
              aria-label={`Confirm revoking ${row.name}`}
              onClick={revoke}
            >
              Revoke for good
            </button>{' '}
            <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" aria-label={`Revoke ${row.name}`} onClick={() => setConfirming(true)}>
            Revoke
          </button>
        )}
      </td>
    </tr>
  );
}
