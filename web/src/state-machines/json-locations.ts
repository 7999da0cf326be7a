/**
 * Where each value of a JSON text is, by its JSON path in the form `validateDefinition` reports
 * (`$.States.Check.Choices[1].Next`, `$.States['a b']`): so that a diagnostic can point at its place
 * in the editor. Pure; reads only text that JSON.parse accepted.
 */

/** A member's place runs from its key, an element's from its value, to the value's end. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** Keys written with dot notation; any other key is bracketed and quoted (as the server writes them). */
const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

function member(base: string, key: string): string {
  return PLAIN_KEY.test(key)
    ? `${base}.${key}`
    : `${base}['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/** Every value's range in `text` (valid JSON), keyed by its path; the root is `$`. */
export function jsonLocations(text: string): Map<string, TextRange> {
  const found = new Map<string, TextRange>();
  let at = 0;
  const skipSpace = () => {
    while (at < text.length && ' \t\r\n'.includes(text[at]!)) at++;
  };
  const readString = (): string => {
    const start = at;
    at++;
    while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const readValue = (path: string, start: number): void => {
    skipSpace();
    const first = text[at];
    if (first === '{') {
      at++;
      skipSpace();
      while (text[at] !== '}') {
        const keyStart = at;
        const key = readString();
        skipSpace();
        at++; // the colon
        readValue(member(path, key), keyStart);
        skipSpace();
        if (text[at] === ',') at++;
        skipSpace();
      }
      at++;
    } else if (first === '[') {
      at++;
      skipSpace();
      for (let index = 0; text[at] !== ']'; index++) {
        skipSpace();
        readValue(`${path}[${index}]`, at);
        skipSpace();
        if (text[at] === ',') at++;
        skipSpace();
      }
      at++;
    } else if (first === '"') {
      readString();
    } else {
      while (at < text.length && !',}] \t\r\n'.includes(text[at]!)) at++;
    }
    found.set(path, { start, end: at });
  };
  skipSpace();
  readValue('$', at);
  return found;
}

/**
 * The place of `path` in the text, or of the nearest value that holds it when it is not there
 * (a missing field is reported at its own path, e.g. `$.States.A.Next`, inside `$.States.A`).
 */
export function locate(locations: ReadonlyMap<string, TextRange>, path: string): TextRange | undefined {
  for (let candidate = path; ;) {
    const range = locations.get(candidate);
    if (range) return range;
    const cut = Math.max(candidate.lastIndexOf('.'), candidate.lastIndexOf('['));
    if (cut <= 0) return locations.get('$');
    candidate = candidate.slice(0, cut);
  }
}
