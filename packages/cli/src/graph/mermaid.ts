/** A state graph as a Mermaid `stateDiagram-v2`: composite states hold Parallel branches and Map processors. */
import type { StateGraph } from './state.graph.js';

const quote = (text: string) => text.replace(/"/g, '#34;');

function scopeLines(graph: StateGraph, indent: string): string[] {
  const lines: string[] = [];
  for (const node of graph.nodes) {
    const label = `${node.name} (${node.type})`;
    if (node.children.length === 0) {
      lines.push(`${indent}state "${quote(label)}" as ${node.id}`);
      continue;
    }
    lines.push(`${indent}state "${quote(label)}" as ${node.id} {`);
    node.children.forEach((child, index) => {
      if (index > 0) lines.push(`${indent}  --`);
      lines.push(...scopeLines(child, `${indent}  `));
    });
    lines.push(`${indent}}`);
  }
  if (graph.start) lines.push(`${indent}[*] --> ${graph.start}`);
  for (const edge of graph.edges) {
    lines.push(`${indent}${edge.from} --> ${edge.to}${edge.label ? ` : ${quote(edge.label)}` : ''}`);
  }
  for (const node of graph.nodes) if (node.terminal) lines.push(`${indent}${node.id} --> [*]`);
  return lines;
}

export function toMermaid(graph: StateGraph): string {
  return ['stateDiagram-v2', ...scopeLines(graph, '  ')].join('\n');
}
