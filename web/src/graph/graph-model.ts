/**
 * An Amazon States Language definition as a graph: one node per state, containers for Parallel
 * branches and Map processors, one edge per way out of a state (Next, each Choice rule, the Choice
 * Default, each Catcher). Pure: the layout and the drawing come after (graph-layout.ts, StateGraph.tsx).
 */

export type NodeKind = 'state' | 'branch';

export interface GraphNode {
  /** Unique in the graph: the path of containers and the state name, joined by `/`. */
  readonly id: string;
  /** The state's name (a branch's label for a branch). */
  readonly name: string;
  readonly kind: NodeKind;
  /** The ASL type for states, `Branch` for branches. */
  readonly type: string;
  /** The container node this one is drawn inside, if any. */
  readonly parentId?: string;
  /** Parallel (holding branches), Map (holding its processor's states) and branches hold others. */
  readonly container: boolean;
}

export type EdgeKind = 'next' | 'choice' | 'default' | 'catch';

export interface GraphEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly kind: EdgeKind;
  readonly label?: string;
}

export interface StateGraphModel {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

interface StatesBlock {
  readonly StartAt?: unknown;
  readonly States?: Record<string, Record<string, unknown>>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asBlock(value: unknown): StatesBlock | undefined {
  return isObject(value) && isObject(value.States) ? (value as StatesBlock) : undefined;
}

/** Map's states: `ItemProcessor` (current ASL) or `Iterator` (the older name). */
function mapProcessor(state: Record<string, unknown>): StatesBlock | undefined {
  return asBlock(state.ItemProcessor) ?? asBlock(state.Iterator);
}

/** Builds the graph of a definition; states it cannot read are left out rather than thrown on. */
export function buildStateGraph(definition: unknown): StateGraphModel {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const block = asBlock(definition);
  if (block) addBlock(block, undefined, nodes, edges);
  return { nodes, edges };
}

function addBlock(
  block: StatesBlock,
  parentId: string | undefined,
  nodes: GraphNode[],
  edges: GraphEdge[],
): void {
  const states = block.States ?? {};
  const idOf = (name: string) => (parentId === undefined ? name : `${parentId}/${name}`);
  const edge = (source: string, target: unknown, kind: EdgeKind, label?: string) => {
    if (typeof target !== 'string' || !(target in states)) return;
    const id = `${idOf(source)}->${idOf(target)}:${kind}${label === undefined ? '' : `:${label}`}`;
    edges.push({
      id,
      source: idOf(source),
      target: idOf(target),
      kind,
      ...(label === undefined ? {} : { label }),
    });
  };
  for (const [name, state] of Object.entries(states)) {
    if (!isObject(state)) continue;
    const type = typeof state.Type === 'string' ? state.Type : 'Unknown';
    const id = idOf(name);
    const branches = type === 'Parallel' && Array.isArray(state.Branches) ? state.Branches : [];
    const processor = type === 'Map' ? mapProcessor(state) : undefined;
    nodes.push({
      id,
      name,
      kind: 'state',
      type,
      container: branches.length > 0 || processor !== undefined,
      ...(parentId === undefined ? {} : { parentId }),
    });
    branches.forEach((branch, index) => {
      const inner = asBlock(branch);
      if (!inner) return;
      const branchId = `${id}/branch ${index + 1}`;
      nodes.push({
        id: branchId,
        name: `Branch ${index + 1}`,
        kind: 'branch',
        type: 'Branch',
        parentId: id,
        container: true,
      });
      addBlock(inner, branchId, nodes, edges);
    });
    if (processor) addBlock(processor, id, nodes, edges);

    edge(name, state.Next, 'next');
    if (Array.isArray(state.Choices)) {
      state.Choices.forEach((rule, index) => {
        if (isObject(rule)) edge(name, rule.Next, 'choice', `Rule ${index + 1}`);
      });
    }
    edge(name, state.Default, 'default', 'Default');
    if (Array.isArray(state.Catch)) {
      state.Catch.forEach((catcher, index) => {
        if (isObject(catcher)) edge(name, catcher.Next, 'catch', catcherLabel(catcher, index));
      });
    }
  }
}

function catcherLabel(catcher: Record<string, unknown>, index: number): string {
  const errors = Array.isArray(catcher.ErrorEquals)
    ? catcher.ErrorEquals.filter((e) => typeof e === 'string')
    : [];
  return errors.length > 0 ? `Catch ${errors.join(', ')}` : `Catch ${index + 1}`;
}
