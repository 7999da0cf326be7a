import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/config.js';
import { ROLES } from '../../src/config/config.schema.js';

const ROOT = resolve(__dirname, '../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** What docs/deployment.md tells a reader to type, in order, to go from a clone to a running stack. */
const FROM_NOTHING = [
  'cp .env.example .env',
  'sh scripts/env-secrets.sh .env',
  'docker compose up --build -d',
];

interface ComposeService {
  image?: string;
  build?: string;
  env_file?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: unknown; disable?: boolean };
  restart?: string;
  ports?: string[];
}

const composeText = read('docker-compose.yml');
// Compose resolves YAML merge keys (`<<: *anchor`); so does this parse.
const compose = parse(composeText, { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;
const STEPGRAPH_SERVICES = { migrate: 'migrate', api: 'api', engine: 'worker' } as const;

/** The variables of a .env file, as compose reads them: `NAME=value` lines, comments and blanks skipped. */
function dotenv(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** Compose's interpolation of `${NAME}`, `${NAME:-default}` and `${NAME:?error}` from `.env`. */
function interpolate(value: string, variables: Record<string, string>): string {
  return value.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::([-?])([^}]*))?\}/g, (_, name: string, kind, rest) => {
    const set = variables[name];
    if (set) return set;
    if (kind === '?') throw new Error(`compose refuses: ${rest}`);
    return kind === '-' ? (rest as string) : '';
  });
}

/** The environment compose gives a service's container: its env_file, overlaid by its `environment`. */
function containerEnvironment(
  service: ComposeService,
  dotEnv: Record<string, string>,
): Record<string, string> {
  const fromFile = service.env_file === '.env' ? dotEnv : {};
  const own = Object.entries(service.environment ?? {}).map(([name, value]) => [
    name,
    interpolate(String(value), dotEnv),
  ]);
  return { ...fromFile, ...Object.fromEntries(own) };
}

describe('docker-compose.yml', () => {
  it('runs PostgreSQL and Redis with health checks, a one-shot migrate step, an API and an engine', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'engine', 'migrate', 'postgres', 'redis']);
    expect(services.postgres!.healthcheck?.test).toBeDefined();
    expect(services.redis!.healthcheck?.test).toBeDefined();
    for (const name of Object.keys(STEPGRAPH_SERVICES)) {
      expect(services[name]).toMatchObject({ build: '.', image: 'stepgraph:local', env_file: '.env' });
    }
    expect(services.migrate).toMatchObject({
      restart: 'no',
      depends_on: { postgres: { condition: 'service_healthy' } },
    });
    expect(services.migrate!.ports).toBeUndefined();
    expect(services.engine!.ports).toBeUndefined();
  });

  it('starts the API and the engine only once migrate has completed successfully', () => {
    for (const name of ['api', 'engine']) {
      expect(services[name]!.depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
    }
  });

  it('uses only variables that .env.example defines', () => {
    const defined = Object.keys(dotenv(read('.env.example')));
    const used = [...composeText.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((match) => match[1]!);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !defined.includes(name))).toEqual([]);
  });

  it('is refused by compose on an untouched copy of .env.example, which has no secrets', () => {
    const untouched = dotenv(read('.env.example'));
    expect(() => containerEnvironment(services.migrate!, untouched)).toThrow(/POSTGRES_PASSWORD/);
    const withDatabasePassword = { ...untouched, POSTGRES_PASSWORD: 'a-database-password' };
    expect(() => containerEnvironment(services.api!, withDatabasePassword)).toThrow(/JWT_SECRET/);
    expect(() => containerEnvironment(services.engine!, withDatabasePassword)).toThrow(/JWT_SECRET/);
  });

  describe('after the documented .env path', () => {
    let folder: string;
    let dotEnv: Record<string, string>;

    beforeAll(() => {
      folder = mkdtempSync(join(tmpdir(), 'stepgraph-env-'));
      const file = join(folder, '.env');
      copyFileSync(join(ROOT, '.env.example'), file);
      const run = () =>
        spawnSync('sh', [join(ROOT, 'scripts/env-secrets.sh'), file], { cwd: folder, encoding: 'utf8' });
      expect(run().status).toBe(0);
      dotEnv = dotenv(readFileSync(file, 'utf8'));
      // A second run keeps every value it finds.
      const again = run();
      expect(again.status).toBe(0);
      expect(dotenv(readFileSync(file, 'utf8'))).toEqual(dotEnv);
    });

    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('gives every Stepgraph service a configuration that loads, in its role', () => {
      for (const [name, role] of Object.entries(STEPGRAPH_SERVICES)) {
        const config = loadConfig(containerEnvironment(services[name]!, dotEnv));
        expect(config).toMatchObject({
          role,
          isProduction: true,
          databaseUrl: expect.stringContaining('@postgres:5432/'),
        });
        if (role !== 'migrate')
          expect(config).toMatchObject({ migrateOnBoot: false, admin: expect.anything() });
      }
    });

    it('fills distinct random secrets of a useful length', () => {
      const secrets = ['JWT_SECRET', 'WEBHOOK_SECRET_KEY', 'POSTGRES_PASSWORD', 'ADMIN_PASSWORD'].map(
        (name) => dotEnv[name] ?? '',
      );
      for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9]{24,}$/);
      expect(new Set(secrets).size).toBe(secrets.length);
    });
  });
});

describe('docs/deployment.md', () => {
  const guide = read('docs/deployment.md');

  it('takes a reader from nothing to the stack with the commands the files support', () => {
    const lines = guide.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim());
    const positions = FROM_NOTHING.map((command) => lines.indexOf(command));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(composeText).toContain(FROM_NOTHING.join(' && '));
  });

  it('names only services of docker-compose.yml in its docker compose commands', () => {
    const named = [
      ...guide.matchAll(
        /docker compose (?:logs|ps|exec|stop|start|restart|run|up|rm)((?: -[-\w=]+)*) ([a-z]+)/g,
      ),
    ].map((match) => match[2]!);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => !(name in services))).toEqual([]);
  });

  it('names only roles, variables and npm scripts that exist', () => {
    const roles = [...guide.matchAll(/STEPGRAPH_ROLE=([a-z]+)/g)].map((match) => match[1]!);
    expect(roles.filter((role) => !(ROLES as readonly string[]).includes(role))).toEqual([]);
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: object }).scripts);
    const npmRuns = [...guide.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]!);
    expect(npmRuns.filter((script) => !scripts.includes(script))).toEqual([]);
    expect(guide).toContain('MIGRATE_ON_BOOT');
  });
});
