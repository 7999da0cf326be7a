/** The password for `login`: stdin, STEPGRAPH_PASSWORD, or a prompt that does not echo (TTY only). */
import { CliError } from '../errors.js';

async function readAll(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function prompt(): Promise<string> {
  const input = process.stdin;
  process.stderr.write('Password: ');
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let password = '';
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
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

export async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return readAll();
  if (process.env.STEPGRAPH_PASSWORD) return process.env.STEPGRAPH_PASSWORD;
  if (!process.stdin.isTTY) {
    throw new CliError(
      'no password: use --password-stdin or STEPGRAPH_PASSWORD when stdin is not a terminal',
    );
  }
  return prompt();
}
