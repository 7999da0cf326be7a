import '../state-machines/state-machines.css';
import './schedules.css';
import { useEffect, useState } from 'react';
import { navigate } from '../app/router';
import { ErrorNotice } from '../components/ErrorNotice';
import {
  CreateScheduleDocument,
  ScheduleMachineOptionsDocument,
  type OverlapPolicy,
} from '../generated/graphql';
import { request } from '../graphql/client';
import {
  EMPTY_DRAFT,
  OVERLAP_POLICIES,
  readScheduleDraft,
  type FieldProblem,
  type ScheduleDraft,
} from './schedule-draft';

/**
 * Creates a schedule (of `stateMachineId` unless another is chosen); on success the page moves to
 * it. Nothing is sent while the form has problems.
 */
export function CreateScheduleForm({ stateMachineId = '' }: { stateMachineId?: string }) {
  const [draft, setDraft] = useState<ScheduleDraft>({ ...EMPTY_DRAFT, stateMachineId });
  const [machines, setMachines] = useState<readonly { id: string; name: string }[]>([]);
  const [problems, setProblems] = useState<readonly FieldProblem[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    let current = true;
    request(ScheduleMachineOptionsDocument, {}).then(
      (data) => current && setMachines(data.stateMachines.edges.map((edge) => edge.node)),
      (caught: unknown) => current && setFailure(caught),
    );
    return () => {
      current = false;
    };
  }, []);

  const set = <K extends keyof ScheduleDraft>(field: K, value: ScheduleDraft[K]) =>
    setDraft((previous) => ({ ...previous, [field]: value }));
  const problemOf = (field: keyof ScheduleDraft) =>
    problems.find((problem) => problem.field === field)?.message;
  const text = (field: keyof ScheduleDraft, label: string, props: Record<string, string> = {}) => (
    <label>
      {label}
      <input
        value={String(draft[field])}
        onChange={(event) => set(field, event.target.value as never)}
        aria-invalid={problemOf(field) !== undefined}
        {...props}
      />
      {problemOf(field) && <span className="field-problem">{problemOf(field)}</span>}
    </label>
  );

  const create = async () => {
    const read = readScheduleDraft(draft);
    if (!read.ok) {
      setProblems(read.problems);
      return;
    }
    setProblems([]);
    setFailure(null);
    setCreating(true);
    try {
      const { createSchedule } = await request(CreateScheduleDocument, { input: read.input });
      navigate(`/schedules/${createSchedule.id}`);
    } catch (error) {
      setFailure(error);
      setCreating(false);
    }
  };

  return (
    <form
      className="create-schedule card"
      aria-label="Create a schedule"
      onSubmit={(event) => {
        event.preventDefault();
        void create();
      }}
    >
      <h2>Create a schedule</h2>
      {text('name', 'Name')}
      <label>
        State machine
        <select
          value={draft.stateMachineId}
          onChange={(event) => set('stateMachineId', event.target.value)}
          aria-invalid={problemOf('stateMachineId') !== undefined}
        >
          <option value="">Choose…</option>
          {machines.map((machine) => (
            <option key={machine.id} value={machine.id}>
              {machine.name}
            </option>
          ))}
        </select>
        {problemOf('stateMachineId') && <span className="field-problem">{problemOf('stateMachineId')}</span>}
      </label>
      {text('expression', 'Expression', {
        placeholder: 'rate(5 minutes), cron(0 9 ? * MON-FRI *), at(2026-12-24T09:00:00)',
      })}
      {text('timezone', 'Time zone')}
      <label className="editor">
        Input
        <textarea
          value={draft.input}
          onChange={(event) => set('input', event.target.value)}
          rows={4}
          spellCheck={false}
          aria-invalid={problemOf('input') !== undefined}
        />
        {problemOf('input') && <span className="field-problem">{problemOf('input')}</span>}
      </label>
      <label>
        Overlap policy
        <select
          value={draft.overlapPolicy}
          onChange={(event) => set('overlapPolicy', event.target.value as OverlapPolicy)}
        >
          {OVERLAP_POLICIES.map((policy) => (
            <option key={policy} value={policy}>
              {policy}
            </option>
          ))}
        </select>
      </label>
      {text('catchupWindowSeconds', 'Catch-up window (seconds)', { inputMode: 'numeric' })}
      {text('jitterSeconds', 'Jitter (seconds)', { inputMode: 'numeric' })}
      {text('startAt', 'Start (optional)', { type: 'datetime-local' })}
      {text('endAt', 'End (optional)', { type: 'datetime-local' })}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={draft.enabled}
          onChange={(event) => set('enabled', event.target.checked)}
        />
        Enabled
      </label>
      <div className="actions">
        <button type="submit" disabled={creating}>
          Create schedule
        </button>
      </div>
      {failure ? <ErrorNotice error={failure} action="The schedule was not created" /> : null}
    </form>
  );
}
