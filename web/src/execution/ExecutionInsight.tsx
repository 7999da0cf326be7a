import './execution.css';
import { useMemo, useState } from 'react';
import type { StateGraphModel } from '../graph/graph-model';
import type { StateStatuses } from '../graph/graph-status';
import { StateGraph } from '../graph/StateGraph';
import { ROOT_RUN, type ExecutionHistory } from './execution-history';
import { StateDetailsPanel } from './StateDetailsPanel';
import { Timeline } from './Timeline';

/** The names of the states drawn inside `container` (a Map or Parallel), at any depth. */
function statesInside(model: StateGraphModel, container: string): Set<string> {
  const root = model.nodes.find((node) => node.kind === 'state' && node.name === container);
  const inside = new Set<string>();
  if (!root) return inside;
  const prefix = `${root.id}/`;
  for (const node of model.nodes)
    if (node.kind === 'state' && node.id.startsWith(prefix)) inside.add(node.name);
  return inside;
}

/** A Parallel's branches, each with the names of the states drawn directly in it. */
function branchesOf(model: StateGraphModel, parallel: string): { name: string; states: string[] }[] {
  const node = model.nodes.find((candidate) => candidate.kind === 'state' && candidate.name === parallel);
  if (!node || node.type !== 'Parallel') return [];
  return model.nodes
    .filter((branch) => branch.kind === 'branch' && branch.parentId === node.id)
    .map((branch) => ({
      name: branch.name,
      states: model.nodes
        .filter((state) => state.kind === 'state' && state.parentId === branch.id)
        .map((state) => state.name),
    }));
}

/**
 * The execution's graph with what clicking into it shows: a state's details, a Map's iterations
 * (one chosen colours the Map's states by that iteration alone), the timeline, and for a finished
 * execution a replay scrubber colouring the graph as of any event.
 */
export function ExecutionInsight({
  model,
  history,
  statuses,
  finished,
}: {
  model: StateGraphModel;
  history: ExecutionHistory;
  statuses: StateStatuses;
  finished: boolean;
}) {
  const [selected, setSelected] = useState<string | null>(null);
  const [iteration, setIteration] = useState<{ map: string; run: string } | null>(null);
  const [replayAt, setReplayAt] = useState<number | null>(null);
  const size = history.size;
  const position = finished && replayAt !== null ? Math.min(replayAt, size) : size;

  const shown = useMemo(() => {
    const base = position === size ? statuses : history.statusesAsOf(position);
    if (!iteration) return base;
    const inner = history.statusesAsOf(position, iteration.run);
    const merged = new Map(base);
    for (const name of statesInside(model, iteration.map)) {
      const status = inner.get(name);
      if (status) merged.set(name, status);
      else merged.delete(name);
    }
    return merged;
  }, [history, statuses, position, size, iteration, model]);

  const stateNames = useMemo(
    () => model.nodes.filter((node) => node.kind === 'state').map((node) => node.name),
    [model],
  );

  const choose = (name: string) => setSelected((current) => (current === name ? null : name));
  const at = history.eventAt(position);

  return (
    <>
      <section aria-labelledby="graph-heading">
        <h2 id="graph-heading">Graph</h2>
        {iteration && (
          <p className="iteration-note" role="status">
            {iteration.map}: showing iteration {iteration.run.split('#').at(-1)} only.{' '}
            <button type="button" onClick={() => setIteration(null)}>
              All iterations
            </button>
          </p>
        )}
        <div className="graph-click">
          <StateGraph model={model} statuses={shown} onStateClick={choose} />
        </div>
        {finished && size > 0 && (
          <div className="replay">
            <label htmlFor="replay-range">Replay</label>
            <input
              id="replay-range"
              type="range"
              min={0}
              max={size}
              value={position}
              onChange={(event) => setReplayAt(Number(event.target.value))}
            />
            <output htmlFor="replay-range" aria-live="polite">
              {position === 0
                ? `Before the first event, of ${size}`
                : `Event ${position} of ${size}: ${at?.type ?? ''}${at?.stateName ? ` (${at.stateName})` : ''}`}
            </output>
          </div>
        )}
        <nav aria-label="States" className="state-list">
          {stateNames.map((name) => (
            <button
              key={name}
              type="button"
              aria-pressed={selected === name}
              className={`status-${shown.get(name) ?? 'NOT_STARTED'}`}
              onClick={() => choose(name)}
            >
              {name}
            </button>
          ))}
        </nav>
      </section>
      {selected && (
        <StateDetailsPanel
          state={selected}
          type={model.nodes.find((node) => node.kind === 'state' && node.name === selected)?.type ?? ''}
          history={history}
          status={shown.get(selected) ?? 'NOT_STARTED'}
          run={iteration && statesInside(model, iteration.map).has(selected) ? iteration.run : ROOT_RUN}
          iteration={iteration?.map === selected ? iteration.run : null}
          onIteration={(run) => setIteration(run === null ? null : { map: selected, run })}
          branches={branchesOf(model, selected)}
          statuses={shown}
          onOpen={setSelected}
          onClose={() => setSelected(null)}
        />
      )}
      <Timeline history={history} size={size} />
    </>
  );
}
