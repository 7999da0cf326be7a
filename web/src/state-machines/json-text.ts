/**
 * Reading JSON that a person typed, pasted or uploaded (an execution's input, a definition) before
 * anything is sent: bad JSON is refused here, in words, with where it went wrong. Pure.
 */

export type JsonText =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** The line and column (from 1) of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** Parses `text` as JSON; an empty text is refused too (say `{}` for an empty object). */
export function readJson(text: string): JsonText {
  if (text.trim() === '') return { ok: false, message: 'Nothing to read: write a JSON value, e.g. {}' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    // Engines say where with "position N" (V8 adds a line and column itself; others do not).
    const position = /position (\d+)/.exec(detail);
    const where =
      position && !/line \d+/.test(detail)
        ? (({ line, column }) => ` (line ${line}, column ${column})`)(
            lineAndColumn(text, Number(position[1])),
          )
        : '';
    return { ok: false, message: `Not valid JSON: ${detail}${where}` };
  }
}
