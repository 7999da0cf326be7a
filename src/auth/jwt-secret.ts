import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppConfig } from '../config/config.js';

/** The file under DATA_DIR that keeps a generated secret across restarts. */
export const JWT_SECRET_FILE = 'jwt-secret';

/** Bytes of a generated secret: 256 bits, HS256's own strength. */
const GENERATED_SECRET_BYTES = 32;

/**
 * The secret that signs access tokens and keys the API-key hashes: JWT_SECRET when set (required
 * in production), else one generated on first start and kept in `<DATA_DIR>/jwt-secret` (mode
 * 0600), so that tokens and API keys survive a restart of a development machine. Processes that
 * start together agree: the file is created exclusively, and the losers read the winner's.
 */
export async function resolveJwtSecret(config: Pick<AppConfig, 'jwtSecret' | 'dataDir'>): Promise<string> {
  if (config.jwtSecret) return config.jwtSecret;
  const path = join(config.dataDir, JWT_SECRET_FILE);
  await mkdir(config.dataDir, { recursive: true });
  try {
    await writeFile(path, randomBytes(GENERATED_SECRET_BYTES).toString('base64url'), {
      flag: 'wx',
      mode: 0o600,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = (await readFile(path, 'utf8')).trim();
  if (secret.length < 32) throw new Error(`${path} holds no usable secret: delete it to generate a new one`);
  return secret;
}
