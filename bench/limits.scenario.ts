/**
 * Wall-clock budgets of the service's limits, measured here rather than asserted in tests, where a
 * busy machine makes any budget flaky. Huge definitions (docs/testing.md R14): validating 10,000
 * states, 100 levels of nesting and 5,000 levels given as text; the longest stall of the API's
 * event loop (the API is booted in this process) while such definitions are created, updated and
 * validated over REST and GraphQL; how soon a definition over 1 MiB is refused. Hostile clients:
 * how soon a GraphQL fragment bomb is refused by its cost (docs/testing.md S2), and that signing in
 * to an unknown account takes as long as a wrong password (docs/testing.md S13). Shutdown: how long
 * the API takes to close during a burst of requests (docs/design.md §2; the service's watchdog exits
 * 1 past 10 s). The tests keep the functional side: test/asl/validate/definition-limits.test.ts,
 * test/e2e/state-machines.large-definitions.test.ts, test/e2e/security/ and test/e2e/service.test.ts.
 */
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/app.factory.js';
import { validateDefinition } from '../src/asl/validate/index.js';
import { loadConfig } from '../src/config/config.js';
import {
  nestedDefinition,
  nestedParallelText,
  overOneMebibyte,
  tenThousandStates,
} from '../test/asl/validate/validate-test-kit.js';
import { createUser } from '../test/support/auth.js';
import type { BenchDatabase } from './bench.database.js';
import type { TargetCheck } from './bench.targets.js';

/** The longest a validation may take, in the API's worker thread or anywhere. */
export const VALIDATION_BUDGET_MS = 2000;
/** The longest the API's event loop may stall while it handles a huge definition. */
export const MAX_STALL_MS = 100;
/** How soon a definition over 1 MiB must be refused: it is measured, never parsed as a definition. */
export const REFUSAL_BUDGET_MS = 1000;
/** How soon a fragment bomb must be refused: by its cost, never expanded. */
export const FRAGMENT_BOMB_BUDGET_MS = 2000;
/**
 * An unknown account's login time over a wrong password's, medians: without the dummy password
 * verification it is about 1/20; the band leaves room for noise.
 */
export const LOGIN_TIME_RATIO = { min: 0.4, max: 2.5 } as const;
const LOGIN_SAMPLES = 9;
/** How soon the API must have closed when asked to during a burst: the service's shutdown watchdog. */
export const SHUTDOWN_BUDGET_MS = 10_000;
const BURST_CONCURRENCY = 20;
/** Requests answered before the close is asked for. */
const BURST_BEFORE_CLOSE = 100;

/** One measured case, checked against its budget. */
export interface LimitMeasure {
  readonly name: string;
  readonly kind: 'validation' | 'stall' | 'refusal' | 'fragment bomb' | 'login ratio' | 'shutdown';
  /** Milliseconds, or a ratio for `login ratio`. */
  readonly value: number;
}

const ADMIN = { email: 'bench-admin@stepgraph.test', password: randomBytes(18).toString('base64url') };

