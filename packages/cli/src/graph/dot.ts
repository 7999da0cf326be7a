/** A state graph as Graphviz DOT: clusters hold Parallel branches and Map processors. */
import type { StateGraph } from './state.graph.js';

const quote = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

const SHAPES: Record<string, string> = { Choice: 'diamond', Succeed: 'doublecircle', Fail: 'doubleoctagon' };

function scopeLines(graph: StateGraph, indent: string): string[] {
  const lines: string[] = [];
  const start = `${graph.id}__start`;
  lines.push(`${indent}${quote(start)} [shape=point, label=""];`);
  for (const node of graph.nodes) {
    if (node.children.length === 0) {
      const shape = SHAPES[node.type] ?? 'box';
      lines.push(
        `${indent}${quote(node.id)} [label=${quote(`${node.name}\n${node.type}`)}, shape=${shape}];`,
      );
      continue;
    }
    lines.push(`${indent}subgraph ${quote(`cluster_${node.id}`)} {`);
    lines.push(`${indent}  label=${quote(`${node.name} (${node.type})`)};`);
    lines.push(`${indent}  ${quote(node.id)} [label=${quote(node.name)}, shape=box, style=dashed];`);
    node.children.forEach((child) => {
      lines.push(...scopeLines(child, `${indent}  `));
      lines.push(`${indent}  ${quote(node.id)} -> ${quote(`${child.id}__start`)} [style=dotted];`);
    });
    lines.push(`${indent}}`);
  }
  if (graph.start) lines.push(`${indent}${quote(start)} -> ${quote(graph.start)};`);
  for (const edge of graph.edges) {
    lines.push(
      `${indent}${quote(edge.from)} -> ${quote(edge.to)}${edge.label ? ` [label=${quote(edge.label)}]` : ''};`,
    );
  }
  return lines;
}

export function toDot(graph: StateGraph): string {
  return ['digraph stategraph {', '  rankdir=TB;', ...scopeLines(graph, '  '), '}'].join('\n');
}
