/**
 * The process pieces a CLI run reads and writes: given to `run` rather than taken from `process`,
 * so that the bin passes the process's own and a test can run a command as a call, with streams
 * of its own. Whether a stream is a TTY is the stream's to say (`isTTY`).
 */
import type { WriteStream } from 'node:tty';

export type OutputStream = NodeJS.WritableStream &
  Partial<Pick<WriteStream, 'isTTY' | 'clearLine' | 'cursorTo'>>;

export type InputStream = NodeJS.ReadableStream & {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
};

export interface CliIo {
  readonly stdin: InputStream;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: NodeJS.ProcessEnv;
}
