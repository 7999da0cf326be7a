/**
 * Diagnostics: what is wrong with a definition and where, as a JSONPath into the definition
 * (`$.States.Check.Choices[1].Next`).
 */

/** One fault in a definition. */
export interface Diagnostic {
  /** Where the fault is, e.g. `$.States.Check.Choices[1].Next`. */
  readonly path: string;
  /** What is wrong, in plain words. */
  readonly message: string;
}

/** The outcome of validating a definition. */
export interface ValidationResult {
  /** True when there is no diagnostic. */
  readonly valid: boolean;
  readonly diagnostics: Diagnostic[];
}

/** Records a diagnostic. */
export type Report = (path: string, message: string) => void;

/** Keys written with dot notation; any other key is bracketed and quoted. */
const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** The path of member `key` of the value at `base`. */
export function memberPath(base: string, key: string): string {
  if (PLAIN_KEY.test(key)) return `${base}.${key}`;
  return `${base}['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/** The path of element `index` of the array at `base`. */
export function indexPath(base: string, index: number): string {
  return `${base}[${index}]`;
}

/** `path` and the paths of the values that contain it, innermost first (`$.a[0]`, `$.a`, `$`). */
export function pathAndAncestors(path: string): string[] {
  const paths = [path];
  let quote: string | undefined;
  for (let i = path.length - 1; i > 0; i -= 1) {
    const char = path[i];
    if (quote !== undefined) {
      if (char === quote && path[i - 1] !== '\\') quote = undefined;
    } else if (char === "'") {
      quote = char;
    } else if (char === '.' || char === '[') {
      paths.push(path.slice(0, i));
    }
  }
  return paths;
}

/** Describes a JSON value's type for a message ("a number", "an array", "null"). */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

/** "A, B or C". */
export function listWords(words: readonly string[], last: 'and' | 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1]}`;
}

/** Collects diagnostics in the order they are found. */
export class DiagnosticList {
  readonly items: Diagnostic[] = [];

  /** A {@link Report} bound to this list. */
  readonly report: Report = (path, message) => {
    this.items.push({ path, message });
  };
}
