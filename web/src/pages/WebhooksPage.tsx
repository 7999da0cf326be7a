import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link } from '../app/router';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatTime } from '../components/format';
import {
  CreateWebhookDocument,
  DeleteWebhookDocument,
  RotateWebhookSecretDocument,
  SetWebhookEnabledDocument,
  WebhookStateMachinesDocument,
  WebhooksDocument,
  type CreateWebhookMutation,
  type WebhookRowFragment,
  type WebhookSignature,
} from '../generated/graphql';
import { request } from '../graphql/client';
import { mayEdit, type SessionUser } from '../session/session';
import { absoluteHookUrl, overlapSecondsOf, signedCurlExample } from '../webhooks/webhook-text';

const PAGE_SIZE = 100;

/** A secret just made (by create or rotate), kept in this page's memory only. */
type ShownSecret = CreateWebhookMutation['createWebhook'] & { readonly rotated: boolean };

/** Webhooks, newest first; editors create, rotate, enable or disable and delete them. */
export function WebhooksPage({ user }: { user: SessionUser }) {
  const [hooks, setHooks] = useState<readonly WebhookRowFragment[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<unknown>(null);
  // The secret lives in this component's memory only: a reload or leaving the page forgets it.
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const editor = mayEdit(user);

  const load = useCallback(() => {
    setError(null);
    request(WebhooksDocument, { first: PAGE_SIZE, after: null }).then((data) => {
      setHooks(data.webhooks.edges.map((edge) => edge.node));
      setTotal(data.webhooks.totalCount);
    }, setError);
  }, []);
  useEffect(load, [load]);

  const replace = (hook: WebhookRowFragment) =>
    setHooks((current) => current?.map((other) => (other.id === hook.id ? hook : other)) ?? null);

  return (
    <>
      <h1>Webhooks</h1>
      <p className="muted">
        A signed POST to a webhook&apos;s URL starts an execution of its state machine. How to sign:{' '}
        <code>docs/triggers.md</code>.
      </p>
      {editor && (
        <CreateWebhookForm
          onCreated={(answer) => {
            setShown({ ...answer, rotated: false });
            load();
          }}
        />
      )}
      {shown && <NewSecret shown={shown} onDone={() => setShown(null)} />}
      {error ? <ErrorNotice error={error} action="Webhooks could not be loaded" /> : null}
      {hooks === null && !error ? <p role="status">Loading webhooks…</p> : null}
      {hooks?.length === 0 && <p>No webhooks yet.</p>}
      {hooks && hooks.length > 0 && (
        <table className="webhooks">
          <caption>
            {total} {total === 1 ? 'webhook' : 'webhooks'}
            {total > hooks.length ? ` (the newest ${hooks.length} shown)` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">State machine</th>
              <th scope="col">Signature</th>
              <th scope="col">URL</th>
              <th scope="col">State</th>
              <th scope="col">Created</th>
              {editor && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {hooks.map((hook) => (
              <WebhookRow
                key={hook.id}
                hook={hook}
                editor={editor}
                onChanged={replace}
                onRotated={(answer) => {
                  replace(answer.webhook);
                  setShown({ ...answer, rotated: true });
                }}
                onDeleted={() => {
                  setHooks((current) => current?.filter((other) => other.id !== hook.id) ?? null);
                  setTotal((count) => count - 1);
                }}
              />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function CreateWebhookForm({
  onCreated,
}: {
  onCreated: (answer: CreateWebhookMutation['createWebhook']) => void;
}) {
  const [machines, setMachines] = useState<ReadonlyArray<{ id: string; name: string }>>([]);
  const [name, setName] = useState('');
  const [machineId, setMachineId] = useState('');
  const [signature, setSignature] = useState<WebhookSignature>('STEPGRAPH');
  const [transform, setTransform] = useState('');
  const [header, setHeader] = useState('Idempotency-Key');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    request(WebhookStateMachinesDocument, {}).then((data) => {
      const nodes = data.stateMachines.edges.map((edge) => edge.node);
      setMachines(nodes);
      setMachineId((current) => current || nodes[0]?.id || '');
    }, setError);
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    request(CreateWebhookDocument, {
      input: {
        name: name.trim(),
        stateMachineId: machineId,
        signature,
        idempotencyHeader: header.trim(),
        inputTransform: transform.trim() === '' ? null : transform,
      },
    })
      .then(({ createWebhook }) => {
        setName('');
        setTransform('');
        onCreated(createWebhook);
      }, setError)
      .finally(() => setBusy(false));
  };

  return (
    <form className="filters" aria-label="Create a webhook" onSubmit={submit}>
      <label>
        Name
        <input required placeholder="github-push" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        State machine
        <select required value={machineId} onChange={(e) => setMachineId(e.target.value)}>
          {machines.map((machine) => (
            <option key={machine.id} value={machine.id}>
              {machine.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Signature
        <select value={signature} onChange={(e) => setSignature(e.target.value as WebhookSignature)}>
          <option value="STEPGRAPH">Stepgraph-Signature</option>
          <option value="GITHUB">GitHub (X-Hub-Signature-256)</option>
        </select>
      </label>
      <label>
        Idempotency header
        <input value={header} onChange={(e) => setHeader(e.target.value)} />
      </label>
      <label>
        Input transform (JSONata, optional)
        <input
          placeholder='{ "ref": body.ref }'
          value={transform}
          onChange={(e) => setTransform(e.target.value)}
        />
      </label>
      <button type="submit" disabled={busy || machineId === ''}>
        Create webhook
      </button>
      {error ? <ErrorNotice error={error} action="The webhook could not be created" /> : null}
    </form>
  );
}

function NewSecret({ shown, onDone }: { shown: ShownSecret; onDone: () => void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const url = absoluteHookUrl(shown.webhook.url, location.origin);
  const copy = (text: string, what: string) =>
    navigator.clipboard.writeText(text).then(
      () => setCopied(`${what} copied.`),
      () => setCopied('The browser refused to copy: select the text and copy it by hand.'),
    );
  return (
    <section className="secret" aria-labelledby="new-secret-heading">
      <h2 id="new-secret-heading">
        {shown.rotated ? 'The new secret' : 'The secret'} of “{shown.webhook.name}”
      </h2>
      <p>
        <strong>Copy the secret now: it will not be shown again.</strong> Senders sign each call with it
        {shown.rotated && shown.webhook.previousSecretExpiresAt
          ? `; the old secret still verifies until ${formatTime(shown.webhook.previousSecretExpiresAt)}`
          : ''}
        .
      </p>
      <label>
        URL <input readOnly value={url} onFocus={(e) => e.target.select()} />
      </label>{' '}
      <button type="button" onClick={() => void copy(url, 'URL')}>
        Copy URL
      </button>
      <br />
      <label>
        Secret <input readOnly value={shown.secret} onFocus={(e) => e.target.select()} />
      </label>{' '}
      <button type="button" onClick={() => void copy(shown.secret, 'Secret')}>
        Copy secret
      </button>{' '}
      <button type="button" onClick={onDone}>
        Done
      </button>
      {copied && <p role="status">{copied}</p>}
      <p>
        A test call, with the secret in <code>$SECRET</code>:
      </p>
      <pre>{signedCurlExample(url, shown.webhook.signature)}</pre>
    </section>
  );
}

function WebhookRow({
  hook,
  editor,
  onChanged,
  onRotated,
  onDeleted,
}: {
  hook: WebhookRowFragment;
  editor: boolean;
  onChanged: (hook: WebhookRowFragment) => void;
  onRotated: (answer: CreateWebhookMutation['createWebhook']) => void;
  onDeleted: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [rotating, setRotating] = useState(false);
  const [overlapHours, setOverlapHours] = useState('24');
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  const act = <T,>(work: Promise<T>, then: (value: T) => void) => {
    setBusy(true);
    setError(null);
    work.then(then, setError).finally(() => setBusy(false));
  };
  const overlap = overlapSecondsOf(overlapHours);

  return (
    <tr data-webhook={hook.name}>
      <td>
        {hook.name}
        {error ? <ErrorNotice error={error} action="Not done" /> : null}
      </td>
      <td>
        <Link href={`/state-machines/${encodeURIComponent(hook.stateMachine.name)}`}>
          {hook.stateMachine.name}
        </Link>
      </td>
      <td>{hook.signature}</td>
      <td>
        <code>{absoluteHookUrl(hook.url, location.origin)}</code>
      </td>
      <td data-enabled={hook.enabled}>{hook.enabled ? 'enabled' : 'disabled'}</td>
      <td>{formatTime(hook.createdAt)}</td>
      {editor && (
        <td>
          <button
            type="button"
            disabled={busy}
            aria-label={`${hook.enabled ? 'Disable' : 'Enable'} ${hook.name}`}
            onClick={() =>
              act(request(SetWebhookEnabledDocument, { id: hook.id, enabled: !hook.enabled }), (data) =>
                onChanged(data.updateWebhook),
              )
            }
          >
            {hook.enabled ? 'Disable' : 'Enable'}
          </button>{' '}
          {rotating ? (
            <>
              <label>
                Old secret valid for (hours){' '}
                <input
                  size={4}
                  value={overlapHours}
                  aria-invalid={!overlap.ok}
                  onChange={(e) => setOverlapHours(e.target.value)}
                />
              </label>{' '}
              <button
                type="button"
                disabled={busy || !overlap.ok}
                aria-label={`Confirm rotating the secret of ${hook.name}`}
                onClick={() =>
                  overlap.ok &&
                  act(
                    request(RotateWebhookSecretDocument, { id: hook.id, overlapSeconds: overlap.seconds }),
                    (data) => {
                      setRotating(false);
                      onRotated(data.rotateWebhookSecret);
                    },
                  )
                }
              >
                Rotate
              </button>{' '}
              <button type="button" disabled={busy} onClick={() => setRotating(false)}>
                Cancel
              </button>
              {!overlap.ok && <span role="alert">{overlap.message}</span>}
            </>
          ) : (
            <button
              type="button"
              aria-label={`Rotate the secret of ${hook.name}`}
              onClick={() => setRotating(true)}
            >
              Rotate secret
            </button>
          )}{' '}
          {confirmingDelete ? (
            <>
              <button
                type="button"
                disabled={busy}
                aria-label={`Confirm deleting ${hook.name}`}
                onClick={() => act(request(DeleteWebhookDocument, { id: hook.id }), onDeleted)}
              >
                Delete for good
              </button>{' '}
              <button type="button" disabled={busy} onClick={() => setConfirmingDelete(false)}>
                Cancel
              </button>
            </>
          ) : (
            <button
              type="button"
              aria-label={`Delete ${hook.name}`}
              onClick={() => setConfirmingDelete(true)}
            >
              Delete
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
