import './state-machines.css';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { navigate } from '../app/router';
import { ErrorNotice } from '../components/ErrorNotice';
import { CreateStateMachineDocument, ValidateDefinitionDocument } from '../generated/graphql';
import { request } from '../graphql/client';
import { readDefinitionDraft, type Diagnostic } from './definition-check';
import { jsonLocations, locate, type TextRange } from './json-locations';
import { lineAndColumn } from './json-text';

/** How long typing pauses before the definition is checked by the server. */
const VALIDATE_AFTER_MS = 300;

type Check =
  | { readonly state: 'idle' }
  | { readonly state: 'checking' }
  | { readonly state: 'checked'; readonly valid: boolean; readonly diagnostics: readonly Diagnostic[] }
  | { readonly state: 'failed'; readonly error: unknown };

/**
 * A new state machine from pasted, typed or uploaded ASL, checked live by `validateDefinition`
 * (debounced) with each fault listed at its JSON path. Shown to editors and admins only.
 */
export function CreateMachineForm() {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [text, setText] = useState('');
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);
  const diagnosticsId = useId();
  const draft = useMemo(() => readDefinitionDraft(text), [text]);
  const editor = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (draft.kind !== 'object') {
      setCheck({ state: 'idle' });
      return;
    }
    let current = true;
    setCheck({ state: 'checking' });
    const timer = setTimeout(() => {
      request(ValidateDefinitionDocument, { definition: draft.definition }).then(
        ({ validateDefinition }) => current && setCheck({ state: 'checked', ...validateDefinition }),
        (error: unknown) => current && setCheck({ state: 'failed', error }),
      );
    }, VALIDATE_AFTER_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [draft]);

  const diagnostics: readonly Diagnostic[] =
    draft.kind === 'local' ? draft.diagnostics : check.state === 'checked' ? check.diagnostics : [];
  const valid = draft.kind === 'object' && check.state === 'checked' && check.valid;
  const locations = useMemo(
    () => (draft.kind === 'object' && check.state === 'checked' && !check.valid ? jsonLocations(text) : null),
    [draft, check, text],
  );
  const show = (range: TextRange) => {
    editor.current?.focus();
    editor.current?.setSelectionRange(range.start, range.end);
  };

  const upload = (file: File | undefined) => {
    if (!file) return;
    file.text().then(setText, (error: unknown) => setCreateError(error));
  };

  const create = async () => {
    if (draft.kind !== 'object') return;
    setCreating(true);
    setCreateError(null);
    try {
      const { createStateMachine } = await request(CreateStateMachineDocument, {
        input: {
          name: name.trim(),
          definition: draft.definition,
          ...(description.trim() ? { description: description.trim() } : {}),
        },
      });
      navigate(`/state-machines/${encodeURIComponent(createStateMachine.name)}`);
    } catch (error) {
      setCreateError(error);
      setCreating(false);
    }
  };

  return (
    <section aria-labelledby="create-heading" className="create-machine">
      <h2 id="create-heading">Create a state machine</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <div className="form-row">
          <label>
            Name
            <input
              value={name}
              onChange={(event) => setName(event.target.value)}
              required
              maxLength={80}
              pattern="[A-Za-z0-9_\-]+"
              title="1 to 80 letters, digits, - and _"
            />
          </label>
          <label>
            Description (optional)
            <input value={description} onChange={(event) => setDescription(event.target.value)} />
          </label>
          <label>
            Upload a definition file
            <input
              type="file"
              accept=".json,.asl,application/json"
              onChange={(event) => upload(event.target.files?.[0])}
            />
          </label>
        </div>
        <div className="editor-beside">
          <label className="editor">
            Definition
            <textarea
              ref={editor}
              value={text}
              onChange={(event) => setText(event.target.value)}
              spellCheck={false}
              rows={18}
              aria-describedby={diagnosticsId}
              placeholder='{ "StartAt": "Hello", "States": { "Hello": { "Type": "Pass", "End": true } } }'
            />
          </label>
          <div className="diagnostics" id={diagnosticsId} aria-live="polite">
            <h3>Validation</h3>
            {draft.kind === 'empty' && <p className="muted">Paste, type or upload a definition.</p>}
            {check.state === 'checking' && <p className="muted">Checking…</p>}
            {check.state === 'failed' && (
              <ErrorNotice error={check.error} action="The definition could not be checked" />
            )}
            {valid && <p className="valid">The definition is valid.</p>}
            {diagnostics.length > 0 && (
              <ul aria-label="Faults in the definition">
                {diagnostics.map((diagnostic, index) => {
                  const range = locations ? locate(locations, diagnostic.path) : undefined;
                  const { line } = range ? lineAndColumn(text, range.start) : { line: 0 };
                  return (
                    <li key={index} className="diagnostic">
                      <code>{diagnostic.path}</code> {diagnostic.message}
                      {range && (
                        <>
                          {' '}
                          <button
                            type="button"
                            className="link-button"
                            aria-label={`Select ${diagnostic.path} in the definition (line ${line})`}
                            onClick={() => show(range)}
                          >
                            line {line}
                          </button>
                        </>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
        </div>
        <button type="submit" disabled={!valid || creating || name.trim() === ''}>
          Create
        </button>
      </form>
      {createError ? <ErrorNotice error={createError} action="The state machine was not created" /> : null}
    </section>
  );
}
