/**
 * The graph of one `States` object: `StartAt`, `Next`, `Default`, Choice rule and Catcher targets
 * name states of the same object; every state is reachable; the scope has a terminal state; and
 * no loop spins forever through states that can neither finish nor fail.
 *
 * Breadth-first walks with explicit queues keep this linear in the number of states.
 */
import { isJsonObject } from '../json.js';
import type { DefinitionModel, ScopeSite, StateSite } from './definition.scopes.js';
import { describeType, indexPath, memberPath, type Report } from './validation.diagnostics.js';

interface Edge {
  readonly target: unknown;
  readonly path: string;
}

/**
 * The transitions a state declares, whatever its type: a stray `Next` is reported as an unknown
 * field elsewhere, and following it here avoids a second, misleading "unreachable" diagnostic.
 */
function edgesOf(site: StateSite): Edge[] {
  const { state, path } = site;
  const edges: Edge[] = [];
  if (state.Next !== undefined) edges.push({ target: state.Next, path: memberPath(path, 'Next') });
  if (state.Default !== undefined) edges.push({ target: state.Default, path: memberPath(path, 'Default') });
  for (const field of ['Choices', 'Catch'] as const) {
    const list = state[field];
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      if (isJsonObject(entry) && entry.Next !== undefined) {
        edges.push({
          target: entry.Next,
          path: memberPath(indexPath(memberPath(path, field), index), 'Next'),
        });
      }
    });
  }
  return edges;
}

/**
 * A state that can end the run: Succeed, Fail or `"End": true`. A state whose Type is unknown
 * counts as one, so that a single bad Type does not also raise graph diagnostics.
 */
function isTerminal(site: StateSite): boolean {
  return (
    site.type === undefined || site.type === 'Succeed' || site.type === 'Fail' || site.state.End === true
  );
}

/**
 * A state that can leave a loop without a transition: a Task, Wait, Parallel or Map can fail or
 * be stopped while it waits, and a Choice without Default fails when no rule matches. A loop of
 * Pass states and Choices with a Default can only spin.
 */
function canLeaveLoop(site: StateSite): boolean {
  return site.type !== 'Pass' && !(site.type === 'Choice' && site.state.Default !== undefined);
}

class ScopeGraph {
  readonly successors = new Map<string, string[]>();
  readonly predecessors = new Map<string, string[]>();

  constructor(
    private readonly scope: ScopeSite,
    private readonly names: ReadonlySet<string>,
    private readonly model: DefinitionModel,
    private readonly report: Report,
  ) {}

  build(): void {
    for (const site of this.scope.states.values()) {
      const targets: string[] = [];
      for (const edge of edgesOf(site)) {
        const target = this.target(edge.target, edge.path);
        if (target === undefined) continue;
        targets.push(target);
        const before = this.predecessors.get(target);
        if (before) before.push(site.name);
        else this.predecessors.set(target, [site.name]);
      }
      this.successors.set(site.name, targets);
    }
  }

  /** The state a transition names, or `undefined` (reported) when it names none here. */
  target(value: unknown, path: string): string | undefined {
    if (typeof value !== 'string') {
      this.report(path, `must be the name of a state (a string), not ${describeType(value)}`);
      return undefined;
    }
    if (this.names.has(value)) return value;
    this.report(
      path,
      this.model.allStateNames.has(value)
        ? `"${value}" is a state of another States object: a transition cannot enter or leave a Parallel branch or a Map processor`
        : `"${value}" names no state: there is no state of that name in this States object`,
    );
    return undefined;
  }
}

/** Every name reachable from `start` through `links`. */
function walk(
  start: readonly string[],
  links: ReadonlyMap<string, string[]>,
  allow = (_: string) => true,
): Set<string> {
  const seen = new Set(start);
  const queue = [...start];
  for (let next = 0; next < queue.length; next += 1) {
    for (const linked of links.get(queue[next] as string) ?? []) {
      if (!seen.has(linked) && allow(linked)) {
        seen.add(linked);
        queue.push(linked);
      }
    }
  }
  return seen;
}

function checkTermination(
  scope: ScopeSite,
  graph: ScopeGraph,
  reachable: Set<string>,
  start: string,
  report: Report,
): void {
  const sites = [...scope.states.values()];
  if (sites.length === 0) return;
  const terminals = sites.filter(isTerminal).map((site) => site.name);
  if (terminals.length === 0) {
    report(
      memberPath(scope.path, 'States'),
      'has no terminal state: give a state "End": true, or add a Succeed or Fail state',
    );
    return;
  }
  const canFinish = walk(terminals, graph.predecessors);
  const stuck = new Set([...reachable].filter((name) => !canFinish.has(name) && scope.states.has(name)));
  const exits = [...stuck].filter((name) => canLeaveLoop(scope.states.get(name) as StateSite));
  const canExit = walk(exits, graph.predecessors, (name) => stuck.has(name));
  const spinning = new Set([...stuck].filter((name) => !canExit.has(name)));
  for (const name of spinning) {
    const predecessors = graph.predecessors.get(name) ?? [];
    const isEntry = name === start || predecessors.some((from) => reachable.has(from) && !spinning.has(from));
    if (isEntry) {
      report(
        (scope.states.get(name) as StateSite).path,
        'starts a loop with no way out: no path from here reaches a terminal state (End, Succeed or Fail), and its Pass and Choice states would spin forever',
      );
    }
  }
}

/** Checks the transitions, reachability and termination of one scope. */
export function checkTransitions(scope: ScopeSite, model: DefinitionModel, report: Report): void {
  const states = scope.block.States;
  if (!isJsonObject(states) || Object.keys(states).length === 0) return;
  const graph = new ScopeGraph(scope, new Set(Object.keys(states)), model, report);
  graph.build();
  const startPath = memberPath(scope.path, 'StartAt');
  if (scope.block.StartAt === undefined) {
    report(startPath, 'is required: the name of the first state to run');
    return;
  }
  const start = graph.target(scope.block.StartAt, startPath);
  if (start === undefined) return;
  const reachable = walk([start], graph.successors);
  for (const name of Object.keys(states)) {
    if (!reachable.has(name)) {
      report(
        memberPath(memberPath(scope.path, 'States'), name),
        `is not reachable from StartAt "${start}": no Next, Default, Choice rule or Catcher leads to it`,
      );
    }
  }
  checkTermination(scope, graph, reachable, start, report);
}
