import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { navigate } from '../app/router';
import { ErrorNotice } from '../components/ErrorNotice';
import {
  ExecutionRestartDocument,
  ExecutionWaitingTasksDocument,
  SendTaskFailureDocument,
  SendTaskSuccessDocument,
  StartExecutionDocument,
  type ExecutionDetailFragment,
  type ExecutionWaitingTasksQuery,
  type HistoryEventFragment,
} from '../generated/graphql';
import { request } from '../graphql/client';
import { mayOperate, type SessionUser } from '../session/session';
import { readJson } from '../state-machines/json-text';
import { lastTaskWaitChange } from './waiting-tasks';

/**
 * Start again (same machine, version and input; a new execution), and for each task waiting on a
 * token, Send success / Send failure. For the roles that may start executions and answer tasks
 * (ExecutionStart and TaskRespond: operator, editor, admin); absent for the others.
 */
export function ExecutionActions({
  execution,
  user,
  live,
}: {
  execution: ExecutionDetailFragment;
  user: SessionUser;
  live: readonly HistoryEventFragment[];
}) {
  const [error, setError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  if (!mayOperate(user)) return null;

  const startAgain = async () => {
    setStarting(true);
    setError(null);
    try {
      const { execution: found } = await request(ExecutionRestartDocument, { id: execution.id });
      const { startExecution } = await request(StartExecutionDocument, {
        // As JSON text: the API reads a string input as JSON text, so a string input stays a string.
        input: {
          stateMachineId: found.stateMachine.id,
          version: found.version,
          input: JSON.stringify(found.input),
        },
      });
      navigate(`/executions/${startExecution.id}`);
    } catch (caught) {
      setError(caught);
      setStarting(false);
    }
  };

  return (
    <>
      <div className="actions">
        <button type="button" disabled={starting} onClick={() => void startAgain()}>
          Start again
        </button>
      </div>
      {error ? <ErrorNotice error={error} action="Start again failed" /> : null}
      {execution.status === 'RUNNING' && <WaitingTasks executionId={execution.id} live={live} />}
    </>
  );
}

type WaitingTask = ExecutionWaitingTasksQuery['execution']['waitingTasks'][number];

/**
 * The execution's tasks waiting on a token, with their tokens, from the API: read again when a live
 * event may have started or ended a wait.
 */
function WaitingTasks({ executionId, live }: { executionId: string; live: readonly HistoryEventFragment[] }) {
  const changed = useMemo(() => lastTaskWaitChange(live), [live]);
  const [tasks, setTasks] = useState<readonly WaitingTask[]>([]);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    request(ExecutionWaitingTasksDocument, { id: executionId })
      .then(({ execution }) => {
        if (!current) return;
        setTasks(execution.waitingTasks);
        setError(null);
      })
      .catch((caught: unknown) => current && setError(caught));
    return () => {
      current = false;
    };
    // changed: the seq of the last event that started or ended a wait, all the read depends on.
  }, [executionId, changed]);

  return (
    <>
      {error ? <ErrorNotice error={error} action="The waiting tasks could not be read" /> : null}
      {tasks.map((task) => (
        <TaskAnswer key={task.taskToken} task={task} />
      ))}
    </>
  );
}

function TaskAnswer({ task }: { task: WaitingTask }) {
  const [output, setOutput] = useState('{}');
  const [outputFault, setOutputFault] = useState<string | null>(null);
  const [failure, setFailure] = useState({ error: '', cause: '' });
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const headingId = `task-${task.scheduledSeq}`;
  // Map iterations and Parallel branches wait in the same state: their indexes tell them apart.
  const where = task.branchPath.length > 0 ? ` (branch or iteration ${task.branchPath.join(' › ')})` : '';

  const token = task.taskToken;

  const send = async (what: 'success' | 'failure') => {
    setError(null);
    if (what === 'success') {
      const read = readJson(output);
      setOutputFault(read.ok ? null : read.message);
      if (!read.ok) return;
    }
    setSending(true);
    try {
      if (what === 'success') {
        // As JSON text: the API reads a string output as JSON text (as AWS does).
        await request(SendTaskSuccessDocument, { taskToken: token, output: output.trim() });
      } else {
        await request(SendTaskFailureDocument, {
          taskToken: token,
          error: failure.error || null,
          cause: failure.cause || null,
        });
      }
      setSent(what === 'success' ? 'Success sent' : 'Failure sent');
    } catch (caught) {
      setError(caught);
    } finally {
      setSending(false);
    }
  };
  const submit = (what: 'success' | 'failure') => (event: FormEvent) => {
    event.preventDefault();
    void send(what);
  };

  return (
    <section className="task-answer" aria-labelledby={headingId} data-waiting-task={task.stateName}>
      <h2 id={headingId}>
        Task {task.stateName}
        {where} waits for a task token
      </h2>
      {sent && <p role="status">{sent}</p>}
      {error ? <ErrorNotice error={error} action="The answer was not taken" /> : null}
      <form onSubmit={submit('success')}>
        <label>
          Output
          <textarea
            value={output}
            rows={4}
            spellCheck={false}
            aria-invalid={outputFault !== null}
            onChange={(event) => setOutput(event.target.value)}
          />
        </label>
        {outputFault && (
          <p role="alert" className="error-notice">
            {outputFault}
          </p>
        )}
        <button type="submit" disabled={sending}>
          Send success
        </button>
      </form>
      <form onSubmit={submit('failure')}>
        <label>
          Error
          <input
            value={failure.error}
            onChange={(event) => setFailure({ ...failure, error: event.target.value })}
          />
        </label>
        <label>
          Cause
          <input
            value={failure.cause}
            onChange={(event) => setFailure({ ...failure, cause: event.target.value })}
          />
        </label>
        <button type="submit" disabled={sending}>
          Send failure
        </button>
      </form>
    </section>
  );
}
