/**
 * The refresh tokens `stepgraph login` keeps, one per server URL, in
 * `$XDG_CONFIG_HOME/stepgraph/credentials.json` (else `~/.config/stepgraph/`): the directory mode
 * 0700 and the file mode 0600, as the token signs its holder in.
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../errors.js';

export interface StoredLogin {
  readonly email: string;
  readonly refreshToken: string;
}

type Credentials = Record<string, StoredLogin>;

export function configDirectory(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'stepgraph');
}

export function credentialsFile(env: NodeJS.ProcessEnv): string {
  return join(configDirectory(env), 'credentials.json');
}

async function readAll(env: NodeJS.ProcessEnv): Promise<Credentials> {
  const file = credentialsFile(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as Credentials;
  } catch {
    throw new CliError(`${file} is not valid JSON: run \`stepgraph logout\` and sign in again`);
  }
}

async function writeAll(credentials: Credentials, env: NodeJS.ProcessEnv): Promise<void> {
  const directory = configDirectory(env);
  const file = credentialsFile(env);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await chmod(directory, 0o700);
  if (Object.keys(credentials).length === 0) {
    await rm(file, { force: true });
    return;
  }
  // Written aside, then renamed: a crash never leaves half a file, and the mode is set before any
  // token is in it.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, '', { mode: 0o600 });
  await chmod(temporary, 0o600);
  await writeFile(temporary, `${JSON.stringify(credentials, null, 2)}\n`);
  await rename(temporary, file);
}

export async function loadLogin(url: string, env: NodeJS.ProcessEnv): Promise<StoredLogin | undefined> {
  return (await readAll(env))[url];
}

export async function saveLogin(url: string, login: StoredLogin, env: NodeJS.ProcessEnv): Promise<void> {
  await writeAll({ ...(await readAll(env)), [url]: login }, env);
}

export async function forgetLogin(url: string, env: NodeJS.ProcessEnv): Promise<StoredLogin | undefined> {
  const all = await readAll(env);
  const login = all[url];
  if (login) {
    delete all[url];
    await writeAll(all, env);
  }
  return login;
}
