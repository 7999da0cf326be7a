/**
 * A black-holed database connection (docs/testing.md R4): an engine process reaches PostgreSQL through a
 * TCP proxy that, mid-run, stops forwarding on every connection it carries, without closing any.
 * Queries on those connections never answer and the transactions they left open hold their locks;
 * timeouts must fire on both ends, the pools must drop those connections, and work must resume on
 * new ones: every execution finishes, and the checker holds.
 */
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startCommandSide, type CommandSide } from '../support/engine-commands.js';
import { checkExecutions } from '../support/engine-checker.js';
import { EngineFleet, FAST_RECOVERY_ENV } from '../support/engine-processes.js';
import { startHttpSink, type HttpSink } from '../support/http-sink.js';
import { startMixedExecutions } from '../support/mixed-workflow.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

jest.setTimeout(150_000);

const EXECUTIONS = 40;
const ENGINE_CONCURRENCY = 8;
/** Short, so that the test waits seconds rather than the default minute for the timeouts to fire. */
const STATEMENT_TIMEOUT_SECONDS = 3;

let database: TestDatabase;
let side: CommandSide;
let sink: HttpSink;
let proxy: TcpProxy;
let fleet: EngineFleet;

beforeAll(async () => {
  database = await createTestDatabase();
  const env = {
    ...FAST_RECOVERY_ENV,
    ENGINE_CONCURRENCY: String(ENGINE_CONCURRENCY),
    DATABASE_STATEMENT_TIMEOUT_SECONDS: String(STATEMENT_TIMEOUT_SECONDS),
  };
  side = await startCommandSide(database.url, env);
  sink = await startHttpSink();
  const direct = new URL(database.url);
  proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port) });
  const proxied = new URL(database.url);
  proxied.port = String(proxy.port);
  fleet = new EngineFleet({ databaseUrl: proxied.toString(), env });
});

afterAll(async () => {
  await fleet?.stopAll();
  await side?.close();
  await sink?.close();
  await proxy?.close();
  await database?.drop();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('database connections black-holed under a running engine (R4)', () => {
  it('time out, are dropped, and the work resumes on new connections', async () => {
    const [engine] = await fleet.startMany(1);
    const { expected, sideEffectKeys } = await startMixedExecutions(side, sink.origin, {
      count: EXECUTIONS,
      prefix: 'blackhole',
    });
    await pause(500);
    const opened = proxy.connections;
    expect(proxy.blackHole()).toBeGreaterThan(0);
    await side.allEnded([...expected.keys()], 90_000);
    expect(engine!.exited).toBe(false);
    // The pools gave up on the black-holed connections and opened new ones.
    expect(proxy.connections).toBeGreaterThan(opened);
    const report = await checkExecutions(side.dataSource, {
      executions: expected,
      sideEffects: {
        deliveries: sink.deliveries,
        expectedKeys: sideEffectKeys,
        faults: 1,
        inFlightPerFault: ENGINE_CONCURRENCY,
      },
    });
    expect(report.violations).toEqual([]);
  });
});
