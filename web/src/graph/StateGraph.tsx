import {
  Background,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Edge,
  type Node,
  type NodeHandle,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useState } from 'react';
import type { GraphNode, StateGraphModel } from './graph-model';
import { layoutStateGraph, type PlacedNode } from './graph-layout';
import type { StateStatus, StateStatuses } from './graph-status';

interface StateNodeData extends Record<string, unknown> {
  readonly graphNode: GraphNode;
  readonly status: StateStatus | undefined;
}

const STATUS_WORDS: Record<StateStatus, string> = {
  NOT_STARTED: 'not started',
  RUNNING: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  CAUGHT: 'caught',
  RETRYING: 'retrying',
  ABORTED: 'aborted',
};

/**
 * A state, or a container (Parallel, Map, a Parallel's branch). States carry the documented hooks
 * `data-state` and `data-status` (docs/console.md); branches are no states and carry neither.
 */
function StateNode({ data }: NodeProps<Node<StateNodeData>>) {
  const { graphNode, status } = data;
  const isState = graphNode.kind === 'state';
  const shown = status ?? 'NOT_STARTED';
  return (
    <div
      className={`graph-node ${graphNode.container ? 'graph-container' : ''} ${isState ? `status-${shown}` : 'graph-branch'}`}
      {...(isState ? { 'data-state': graphNode.name, 'data-status': shown } : {})}
      title={isState ? `${graphNode.name} (${graphNode.type}): ${STATUS_WORDS[shown]}` : graphNode.name}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <span className="graph-node-name">{graphNode.name}</span>
      {isState && (
        <span className="graph-node-meta">
          {graphNode.type} · {STATUS_WORDS[shown]}
        </span>
      )}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

const NODE_TYPES = { state: StateNode };
/** The edges' colour, as styles.css gives it to their lines. */
const EDGE_COLOUR = '#57606a';

/**
 * StateNode's two handles, where styles.css puts them: points in the middle of the top and bottom
 * borders. Given with each node, they let React Flow draw the edges from the layout alone. Without
 * them it draws an edge only once it has measured the handles of both ends in the DOM, and it drops
 * a node's measurement whenever the node object is replaced, as every status update does; when that
 * lands between a measurement and its render, the node is never measured again and none of its
 * edges is drawn.
 */
function handlesOf(width: number, height: number): NodeHandle[] {
  return [
    { type: 'target', position: Position.Top, x: width / 2, y: 0, width: 0, height: 0 },
    { type: 'source', position: Position.Bottom, x: width / 2, y: height, width: 0, height: 0 },
  ];
}

function flowNodes(
  placed: readonly PlacedNode[],
  statuses: StateStatuses | undefined,
): Node<StateNodeData>[] {
  return placed.map(({ node, x, y, width, height }) => ({
    id: node.id,
    type: 'state',
    position: { x, y },
    width,
    height,
    handles: handlesOf(width, height),
    ...(node.parentId === undefined ? {} : { parentId: node.parentId, extent: 'parent' as const }),
    data: { graphNode: node, status: node.kind === 'state' ? statuses?.get(node.name) : undefined },
    draggable: false,
    selectable: false,
    connectable: false,
  }));
}

function flowEdges(model: StateGraphModel): Edge[] {
  return model.edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    target: edge.target,
    type: 'smoothstep',
    className: `graph-edge graph-edge-${edge.kind}`,
    markerEnd: { type: MarkerType.ArrowClosed, color: EDGE_COLOUR },
    ...(edge.label === undefined ? {} : { label: edge.label }),
    focusable: false,
  }));
}

/**
 * An execution's (or a version's) state graph, laid out by ELK, coloured by `statuses`;
 * `onStateClick` hears a click on a state (not on a branch).
 */
export function StateGraph({
  model,
  statuses,
  onStateClick,
}: {
  model: StateGraphModel;
  statuses?: StateStatuses;
  onStateClick?: (name: string) => void;
}) {
  const [placed, setPlaced] = useState<PlacedNode[] | null>(null);
  const [layoutError, setLayoutError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    layoutStateGraph(model).then(
      (result) => current && setPlaced(result),
      (error: unknown) => current && setLayoutError(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      current = false;
    };
  }, [model]);
  const nodes = useMemo(() => (placed ? flowNodes(placed, statuses) : []), [placed, statuses]);
  const edges = useMemo(() => flowEdges(model), [model]);
  if (layoutError) return <p role="alert">The graph could not be laid out: {layoutError}</p>;
  if (!placed) return <p role="status">Laying out the graph…</p>;
  return (
    <div className="state-graph" aria-label="State graph">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        fitView
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        minZoom={0.2}
        {...(onStateClick
          ? {
              onNodeClick: (_: unknown, node: Node<StateNodeData>) => {
                if (node.data.graphNode.kind === 'state') onStateClick(node.data.graphNode.name);
              },
            }
          : {})}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
