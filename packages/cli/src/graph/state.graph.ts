/**
 * A definition's state graph for drawing: its states (Parallel branches and Map processors as
 * nested graphs) and its transitions (Next, Default, Choice rules, Catchers), plus start and end.
 */
export interface GraphNode {
  /** Unique in the whole drawing: nested states are prefixed with their parents' ids. */
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly terminal: boolean;
  /** Parallel branches or a Map's processor. */
  readonly children: StateGraph[];
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
}

export interface StateGraph {
  readonly id: string;
  readonly start: string;
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function nodeId(scope: string, name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_]/g, '_');
  return scope ? `${scope}__${safe}` : safe;
}

function choiceLabel(rule: Json, index: number): string {
  if (typeof rule.Comment === 'string') return rule.Comment;
  if (typeof rule.Condition === 'string') return rule.Condition;
  const operator = Object.keys(rule).find((key) => !['Variable', 'Next', 'Assign', 'Output'].includes(key));
  if (typeof rule.Variable === 'string' && operator)
    return `${rule.Variable} ${operator} ${JSON.stringify(rule[operator])}`;
  return `rule ${index + 1}`;
}

function scopeGraph(block: Json, scope: string): StateGraph {
  const states = isObject(block.States) ? block.States : {};
  // Ids keep letters, digits and _ only; names that would collide ("a b", "a_b") get a suffix.
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of Object.keys(states)) {
    let candidate = nodeId(scope, name);
    for (let n = 2; taken.has(candidate); n += 1) candidate = `${nodeId(scope, name)}_${n}`;
    taken.add(candidate);
    ids.set(name, candidate);
  }
  const id = (name: string) => ids.get(name) ?? nodeId(scope, name);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const [name, raw] of Object.entries(states)) {
    const state = isObject(raw) ? raw : {};
    const type = typeof state.Type === 'string' ? state.Type : '?';
    const children: StateGraph[] = [];
    if (type === 'Parallel' && Array.isArray(state.Branches)) {
      state.Branches.forEach((branch, index) => {
        if (isObject(branch)) children.push(scopeGraph(branch, `${id(name)}_b${index}`));
      });
    }
    const processor = state.ItemProcessor ?? state.Iterator;
    if (type === 'Map' && isObject(processor)) children.push(scopeGraph(processor, `${id(name)}_m`));
    const terminal = type === 'Succeed' || type === 'Fail' || state.End === true;
    nodes.push({ id: id(name), name, type, terminal, children });
    if (typeof state.Next === 'string') edges.push({ from: id(name), to: id(state.Next) });
    if (Array.isArray(state.Choices)) {
      state.Choices.forEach((rule, index) => {
        if (isObject(rule) && typeof rule.Next === 'string') {
          edges.push({ from: id(name), to: id(rule.Next), label: choiceLabel(rule, index) });
        }
      });
    }
    if (typeof state.Default === 'string')
      edges.push({ from: id(name), to: id(state.Default), label: 'Default' });
    if (Array.isArray(state.Catch)) {
      for (const catcher of state.Catch) {
        if (isObject(catcher) && typeof catcher.Next === 'string') {
          const errors = Array.isArray(catcher.ErrorEquals) ? catcher.ErrorEquals.join(', ') : 'error';
          edges.push({ from: id(name), to: id(catcher.Next), label: `Catch ${errors}` });
        }
      }
    }
  }
  return {
    id: scope || 'root',
    start: typeof block.StartAt === 'string' ? id(block.StartAt) : '',
    nodes,
    edges,
  };
}

/** The graph of a definition (validate it first: transitions to unknown states are drawn as they are). */
export function stateGraph(definition: unknown): StateGraph {
  return scopeGraph(isObject(definition) ? definition : {}, '');
}
