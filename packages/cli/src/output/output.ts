/**
 * Where a command's result goes: JSON for scripts (`--json`), text for people. Results go to
 * stdout; notes, progress and errors to stderr.
 */
import type { CliIo } from '../io.js';
import { LiveLine, painter, startSpinner, type Paint } from './terminal.js';

export interface Output {
  readonly json: boolean;
  /** Colours for text on stdout (none off a TTY or with NO_COLOR). */
  readonly paint: Paint;
  /** A result line (stdout). */
  line(text: string): void;
  /** A result as JSON (stdout), pretty-printed. */
  data(value: unknown): void;
  /** A note for people (stderr), left out in JSON mode so that only data reaches scripts. */
  note(text: string): void;
  /** A progress line redrawn in place (stderr, on a TTY only). */
  liveLine(): LiveLine;
  /** A spinner with the elapsed time (stderr, on a TTY only). */
  spinner(label: string): { stop(): void };
}

export function createOutput(json: boolean, io: CliIo): Output {
  return {
    json,
    paint: painter(io.stdout, io.env),
    line: (text) => void io.stdout.write(`${text}\n`),
    data: (value) => void io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    note: (text) => {
      if (!json) io.stderr.write(`${text}\n`);
    },
    liveLine: () => new LiveLine(io.stderr),
    spinner: (label) => startSpinner(label, io.stderr),
  };
}
