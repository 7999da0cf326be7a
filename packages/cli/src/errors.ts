/**
 * The one error the CLI reports as it is: a message that names what went wrong, and the exit code.
 * Anything else that escapes a command is reported by its message too, never as a stack trace.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A failure already printed in full (diagnostics, a failed execution): only the exit code is left. */
export class ExitCode extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'ExitCode';
  }
}
