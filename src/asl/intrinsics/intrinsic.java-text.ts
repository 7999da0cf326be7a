/**
 * How AWS Step Functions turns JSON values into text. Its interpreter runs on the JVM: JSON text comes
 * from Jackson (`States.JsonToString`, error causes) and `States.Format` prints values the way Java's
 * `toString` does (`{a=1, b=[x, y]}`). Numbers follow `Double.toString` once they are not integers.
 */

/** Integers below this magnitude print as Jackson prints a `long`: plain digits. */
const LONG_LIMIT = 2 ** 63;
/** `Double.toString` prints plain decimals from this magnitude (inclusive)... */
const PLAIN_DECIMAL_MIN = 1e-3;
/** ...up to this one (exclusive); outside the range it switches to `1.0E7` notation. */
const PLAIN_DECIMAL_MAX = 1e7;

/**
 * A number as the JVM prints it. JSON parsed in JavaScript no longer knows whether `1` was written
 * `1.0`, so integral values print as integers (as Jackson prints `1`), and everything else follows
 * `Double.toString`: `1.5`, `1.0E-5`, `1.23456789E7`, `1.0E21`.
 */
export function javaNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < LONG_LIMIT) return BigInt(value).toString();
  const magnitude = Math.abs(value);
  if (magnitude >= PLAIN_DECIMAL_MIN && magnitude < PLAIN_DECIMAL_MAX) return String(value);
  // toExponential() without digits gives the shortest round-trip digits, as Java 19+ does.
  const [mantissa, exponent] = value.toExponential().split('e');
  const withFraction = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${withFraction}E${Number(exponent)}`;
}

/** Hex digits Jackson uses in `\uXXXX` escapes (upper case, unlike `JSON.stringify`). */
const HEX = '0123456789ABCDEF';
/** Control characters Jackson escapes with a short form. */
const SHORT_ESCAPES: Record<string, string> = {
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
};

/** A string as a JSON string literal, escaped the way Jackson escapes it. */
function javaQuote(text: string): string {
  let quoted = '"';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char === '"' || char === '\\') quoted += `\\${char}`;
    else if (code >= 0x20) quoted += char;
    else quoted += SHORT_ESCAPES[char] ?? `\\u00${HEX[code >> 4]}${HEX[code & 0xf]}`;
  }
  return `${quoted}"`;
}

/** Compact JSON text, as Jackson writes it: no spaces, keys in insertion order. */
export function javaJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return javaQuote(value);
  if (typeof value === 'number') return javaNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(javaJson).join(',')}]`;
  const members = Object.entries(value as Record<string, unknown>).map(
    ([key, member]) => `${javaQuote(key)}:${javaJson(member)}`,
  );
  return `{${members.join(',')}}`;
}

/**
 * A value as Java's `toString` prints the Map/List/String/Number it becomes: strings without quotes,
 * `[a, b]` for arrays and `{key=value, other=[]}` for objects. `States.Format` substitutes this text.
 */
export function javaText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return javaNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(javaText).join(', ')}]`;
  const members = Object.entries(value as Record<string, unknown>).map(
    ([key, member]) => `${key}=${javaText(member)}`,
  );
  return `{${members.join(', ')}}`;
}
