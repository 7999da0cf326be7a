/**
 * Walks a JSON value that a state evaluates (a payload template, `Output`, `Arguments`, `Assign`):
 * every node in document order with its path, using an explicit stack so that nesting depth
 * cannot exhaust the call stack.
 */
import { isJsonObject } from '../json.js';
import { indexPath, memberPath } from './validation.diagnostics.js';

/** One node of a walked value. */
export interface TemplateNode {
  readonly value: unknown;
  readonly path: string;
}

/** Every node of `root` (itself first), depth-first in document order. */
export function* templateNodes(root: unknown, rootPath: string): Generator<TemplateNode> {
  const stack: TemplateNode[] = [{ value: root, path: rootPath }];
  while (stack.length > 0) {
    const node = stack.pop() as TemplateNode;
    yield node;
    const { value, path } = node;
    // Children are pushed last-first so that they come off the stack in document order.
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) {
        stack.push({ value: value[index], path: indexPath(path, index) });
      }
    } else if (isJsonObject(value)) {
      const keys = Object.keys(value);
      for (let index = keys.length - 1; index >= 0; index -= 1) {
        const key = keys[index] as string;
        stack.push({ value: value[key], path: memberPath(path, key) });
      }
    }
  }
}
