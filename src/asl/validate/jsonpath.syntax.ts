/**
 * Syntax of the paths a JSONPath-mode state writes: `$` (the data at hand), `$$` (the context
 * object) or `$name` (a workflow variable), followed by JSONPath segments.
 *
 * A Path may use every JSONPath form AWS evaluates (wildcards, recursive descent, unions, slices,
 * filters, a trailing function such as `.length()`); a Reference Path identifies one node and allows
 * only `.field`, `['field']` and `[index]`.
 */

/** What a path field accepts. */
export interface PathRules {
  /** Only `.field`, `['field']` and `[index]` segments (AWS's Reference Path). */
  readonly reference: boolean;
  /** `$$` and `$name` roots are accepted; ResultPath only writes into `$`. */
  readonly otherRoots: boolean;
}

/** A Path: full JSONPath over `$`, `$$` or a variable. */
export const PATH: PathRules = { reference: false, otherRoots: true };
/** A Reference Path over `$`, `$$` or a variable. */
export const REFERENCE_PATH: PathRules = { reference: true, otherRoots: true };
/** A ResultPath: a Reference Path into the state's own data, never `$$` or a variable. */
export const RESULT_PATH: PathRules = { reference: true, otherRoots: false };

const VARIABLE_ROOT = /^\$[A-Za-z_][A-Za-z0-9_]*/;
/** Characters that end a `.field` shorthand name. */
const NAME_END = new Set(['.', '[', ']', '(', ')', "'", '"', '*', ',', '?', '@', ' ', '\t', '\n', '\r']);
const INTEGER = /^-?\d+$/;
const SLICE = /^(-?\d+)?:(-?\d+)?(:(-?\d+)?)?$/;
/** The functions Jayway JsonPath (AWS's evaluator) applies at the end of a path. */
const PATH_FUNCTIONS = new Set([
  'min',
  'max',
  'avg',
  'stddev',
  'length',
  'sum',
  'keys',
  'concat',
  'append',
  'first',
  'last',
  'index',
]);

/** Thrown inside the scanner; becomes the reason the path is refused. */
class PathSyntaxError extends Error {}

