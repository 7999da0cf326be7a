/** `stepgraph login` / `logout`: a refresh token kept in the user's config directory, per server URL. */
import { Command } from 'commander';
import { createApiClient } from '../api/graphql-client.js';
import { LOGIN, LOGOUT } from '../api/documents.js';
import { serverUrl } from '../connection/connection.js';
import { credentialsFile, forgetLogin, saveLogin } from '../connection/credentials.store.js';
import { CliError } from '../errors.js';
import { examples, globals, ioOf, outputFor } from './command.context.js';
import { readPassword } from './password.prompt.js';

interface LoginResult {
  login: { refreshToken: string; user: { email: string; role: string } };
}

/** `env` gives the email's default (STEPGRAPH_EMAIL), which help shows. */
export function loginCommand(env: NodeJS.ProcessEnv): Command {
  const command = new Command('login')
    .description('sign in and keep a refresh token for this server (file mode 0600 in your config directory)')
    .requiredOption('-e, --email <email>', 'your email', env.STEPGRAPH_EMAIL)
    .option('--password-stdin', 'read the password from stdin (else STEPGRAPH_PASSWORD, else a prompt)')
    .action(async (options: { email: string; passwordStdin?: boolean }, self: Command) => {
      const io = ioOf(self);
      const url = serverUrl(globals(self), io.env);
      const output = outputFor(self);
      const password = await readPassword(Boolean(options.passwordStdin), io);
      const client = createApiClient(url, undefined);
      const { login } = await client.request<LoginResult>(LOGIN, { email: options.email, password });
      await saveLogin(url, { email: login.user.email, refreshToken: login.refreshToken }, io.env);
      if (output.json)
        output.data({ url, email: login.user.email, role: login.user.role, file: credentialsFile(io.env) });
      else
        output.line(
          `Signed in to ${url} as ${login.user.email} (${login.user.role}); token kept in ${credentialsFile(io.env)}`,
        );
    });
  return examples(command, [
    'stepgraph login --email admin@stepgraph.local',
    'stepgraph --url https://stepgraph.example.com login -e me@example.com --password-stdin < password.txt',
  ]);
}

export function logoutCommand(): Command {
  const command = new Command('logout')
    .description('end the stored session for this server and delete its refresh token')
    .action(async (_options: unknown, self: Command) => {
      const { env } = ioOf(self);
      const url = serverUrl(globals(self), env);
      const output = outputFor(self);
      const login = await forgetLogin(url, env);
      if (!login) throw new CliError(`not signed in to ${url}: nothing to log out of`);
      // The token is forgotten locally first: a server that cannot be reached must not keep it on disk.
      await createApiClient(url, undefined)
        .request(LOGOUT, { refreshToken: login.refreshToken })
        .catch((error: Error) =>
          output.note(`The server did not confirm the logout (${error.message}); the token is deleted here.`),
        );
      if (output.json) output.data({ url, email: login.email, loggedOut: true });
      else output.line(`Signed out of ${url} (${login.email})`);
    });
  return examples(command, ['stepgraph logout', 'stepgraph --url https://stepgraph.example.com logout']);
}
