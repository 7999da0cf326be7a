/** A JSON value given on the command line: inline JSON, `@file`, or `-` for stdin. */
import { readFile } from 'node:fs/promises';
import { CliError } from '../errors.js';
import type { InputStream } from '../io.js';

async function readStdin(stdin: InputStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

export async function readJsonArgument(value: string, option: string, stdin: InputStream): Promise<unknown> {
  let text = value;
  let source = `${option}`;
  if (value === '-') {
    text = await readStdin(stdin);
    source = `${option} (stdin)`;
  } else if (value.startsWith('@')) {
    const file = value.slice(1);
    source = `${option} ${file}`;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new CliError(
        `${source}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
}
