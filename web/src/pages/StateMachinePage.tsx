import '../state-machines/state-machines.css';
import { useEffect, useId, useMemo, useState } from 'react';
import { Link } from '../app/router';
import { ErrorNotice } from '../components/ErrorNotice';
import { formatDuration, formatTime } from '../components/format';
import { StatusBadge } from '../components/StatusBadge';
import {
  ExecutionsChangedDocument,
  ExecutionsPageDocument,
  StateMachineViewDocument,
  type ExecutionsPageQuery,
  type StateMachineViewQuery,
} from '../generated/graphql';
import { request, subscribe } from '../graphql/client';
import { buildStateGraph } from '../graph/graph-model';
import { StateGraph } from '../graph/StateGraph';
import { mayOperate, type SessionUser } from '../session/session';
import { diffLines, prettyJson } from '../state-machines/line-diff';
import { StartExecutionForm } from '../state-machines/StartExecutionForm';

/** The versions the page offers: the newest, as many as the API gives at once. */
const VERSIONS_SHOWN = 100;
const EXECUTIONS_SHOWN = 20;

type Machine = StateMachineViewQuery['stateMachine'];
type Version = Machine['versions']['edges'][number]['node'];

/** One state machine: its graph by version, a diff of two versions, its executions, and Start. */
export function StateMachinePage({ name, user }: { name: string; user: SessionUser }) {
  const [machine, setMachine] = useState<Machine | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [shown, setShown] = useState<number | null>(null);
  const [starting, setStarting] = useState(false);
  const versionId = useId();

  useEffect(() => {
    let current = true;
    request(StateMachineViewDocument, { name, first: VERSIONS_SHOWN }).then(
      ({ stateMachine }) => {
        if (!current) return;
        setMachine(stateMachine);
        setShown(stateMachine.version);
      },
      (caught: unknown) => current && setError(caught),
    );
    return () => {
      current = false;
    };
  }, [name]);

  const versions = useMemo(() => machine?.versions.edges.map((edge) => edge.node) ?? [], [machine]);
  const version = versions.find((candidate) => candidate.version === shown);
  const model = useMemo(() => (version ? buildStateGraph(version.definition) : null), [version]);

  if (error)
    return (
      <>
        <ErrorNotice error={error} action="This state machine could not be loaded" />
        <p>
          <Link href="/state-machines">All state machines</Link>
        </p>
      </>
    );
  if (!machine) return <p role="status">Loading the state machine…</p>;

  return (
    <>
      <p className="breadcrumbs">
        <Link href="/state-machines">State machines</Link>
      </p>
      <h1>{machine.name}</h1>
      {machine.description && <p>{machine.description}</p>}
      <dl className="facts">
        <dt>Latest version</dt>
        <dd>{machine.version}</dd>
        <dt>Created</dt>
        <dd>{formatTime(machine.createdAt)}</dd>
        <dt>Updated</dt>
        <dd>{formatTime(machine.updatedAt)}</dd>
        <dt>Schedules</dt>
        <dd>
          <Link href={`/schedules?stateMachineId=${machine.id}`}>Its schedules</Link>
        </dd>
      </dl>
      {mayOperate(user) &&
        (starting ? (
          <StartExecutionForm machineId={machine.id} onCancel={() => setStarting(false)} />
        ) : (
          <div className="actions">
            <button type="button" onClick={() => setStarting(true)}>
              Start execution
            </button>
          </div>
        ))}
      <section aria-labelledby="graph-heading">
        <h2 id="graph-heading">Graph</h2>
        <div className="inline-field">
          <label htmlFor={versionId}>Version</label>
          <select
            id={versionId}
            value={shown ?? ''}
            onChange={(event) => setShown(Number(event.target.value))}
          >
            {versions.map((candidate) => (
              <option key={candidate.version} value={candidate.version}>
                {candidate.version} ({formatTime(candidate.createdAt)})
              </option>
            ))}
          </select>
        </div>
        {machine.versions.totalCount > versions.length && (
          <p className="muted">
            The newest {versions.length} of {machine.versions.totalCount} versions.
          </p>
        )}
        {model && <StateGraph model={model} />}
      </section>
      {versions.length > 1 && <VersionDiff versions={versions} />}
      <MachineExecutions machine={machine} />
    </>
  );
}

