import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { login } from '../support/auth.js';
import { bootApp, type BootedApp } from '../support/app.js';
import {
  DEVELOPMENT_ADMIN_EMAIL,
  DEVELOPMENT_ADMIN_PASSWORD_FILE,
} from '../../src/users/development-admin.js';

describe('a development machine with no ADMIN_EMAIL', () => {
  let dataDir: string;
  let booted: BootedApp;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'stepgraph-dev-admin-'));
    booted = await bootApp({
      NODE_ENV: 'development',
      ADMIN_EMAIL: '',
      ADMIN_PASSWORD: '',
      DATA_DIR: dataDir,
    });
  });

  afterAll(async () => {
    await booted.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('gets an admin whose generated password is kept in a private file under DATA_DIR', async () => {
    const passwordFile = join(dataDir, DEVELOPMENT_ADMIN_PASSWORD_FILE);
    expect((await stat(passwordFile)).mode & 0o777).toBe(0o600);
    const password = (await readFile(passwordFile, 'utf8')).trim();
    const session = await login(booted.url, DEVELOPMENT_ADMIN_EMAIL, password);
    expect(session.user).toMatchObject({ email: DEVELOPMENT_ADMIN_EMAIL, role: 'admin' });
  });
});

describe('a test process with no ADMIN_EMAIL', () => {
  it('creates no admin', async () => {
    const booted = await bootApp({ ADMIN_EMAIL: '', ADMIN_PASSWORD: '' });
    try {
      const [{ count }] = (await booted.app
        .get(DataSource)
        .query('SELECT count(*)::int AS count FROM users')) as Array<{ count: number }>;
      expect(count).toBe(0);
    } finally {
      await booted.close();
    }
  });
});