function timed(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

async function timedAsync(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/** Runs `work` while the event loop's delay is sampled; answers the longest stall, in ms. */
async function longestStall(work: () => Promise<void>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  try {
    await work();
    return histogram.max / 1e6;
  } finally {
    histogram.disable();
  }
}

/** A booted API and a way to call it as its admin, with bodies serialized beforehand. */
class BenchApi {
  private constructor(
    private readonly app: INestApplication,
    readonly url: string,
    readonly token: string,
  ) {}

  static async start(database: BenchDatabase): Promise<BenchApi> {
    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: database.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      STEPGRAPH_ROLE: 'api',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMIT_PER_MINUTE: '1000000',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      AUTH_RATE_LIMIT_PER_IP_PER_MINUTE: '1000',
      // Each failed login comes from an address of its own (X-Forwarded-For): one address's
      // failures are soon blocked, and a block answers at once.
      TRUST_PROXY_HOPS: '1',
    });
    const app = await createApp(config);
    await app.listen(config.port, config.host);
    const { port } = app.getHttpServer().address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    const response = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    if (response.status !== 200) throw new Error(`bench login failed: ${response.status}`);
    const { accessToken } = (await response.json()) as { accessToken: string };
    return new BenchApi(app, url, accessToken);
  }

  /** Signs in from an address of its own; throws unless refused as a bad password would be. */
  async attemptLogin(email: string, password: string): Promise<void> {
    const [a, b, c] = randomBytes(3);
    const response = await fetch(`${this.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${a}.${b}.${c}` },
      body: JSON.stringify({ email, password }),
    });
    await response.arrayBuffer();
    if (response.status !== 401) throw new Error(`a wrong login answered ${response.status}, not 401`);
  }

  /** Sends a body serialized beforehand, so that the bench adds no stall of its own; answers the status. */
  async send(path: string, method: string, body: string): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body,
    });
    return { status: response.status, json: await response.json() };
  }

  /**
   * Closes the API while BURST_CONCURRENCY clients call /health in a loop, once BURST_BEFORE_CLOSE
   * requests were answered; answers how long the close took, in ms.
   */
  async closeDuringBurst(): Promise<number> {
    let answered = 0;
    let firing = true;
    let burstGoing: () => void = () => undefined;
    const going = new Promise<void>((resolve) => (burstGoing = resolve));
    const client = async () => {
      while (firing) {
        try {
          await (await fetch(`${this.url}/health`)).arrayBuffer();
        } catch {
          // Refused or reset once the server stopped listening.
        }
        answered += 1;
        if (answered >= BURST_BEFORE_CLOSE) burstGoing();
      }
    };
    const clients = Array.from({ length: BURST_CONCURRENCY }, client);
    try {
      await going;
      return await timedAsync(() => this.app.close());
    } finally {
      firing = false;
      await Promise.all(clients);
    }
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

const CREATE = `mutation ($input: CreateStateMachineInput!) { createStateMachine(input: $input) { id version } }`;
const VALIDATE = `query ($definition: JSON!) { validateDefinition(definition: $definition) { valid } }`;
const REST = '/api/v1/state-machines';

function graphql(query: string, variables: Record<string, unknown>): string {
  return JSON.stringify({ query, variables });
}

/** A fragment whose spread doubles at each of 24 levels: 2^24 fields if expanded. */
function fragmentBomb(): string {
  const levels = 24;
  const fragments = Array.from({ length: levels }, (_, i) =>
    i === levels - 1
      ? `fragment F${i} on Query { apiVersion }`
      : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
  ).join('\n');
  return JSON.stringify({ query: `{ ...F0 }\n${fragments}` });
}

function describeValue(measure: LimitMeasure): string {
  return measure.kind === 'login ratio' ? measure.value.toFixed(2) : `${measure.value.toFixed(0)} ms`;
}

/** Every case, in order; `progress` gets a line per case. */
export async function runLimitsBench(
  database: BenchDatabase,
  progress: (line: string) => void,
): Promise<LimitMeasure[]> {
  const measures: LimitMeasure[] = [];
  const record = (measure: LimitMeasure) => {
    measures.push(measure);
    progress(`  ${measure.name}: ${describeValue(measure)}`);
  };
  const states = tenThousandStates();
  const broken = tenThousandStates(() => 'Nope');
  // Once unmeasured, so that the figures are the validator's, not the JIT compiler's first pass.
  validateDefinition(states);
  record({
    name: 'validate 10,000 states',
    kind: 'validation',
    value: timed(() => validateDefinition(states)),
  });
  record({
    name: 'validate 10,000 broken states',
    kind: 'validation',
    value: timed(() => validateDefinition(broken)),
  });
  record({
    name: 'validate 100 levels of nesting',
    kind: 'validation',
    value: timed(() => validateDefinition(nestedDefinition(100))),
  });
  const deepText = nestedParallelText(5000);
  record({
    name: 'validate 5,000 levels given as text',
    kind: 'validation',
    value: timed(() => validateDefinition(deepText)),
  });

  const api = await BenchApi.start(database);
  try {
    const second = { Comment: 'v2', ...states };
    const bodies = {
      create: JSON.stringify({ name: 'bench-huge-rest', definition: states }),
      update: JSON.stringify({ definition: JSON.stringify(second) }),
      validate: JSON.stringify({ definition: states }),
      broken: JSON.stringify({ name: 'bench-huge-broken', definition: broken }),
      deep: graphql(CREATE, { input: { name: 'bench-deep', definition: nestedDefinition(100) } }),
      graphqlCreate: graphql(CREATE, { input: { name: 'bench-huge-graphql', definition: states } }),
      graphqlValidate: graphql(VALIDATE, { definition: JSON.stringify(states) }),
    };
    record({
      name: 'API stall: 10,000 states created, updated, validated over REST',
      kind: 'stall',
      value: await longestStall(async () => {
        const created = await api.send(REST, 'POST', bodies.create);
        const { id } = created.json as { id: string };
        await api.send(`${REST}/${id}`, 'PUT', bodies.update);
        await api.send(`${REST}/validate`, 'POST', bodies.validate);
      }),
    });
    record({
      name: 'API stall: 10,000 states created and validated over GraphQL',
      kind: 'stall',
      value: await longestStall(async () => {
        await api.send('/graphql', 'POST', bodies.graphqlCreate);
        await api.send('/graphql', 'POST', bodies.graphqlValidate);
      }),
    });
    record({
      name: 'API stall: 10,000 broken states refused over REST',
      kind: 'stall',
      value: await longestStall(async () => void (await api.send(REST, 'POST', bodies.broken))),
    });
    record({
      name: 'API stall: 100 levels of nesting created over GraphQL',
      kind: 'stall',
      value: await longestStall(async () => void (await api.send('/graphql', 'POST', bodies.deep))),
    });
    const tooLarge = JSON.stringify({ name: 'bench-too-large', definition: overOneMebibyte() });
    let refusal = 0;
    const stall = await longestStall(async () => {
      const started = performance.now();
      await api.send(REST, 'POST', tooLarge);
      refusal = performance.now() - started;
    });
    record({ name: 'refuse a definition over 1 MiB over REST', kind: 'refusal', value: refusal });
    record({ name: 'API stall: a definition over 1 MiB refused', kind: 'stall', value: stall });
    const bomb = fragmentBomb();
    record({
      name: 'refuse a GraphQL fragment bomb by its cost',
      kind: 'fragment bomb',
      value: await timedAsync(() => api.send('/graphql', 'POST', bomb)),
    });
    // A fresh account for each sample, as an attacker probing addresses would meet them.
    const known: number[] = [];
    const unknown: number[] = [];
    for (let sample = 0; sample < LOGIN_SAMPLES; sample += 1) {
      const { user } = await createUser(api.url, api.token, 'viewer');
      known.push(await timedAsync(() => api.attemptLogin(user.email, 'wrong password')));
      unknown.push(
        await timedAsync(() => api.attemptLogin(`ghost-${user.id}@stepgraph.test`, 'wrong password')),
      );
    }
    record({
      name: 'login time, unknown account over wrong password (medians)',
      kind: 'login ratio',
      value: median(unknown) / median(known),
    });
  } finally {
    await api.close();
  }
  const closing = await BenchApi.start(database);
  record({
    name: 'close the API during a burst of requests',
    kind: 'shutdown',
    value: await closing.closeDuringBurst(),
  });
  return measures;
}

/** Each measure against its budget. */
export function checkLimitTargets(measures: readonly LimitMeasure[]): TargetCheck[] {
  const budgets: Record<Exclude<LimitMeasure['kind'], 'login ratio'>, number> = {
    validation: VALIDATION_BUDGET_MS,
    stall: MAX_STALL_MS,
    refusal: REFUSAL_BUDGET_MS,
    'fragment bomb': FRAGMENT_BOMB_BUDGET_MS,
    shutdown: SHUTDOWN_BUDGET_MS,
  };
  return measures.map((measure) => {
    if (measure.kind === 'login ratio') {
      return {
        target: `${measure.name} within ${LOGIN_TIME_RATIO.min}–${LOGIN_TIME_RATIO.max}`,
        measured: describeValue(measure),
        met: measure.value >= LOGIN_TIME_RATIO.min && measure.value <= LOGIN_TIME_RATIO.max,
      };
    }
    return {
      target: `${measure.name} ≤ ${budgets[measure.kind]} ms`,
      measured: describeValue(measure),
      met: measure.value <= budgets[measure.kind],
    };
  });
}