/** Two versions' definitions, pretty-printed, line by line: what the later one removed and added. */
function VersionDiff({ versions }: { versions: readonly Version[] }) {
  // Newest first: by default, what the latest version changed from the one before.
  const [from, setFrom] = useState(versions[1]!.version);
  const [to, setTo] = useState(versions[0]!.version);
  const lines = useMemo(() => {
    const before = versions.find((candidate) => candidate.version === from);
    const after = versions.find((candidate) => candidate.version === to);
    return before && after ? diffLines(prettyJson(before.definition), prettyJson(after.definition)) : [];
  }, [versions, from, to]);
  const pickerId = useId();
  const picker = (label: string, value: number, set: (version: number) => void) => (
    <div className="inline-field">
      <label htmlFor={`${pickerId}-${label}`}>{label}</label>
      <select id={`${pickerId}-${label}`} value={value} onChange={(event) => set(Number(event.target.value))}>
        {versions.map((candidate) => (
          <option key={candidate.version} value={candidate.version}>
            {candidate.version}
          </option>
        ))}
      </select>
    </div>
  );
  const changed = lines.filter((line) => line.kind !== 'same').length;
  return (
    <section aria-labelledby="diff-heading">
      <h2 id="diff-heading">Differences between versions</h2>
      <div className="filters">
        {picker('From version', from, setFrom)}
        {picker('To version', to, setTo)}
      </div>
      <p className="muted">
        {changed === 0 ? 'The two definitions are the same.' : `${changed} lines differ.`}
      </p>
      <pre className="diff" aria-label={`Definition of version ${from} against version ${to}`} tabIndex={0}>
        {lines.map((line, index) => (
          <span key={index} className={`diff-${line.kind}`}>
            {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}
            {line.text}
            {'\n'}
          </span>
        ))}
      </pre>
    </section>
  );
}

type ExecutionsPage = ExecutionsPageQuery['executions'];

/** The machine's newest executions, kept live, each a link to its page; the full list is filtered by machine. */
function MachineExecutions({ machine }: { machine: Machine }) {
  const [page, setPage] = useState<ExecutionsPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let current = true;
    request(ExecutionsPageDocument, {
      first: EXECUTIONS_SHOWN,
      after: null,
      filter: { stateMachineId: machine.id },
    }).then(
      (data) => current && setPage(data.executions),
      (caught: unknown) => current && setError(caught),
    );
    return () => {
      current = false;
    };
  }, [machine.id]);
  // Live: a change updates its row; a new execution joins the top.
  useEffect(
    () =>
      subscribe(
        ExecutionsChangedDocument,
        { stateMachineId: machine.id },
        {
          next: ({ executionsChanged: row }) =>
            setPage((shown) => {
              if (!shown) return shown;
              const at = shown.edges.findIndex((edge) => edge.node.id === row.id);
              if (at < 0)
                return { ...shown, totalCount: shown.totalCount + 1, edges: [{ node: row }, ...shown.edges] };
              const edges = [...shown.edges];
              edges[at] = { node: row };
              return { ...shown, edges };
            }),
          error: setError,
        },
      ),
    [machine.id],
  );
  return (
    <section aria-labelledby="executions-heading">
      <h2 id="executions-heading">Executions</h2>
      {error ? <ErrorNotice error={error} action="Executions could not be loaded" /> : null}
      {page === null && !error && <p role="status">Loading executions…</p>}
      {page && page.edges.length === 0 && <p>No executions yet.</p>}
      {page && page.edges.length > 0 && (
        <table className="executions">
          <caption>
            {page.totalCount} {page.totalCount === 1 ? 'execution' : 'executions'}
            {page.pageInfo.hasNextPage && (
              <>
                {' '}
                (the newest {page.edges.length};{' '}
                <Link href={`/executions?machine=${encodeURIComponent(machine.name)}`}>see them all</Link>)
              </>
            )}
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Version</th>
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
                <td>{node.version}</td>
                <td>
                  <StatusBadge status={node.status} />
                </td>
                <td>{formatTime(node.startedAt)}</td>
                <td>{formatDuration(node.startedAt, node.stoppedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
