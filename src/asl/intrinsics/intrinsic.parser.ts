import { IntrinsicSyntaxError } from '../errors.js';
import {
  isIntrinsicName,
  type IntrinsicArgument,
  type IntrinsicCall,
  type IntrinsicName,
  type IntrinsicNumberLiteral,
  type IntrinsicPathArgument,
  type IntrinsicStringLiteral,
} from './intrinsic.ast.js';
import { INTRINSIC_FUNCTIONS } from './intrinsic.registry.js';

/** How deep calls may nest inside one field (AWS limit): `States.A(States.B(...))` is depth 2. */
export const INTRINSIC_MAX_NESTING = 10;

const CALL_PREFIX = 'States.';
/** What makes a string an intrinsic call rather than a path: `States.<name>(`. */
const CALL_START = /^States\.[A-Za-z0-9]+\s*\(/;
/** A JSON-style number: optional minus, no leading zeros, optional fraction and exponent. */
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const NAME_CHAR = /[A-Za-z0-9]/;
const WORD_CHAR = /[A-Za-z0-9_]/;
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
/** Characters a backslash escapes in a string literal; other backslashes are kept as written. */
const ESCAPABLE = new Set(["'", '{', '}', '\\']);
const KEYWORDS: Record<string, IntrinsicArgument> = {
  true: { kind: 'boolean', value: true },
  false: { kind: 'boolean', value: false },
  null: { kind: 'null' },
};

/** True when a string is an intrinsic function call (starts with `States.` + name + `(`). */
export function isIntrinsicFunction(expression: string): boolean {
  return CALL_START.test(expression);
}

/** Parses an intrinsic call; throws IntrinsicSyntaxError (naming what is wrong and where) on bad syntax. */
export function parseIntrinsic(expression: string): IntrinsicCall {
  return new IntrinsicParser(expression).parseExpression();
}

/** `n argument(s)` with the right plural. */
function argumentCount(count: number): string {
  return `${count} argument${count === 1 ? '' : 's'}`;
}

/** How many arguments a function takes, in words: "exactly 2 arguments", "2 to 3 arguments". */
function arityText(name: IntrinsicName): string {
  const { minArgs, maxArgs } = INTRINSIC_FUNCTIONS[name];
  if (minArgs === maxArgs) return minArgs === 0 ? 'no arguments' : `exactly ${argumentCount(minArgs)}`;
  return maxArgs === Infinity
    ? `at least ${argumentCount(minArgs)}`
    : `${minArgs} to ${argumentCount(maxArgs)}`;
}

/** A recursive-descent parser over one expression; `position` always points at the next character. */
class IntrinsicParser {
  private position = 0;

  constructor(private readonly source: string) {}

  parseExpression(): IntrinsicCall {
    if (!this.source.startsWith(CALL_PREFIX)) {
      throw this.error(`an intrinsic function call starts with "${CALL_PREFIX}"`, 0);
    }
    const call = this.parseCall(1);
    this.skipWhitespace();
    if (this.position < this.source.length) {
      throw this.error(`unexpected ${this.describeNext()} after the end of the ${call.name} call`);
    }
    return call;
  }

  private parseCall(depth: number): IntrinsicCall {
    const start = this.position;
    if (depth > INTRINSIC_MAX_NESTING) {
      throw this.error(`intrinsic functions are nested more than ${INTRINSIC_MAX_NESTING} deep`);
    }
    this.position += CALL_PREFIX.length;
    while (this.position < this.source.length && NAME_CHAR.test(this.source[this.position])) this.position++;
    const name = this.source.slice(start, this.position);
    if (!isIntrinsicName(name)) throw this.error(`unknown intrinsic function "${name}"`, start);
    this.skipWhitespace();
    if (this.source[this.position] !== '(')
      throw this.error(`expected '(' after ${name}, found ${this.describeNext()}`);
    this.position++;
    const args = this.parseArguments(name, depth);
    const { minArgs, maxArgs } = INTRINSIC_FUNCTIONS[name];
    if (args.length < minArgs || args.length > maxArgs) {
      throw this.error(`${name} takes ${arityText(name)}, got ${args.length}`, start);
    }
    return { kind: 'call', name, args, text: this.source.slice(start, this.position) };
  }

  /** The arguments after `(`, up to and including the closing `)`. */
  private parseArguments(name: IntrinsicName, depth: number): IntrinsicArgument[] {
    const args: IntrinsicArgument[] = [];
    this.skipWhitespace();
    if (this.source[this.position] === ')') {
      this.position++;
      return args;
    }
    for (;;) {
      this.skipWhitespace();
      args.push(this.parseArgument(depth));
      this.skipWhitespace();
      const separator = this.source[this.position];
      if (separator !== ',' && separator !== ')') {
        throw this.error(
          `expected ',' or ')' after argument ${args.length} of ${name}, found ${this.describeNext()}`,
        );
      }
      this.position++;
      if (separator === ')') return args;
    }
  }

  private parseArgument(depth: number): IntrinsicArgument {
    const char = this.source[this.position];
    if (char === "'") return this.parseString();
    if (char === '$') return this.parsePath();
    if (char === '-' || (char >= '0' && char <= '9')) return this.parseNumber();
    if (this.source.startsWith(CALL_PREFIX, this.position)) return this.parseCall(depth + 1);
    const start = this.position;
    while (this.position < this.source.length && WORD_CHAR.test(this.source[this.position])) this.position++;
    const word = this.source.slice(start, this.position);
    if (Object.hasOwn(KEYWORDS, word)) return KEYWORDS[word];
    this.position = start;
    throw this.error(
      `expected an argument (a 'string', a number, true, false, null, a $path or a States. call), found ${this.describeNext()}`,
    );
  }

  /** A single-quoted string; `\'`, `\{`, `\}` and `\\` are escapes. */
  private parseString(): IntrinsicStringLiteral {
    const start = this.position;
    let value = '';
    this.position++;
    while (this.position < this.source.length) {
      const char = this.source[this.position];
      if (char === "'") {
        this.position++;
        return { kind: 'string', value, raw: this.source.slice(start + 1, this.position - 1) };
      }
      const next = this.source[this.position + 1];
      if (char === '\\' && next !== undefined) {
        value += ESCAPABLE.has(next) ? next : char + next;
        this.position += 2;
      } else {
        value += char;
        this.position++;
      }
    }
    throw this.error('unterminated string: no closing single quote', start);
  }

  private parseNumber(): IntrinsicNumberLiteral {
    const start = this.position;
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(this.source);
    this.position = start + (match?.[0].length ?? 0);
    const next = this.source[this.position];
    const ended = next === undefined || next === ',' || next === ')' || WHITESPACE.has(next);
    const value = Number(match?.[0]);
    if (!match || !ended || !Number.isFinite(value)) {
      throw this.error(`invalid number "${this.source.slice(start).split(/[\s,)]/)[0]}"`, start);
    }
    return { kind: 'number', value: value + 0 };
  }

  /**
   * A reference path runs to the first whitespace, `,` or `)` outside brackets; inside `[...]`
   * anything goes (filters, quoted names), so `$.a[?(@.b == 'x, y')]` is one path.
   */
  private parsePath(): IntrinsicPathArgument {
    const start = this.position;
    let brackets = 0;
    while (this.position < this.source.length) {
      const char = this.source[this.position];
      if (brackets === 0 && (char === ',' || char === ')' || WHITESPACE.has(char))) break;
      if (brackets === 0 && (char === '(' || char === "'" || char === ']')) {
        throw this.error(`unexpected '${char}' in the path "${this.source.slice(start, this.position)}"`);
      }
      if (brackets > 0 && (char === "'" || char === '"')) {
        this.skipQuoted(char);
        continue;
      }
      if (char === '[') brackets++;
      if (char === ']') brackets--;
      this.position++;
    }
    if (brackets > 0) throw this.error(`unclosed '[' in the path "${this.source.slice(start)}"`, start);
    return { kind: 'path', path: this.source.slice(start, this.position) };
  }

  /** Skips a quoted name inside a path's brackets, honouring backslash escapes. */
  private skipQuoted(quote: string): void {
    const start = this.position;
    for (this.position++; this.position < this.source.length; this.position++) {
      const char = this.source[this.position];
      if (char === '\\') this.position++;
      else if (char === quote) {
        this.position++;
        return;
      }
    }
    throw this.error(`unterminated quoted name in a path: no closing ${quote}`, start);
  }

  private skipWhitespace(): void {
    while (WHITESPACE.has(this.source[this.position])) this.position++;
  }

  private describeNext(): string {
    const char = this.source[this.position];
    return char === undefined ? 'the end of the expression' : `'${char}'`;
  }

  private error(message: string, position = this.position): IntrinsicSyntaxError {
    return new IntrinsicSyntaxError(
      `Invalid intrinsic function call: ${message} (at position ${position} of "${this.source}")`,
      this.source,
      position,
    );
  }
}
