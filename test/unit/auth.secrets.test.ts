import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JWT_SECRET_FILE, resolveJwtSecret } from '../../src/auth/jwt-secret.js';
import { PASSWORD_HASH_OPTIONS, PasswordHasher } from '../../src/users/password.hasher.js';

describe('the JWT secret', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'stepgraph-secret-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is JWT_SECRET when set, and then no file is written', async () => {
    expect(await resolveJwtSecret({ jwtSecret: 'x'.repeat(32), dataDir })).toBe('x'.repeat(32));
    await expect(stat(join(dataDir, JWT_SECRET_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('is generated once under DATA_DIR, readable by its owner only, and the same for every process', async () => {
    const secrets = await Promise.all(
      [1, 2, 3].map(() => resolveJwtSecret({ jwtSecret: undefined, dataDir })),
    );
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]!.length).toBeGreaterThanOrEqual(43);
    const file = join(dataDir, JWT_SECRET_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toBe(secrets[0]);
    expect(await resolveJwtSecret({ jwtSecret: undefined, dataDir })).toBe(secrets[0]);
  });
});

describe('stored password hashes (docs/testing.md S14)', () => {
  const hasher = new PasswordHasher();

  it('are argon2id with m ≥ 19 MiB, t ≥ 2, p = 1, salted', async () => {
    const [first, second] = [await hasher.hash('correct horse'), await hasher.hash('correct horse')];
    const match = /^\$argon2id\$v=19\$([a-z0-9=,]+)\$/.exec(first);
    expect(match).not.toBeNull();
    const parameters = Object.fromEntries(match![1]!.split(',').map((pair) => pair.split('=')));
    expect(Number(parameters.m)).toBeGreaterThanOrEqual(19_456);
    expect(Number(parameters.t)).toBeGreaterThanOrEqual(2);
    expect(Number(parameters.p)).toBe(1);
    expect(PASSWORD_HASH_OPTIONS).toMatchObject({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    expect(second).not.toBe(first);
  });

  it('verify the right password only, and a malformed hash matches nothing', async () => {
    const stored = await hasher.hash('correct horse');
    expect(await hasher.verify(stored, 'correct horse')).toBe(true);
    expect(await hasher.verify(stored, 'Correct horse')).toBe(false);
    expect(await hasher.verify('not a hash', 'correct horse')).toBe(false);
    expect(await hasher.verifyNothing('correct horse')).toBe(false);
  });
});
