/**
 * The validator's diagnostic paths (`$.States.Check.Choices[1].Next`, `$['a b']`) as key and index
 * segments, to find the place they name in a file.
 */
export type PathSegment = string | number;

/** The segments of `path`; unreadable tails are dropped, so the result names an ancestor at worst. */
export function pathSegments(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let rest = path.startsWith('$') ? path.slice(1) : path;
  while (rest.length > 0) {
    const dotted = /^\.([A-Za-z0-9_-]+)/.exec(rest);
    const indexed = /^\[(\d+)\]/.exec(rest);
    const quoted = /^\['((?:[^'\\]|\\.)*)'\]/.exec(rest);
    if (dotted) {
      segments.push(dotted[1]);
      rest = rest.slice(dotted[0].length);
    } else if (indexed) {
      segments.push(Number(indexed[1]));
      rest = rest.slice(indexed[0].length);
    } else if (quoted) {
      segments.push(quoted[1].replace(/\\(.)/g, '$1'));
      rest = rest.slice(quoted[0].length);
    } else {
      break;
    }
  }
  return segments;
}
