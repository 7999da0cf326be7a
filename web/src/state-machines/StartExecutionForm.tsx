import './state-machines.css';
import { useState } from 'react';
import { navigate } from '../app/router';
import { ErrorNotice } from '../components/ErrorNotice';
import { StartExecutionDocument } from '../generated/graphql';
import { request } from '../graphql/client';
import { readJson } from './json-text';

/**
 * Starts an execution of the latest version of `machineId`: its input is checked as JSON here and
 * nothing is sent when it is not; on success the page moves to the new execution.
 */
export function StartExecutionForm({ machineId, onCancel }: { machineId: string; onCancel: () => void }) {
  const [input, setInput] = useState('{}');
  const [name, setName] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const [startError, setStartError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);

  const start = async () => {
    const read = readJson(input);
    if (!read.ok) {
      setInputError(read.message);
      return;
    }
    setInputError(null);
    setStartError(null);
    setStarting(true);
    try {
      const { startExecution } = await request(StartExecutionDocument, {
        input: {
          stateMachineId: machineId,
          // The API reads a string input as JSON text: the text as typed, checked above, keeps its numbers exact.
          input,
          ...(name.trim() ? { name: name.trim() } : {}),
        },
      });
      navigate(`/executions/${startExecution.id}`);
    } catch (error) {
      setStartError(error);
      setStarting(false);
    }
  };

  return (
    <form
      className="start-execution card"
      aria-label="Start an execution"
      onSubmit={(event) => {
        event.preventDefault();
        void start();
      }}
    >
      <label className="editor">
        Input
        <textarea
          value={input}
          onChange={(event) => setInput(event.target.value)}
          rows={8}
          spellCheck={false}
          aria-invalid={inputError !== null}
        />
      </label>
      {inputError && (
        <p className="error-notice" role="alert">
          The input was not sent. {inputError}
        </p>
      )}
      <label>
        Name (optional)
        <input value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" disabled={starting}>
          Start
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {startError ? <ErrorNotice error={startError} action="The execution was not started" /> : null}
    </form>
  );
}