/** A single pass over one path; `position` always indexes the next character. */
class PathScanner {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly rules: PathRules,
  ) {}

  scan(): void {
    this.root();
    while (this.position < this.text.length) this.segment();
  }

  private root(): void {
    const { text } = this;
    if (!text.startsWith('$')) this.fail('a path starts with $');
    if (text.startsWith('$$') || VARIABLE_ROOT.test(text)) {
      if (!this.rules.otherRoots) this.fail('it must start with $ (the state data), not $$ or a variable');
      this.position = text.startsWith('$$') ? 2 : (VARIABLE_ROOT.exec(text)?.[0].length ?? 1);
      return;
    }
    this.position = 1;
  }

  private segment(): void {
    const char = this.text[this.position];
    if (char === '[') return this.bracket();
    if (char !== '.') this.fail(`unexpected '${char}' at position ${this.position}`);
    if (this.text[this.position + 1] === '.') {
      this.indefinite('recursive descent (..)');
      this.position += 2;
      const next = this.text[this.position];
      if (next === '[') return this.bracket();
      if (next !== '*') return this.name();
      this.position += 1;
      return;
    }
    this.position += 1;
    if (this.text[this.position] === '*') {
      this.indefinite('a wildcard (*)');
      this.position += 1;
      return;
    }
    this.name();
  }

  private name(): void {
    const start = this.position;
    while (this.position < this.text.length && !NAME_END.has(this.text[this.position] as string)) {
      this.position += 1;
    }
    if (this.position === start) this.fail(`a field name is missing at position ${start}`);
    if (this.text[this.position] === '(') this.functionCall(this.text.slice(start, this.position));
  }

  private functionCall(name: string): void {
    if (this.rules.reference) this.fail(`functions such as ${name}() are not allowed in a Reference Path`);
    if (!PATH_FUNCTIONS.has(name)) this.fail(`${name}() is not a JSONPath function`);
    this.position = this.closing(this.position, '(', ')') + 1;
    if (this.position !== this.text.length) this.fail(`${name}() must end the path`);
  }

  private bracket(): void {
    const open = this.position;
    const next = this.text[open + 1];
    if (next === "'" || next === '"') return this.quotedNames();
    if (next === '?' || next === '(') {
      this.indefinite(next === '?' ? 'a filter [?(...)]' : 'a script [(...)]');
      const start = next === '?' ? open + 2 : open + 1;
      if (this.text[start] !== '(') this.fail(`expected '(' after '[?' at position ${start}`);
      const end = this.closing(start, '(', ')');
      if (end === start + 1) this.fail(`the expression at position ${start} is empty`);
      if (this.text[end + 1] !== ']') this.fail(`expected ']' at position ${end + 1}`);
      this.position = end + 2;
      return;
    }
    const close = this.text.indexOf(']', open);
    if (close < 0) this.fail(`'[' at position ${open} is never closed`);
    this.selector(this.text.slice(open + 1, close).trim(), open);
    this.position = close + 1;
  }

  private selector(inner: string, open: number): void {
    if (inner === '*') return this.indefinite('a wildcard [*]');
    if (INTEGER.test(inner)) {
      if (this.rules.reference && inner.startsWith('-')) {
        this.fail('a Reference Path cannot use a negative index');
      }
      return;
    }
    if (SLICE.test(inner)) return this.indefinite('a slice [start:end]');
    const parts = inner.split(',').map((part) => part.trim());
    if (parts.length > 1 && parts.every((part) => INTEGER.test(part))) {
      return this.indefinite('a union of indexes [a,b]');
    }
    this.fail(`'[${inner}]' at position ${open} is not an index, a slice, a quoted name or a filter`);
  }

  private quotedNames(): void {
    let count = 0;
    this.position += 1;
    for (;;) {
      this.position = this.quoted(this.position) + 1;
      count += 1;
      this.skipSpaces();
      const char = this.text[this.position];
      if (char === ']') break;
      if (char !== ',') this.fail(`expected ']' or ',' at position ${this.position}`);
      this.position += 1;
      this.skipSpaces();
      if (this.text[this.position] !== "'" && this.text[this.position] !== '"') {
        this.fail(`expected a quoted name at position ${this.position}`);
      }
    }
    if (count > 1) this.indefinite("a union of names ['a','b']");
    this.position += 1;
  }

  /** Index of the quote that closes the string opening at `start`. */
  private quoted(start: number): number {
    const quote = this.text[start];
    for (let i = start + 1; i < this.text.length; i += 1) {
      if (this.text[i] === '\\') i += 1;
      else if (this.text[i] === quote) return i;
    }
    return this.fail(`the quoted name at position ${start} is never closed`);
  }

  /** Index of the bracket that closes the one at `start`, skipping quoted strings. */
  private closing(start: number, open: string, close: string): number {
    let depth = 0;
    for (let i = start; i < this.text.length; i += 1) {
      const char = this.text[i];
      if (char === "'" || char === '"') i = this.quoted(i);
      else if (char === open) depth += 1;
      else if (char === close && --depth === 0) return i;
    }
    return this.fail(`'${open}' at position ${start} is never closed`);
  }

  private skipSpaces(): void {
    while (this.text[this.position] === ' ') this.position += 1;
  }

  private indefinite(what: string): void {
    if (this.rules.reference) {
      this.fail(`${what} is not allowed in a Reference Path, which selects a single value`);
    }
  }

  private fail(reason: string): never {
    throw new PathSyntaxError(reason);
  }
}

/** Why `text` is not a path under `rules`, or `undefined` when it is one. */
export function pathSyntaxError(text: string, rules: PathRules): string | undefined {
  try {
    new PathScanner(text, rules).scan();
    return undefined;
  } catch (error) {
    if (error instanceof PathSyntaxError) return error.message;
    throw error;
  }
}
