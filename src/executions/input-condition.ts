import { AppError } from '../common/app-error.js';

/**
 * A JSONPath-equals condition on an execution's input, `$.order.customerId == "c-42"`, parsed:
 * the object keys leading to the value, and the value as JSON text (kept as written, so that a
 * number keeps every digit: PostgreSQL reads it as numeric, JavaScript would round it).
 */
export interface InputCondition {
  readonly path: readonly string[];
  readonly valueJson: string;
}

/** The form the parser accepts, quoted in every refusal. */
export const INPUT_CONDITION_FORM =
  `$ then one or more .name or ['name'] segments, then ==, then a JSON value, ` +
  `as in $.customerId == "c-42" or $['order'].total == 12.5`;

const MAX_SEGMENTS = 32;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

function refused(problem: string): AppError {
  return AppError.badUserInput(`Invalid input condition: ${problem}`, {
    details: [{ path: 'input', message: `${problem}; expected ${INPUT_CONDITION_FORM}` }],
  });
}

/** Reads a quoted name (`'…'` or `"…"`, `\` escapes the next character) at `start`, the quote. */
function quotedName(text: string, start: number): { name: string; end: number } {
  const quote = text[start];
  let name = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === quote) return { name, end: i + 1 };
    if (c === '\\') {
      i++;
      if (i >= text.length) break;
      name += text[i];
    } else name += c;
  }
  throw refused(`the name quoted at position ${start + 1} is not closed`);
}

/** The segment that starts at `at` (a `.` or a `[`): its name and where it ends. */
function segmentAt(text: string, at: number): { name: string; end: number } {
  if (text[at] === '.') {
    if (text[at + 1] === '.') throw refused('recursive descent (..) is not supported');
    if (text[at + 1] === '*') throw refused('wildcards (.*) are not supported');
    const name = NAME.exec(text.slice(at + 1))?.[0];
    if (name === undefined) throw refused(`expected a name after the "." at position ${at + 1}`);
    return { name, end: at + 1 + name.length };
  }
  const next = text[at + 1];
  if (next === "'" || next === '"') {
    const { name, end } = quotedName(text, at + 1);
    if (text[end] !== ']') throw refused(`expected "]" after the quoted name at position ${end + 1}`);
    return { name, end: end + 1 };
  }
  if (next === '*') throw refused('wildcards ([*]) are not supported');
  if (next === '?') throw refused('filter expressions ([?(…)]) are not supported');
  if (next !== undefined && /[-0-9:]/.test(next))
    throw refused('array indexes and slices ([0]) are not supported');
  throw refused(`expected a quoted name after the "[" at position ${at + 1}`);
}

/** Parses `$.a.b == <JSON>`; BAD_USER_INPUT naming what is wrong and the accepted form otherwise. */
export function parseInputCondition(condition: string): InputCondition {
  const text = condition.trim();
  if (!text.startsWith('$')) throw refused('it must start with $');
  // PostgreSQL's text and jsonb hold no U+0000: no input could match, and the query would fail.
  if (text.includes('\u0000') || /\\u0000/i.test(text)) throw refused('it contains U+0000');
  const path: string[] = [];
  let at = 1;
  while (text[at] === '.' || text[at] === '[') {
    const segment = segmentAt(text, at);
    path.push(segment.name);
    at = segment.end;
  }
  if (path.length === 0) throw refused("expected a .name or ['name'] segment after $");
  if (path.length > MAX_SEGMENTS) throw refused(`a path may have at most ${MAX_SEGMENTS} segments`);
  const rest = text.slice(at).trimStart();
  if (!rest.startsWith('==') || rest.startsWith('===')) {
    const found = rest.length === 0 ? 'nothing' : `"${rest.slice(0, 10)}"`;
    throw refused(`expected == after the path, found ${found}`);
  }
  const valueJson = rest.slice(2).trim();
  try {
    JSON.parse(valueJson);
  } catch (error) {
    throw refused(
      `the value after == is not JSON (a "string", a number, true, false, null, an object or an array): ${
        (error as Error).message
      }`,
    );
  }
  return { path, valueJson };
}

/**
 * The JSON document that contains the condition, `{"a":{"b":<value>}}`: `input @>` it is what a
 * GIN (jsonb_path_ops) index answers. Containment also matches a larger object or array at the path,
 * so the query checks the value at the path for equality as well.
 */
export function containmentJson(condition: InputCondition): string {
  return condition.path.reduceRight((inner, key) => `{${JSON.stringify(key)}:${inner}}`, condition.valueJson);
}
