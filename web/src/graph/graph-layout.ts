import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { GraphNode, StateGraphModel } from './graph-model';

/** A node placed by the layout: its position is relative to its container, as React Flow wants it. */
export interface PlacedNode {
  readonly node: GraphNode;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const STATE_WIDTH = 184;
const STATE_HEIGHT = 48;

/** Top to bottom, in layers; containers are laid out with what they hold (compound nodes). */
const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.nodeNode': '32',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};
const CONTAINER_OPTIONS = { 'elk.padding': '[top=52,left=16,bottom=16,right=16]' };

const elk = new ELK();

/** Lays the graph out with ELK's layered algorithm; containers come before what they hold. */
export async function layoutStateGraph(model: StateGraphModel): Promise<PlacedNode[]> {
  const byParent = new Map<string | undefined, GraphNode[]>();
  for (const node of model.nodes) {
    const siblings = byParent.get(node.parentId) ?? [];
    siblings.push(node);
    byParent.set(node.parentId, siblings);
  }
  const toElk = (node: GraphNode): ElkNode => {
    const children = (byParent.get(node.id) ?? []).map(toElk);
    return node.container
      ? { id: node.id, children, layoutOptions: CONTAINER_OPTIONS }
      : { id: node.id, width: STATE_WIDTH, height: STATE_HEIGHT };
  };
  const edges: ElkExtendedEdge[] = model.edges.map((edge) => ({
    id: edge.id,
    sources: [edge.source],
    targets: [edge.target],
  }));
  const root = await elk.layout({
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children: (byParent.get(undefined) ?? []).map(toElk),
    edges,
  });
  const nodesById = new Map(model.nodes.map((node) => [node.id, node]));
  const placed: PlacedNode[] = [];
  const visit = (elkNode: ElkNode) => {
    for (const child of elkNode.children ?? []) {
      const node = nodesById.get(child.id);
      if (!node) continue;
      placed.push({
        node,
        x: child.x ?? 0,
        y: child.y ?? 0,
        width: child.width ?? STATE_WIDTH,
        height: child.height ?? STATE_HEIGHT,
      });
      visit(child);
    }
  };
  visit(root);
  return placed;
}
