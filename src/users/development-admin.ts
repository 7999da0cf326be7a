import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppConfig } from '../config/config.js';

/** The admin a development machine gets when ADMIN_EMAIL is unset. */
export const DEVELOPMENT_ADMIN_EMAIL = 'admin@stepgraph.local';

/** The file under DATA_DIR that holds the development admin's generated password. */
export const DEVELOPMENT_ADMIN_PASSWORD_FILE = 'admin-password';

/**
 * So that `npm start` on a fresh machine gives a service someone can sign in to without choosing
 * credentials first: a random password, kept in `<DATA_DIR>/admin-password` (mode 0600) rather than
 * printed, because no secret may appear in a log. Created exclusively, so processes that start
 * together agree on one password.
 */
export async function developmentAdmin(
  config: Pick<AppConfig, 'dataDir'>,
): Promise<{ email: string; password: string; passwordFile: string }> {
  const passwordFile = join(config.dataDir, DEVELOPMENT_ADMIN_PASSWORD_FILE);
  await mkdir(config.dataDir, { recursive: true });
  try {
    await writeFile(passwordFile, `${randomBytes(18).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const password = (await readFile(passwordFile, 'utf8')).trim();
  return { email: DEVELOPMENT_ADMIN_EMAIL, password, passwordFile };
}
