/**
 * Where a command's result goes: JSON for scripts (`--json`), text for people. Results go to
 * stdout; notes, progress and errors to stderr.
 */
export interface Output {
  readonly json: boolean;
  /** A result line (stdout). */
  line(text: string): void;
  /** A result as JSON (stdout), pretty-printed. */
  data(value: unknown): void;
  /** A note for people (stderr), left out in JSON mode so that only data reaches scripts. */
  note(text: string): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    line: (text) => void process.stdout.write(`${text}\n`),
    data: (value) => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    note: (text) => {
      if (!json) process.stderr.write(`${text}\n`);
    },
  };
}
