/** The password for `login`: stdin, STEPGRAPH_PASSWORD, or a prompt that does not echo (TTY only). */
import { CliError } from '../errors.js';
import type { CliIo, InputStream } from '../io.js';

async function readAll(stdin: InputStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function prompt(io: CliIo): Promise<string> {
  const input = io.stdin;
  io.stderr.write('Password: ');
  input.setRawMode?.(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let password = '';
    const done = (error?: Error) => {
      input.setRawMode?.(false);
      input.pause();
      input.off('data', onData);
      io.stderr.write('\n');
      if (error) reject(error);
      else resolve(password);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new CliError('login cancelled'));
        if (char === '\u007f' || char === '\b') password = password.slice(0, -1);
        else password += char;
      }
    };
    input.on('data', onData);
  });
}

export async function readPassword(fromStdin: boolean, io: CliIo): Promise<string> {
  if (fromStdin) return readAll(io.stdin);
  if (io.env.STEPGRAPH_PASSWORD) return io.env.STEPGRAPH_PASSWORD;
  if (!io.stdin.isTTY) {
    throw new CliError(
      'no password: use --password-stdin or STEPGRAPH_PASSWORD when stdin is not a terminal',
    );
  }
  return prompt(io);
}
