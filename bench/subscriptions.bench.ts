/**
 * Live subscriptions under load: 1,000 graphql-ws subscribers on one running
 * execution, then 100 subscribers on each of 100 executions, against the service as a process of
 * its own on the bench database and a redis-server of its own.
 *
 * Each execution waits at a gate (a callback Task) until every subscriber has received its replay;
 * the gates are then opened and the executions run a loop of short sleeps, recording events at a
 * steady pace. Latency is measured from the commit (the moment an idle Redis subscriber, the probe,
 * receives the notification that follows it) to the moment a client receives the event.
 */
import pg from 'pg';
import { percentiles, type Percentiles } from './bench.metrics.js';
import type { BenchDatabase } from './bench.database.js';
import { ClientFleet, type Subscriber, type SubscriptionField } from './subscriptions.clients.js';
import {
  rssMbOf,
  cpuMsOf,
  startProbe,
  startRedis,
  startService,
  type BenchService,
  type CommitNotice,
} from './subscriptions.processes.js';

export interface SubscriptionScenario {
  readonly name: string;
  readonly executions: number;
  readonly subscribersPerExecution: number;
  /** The field subscribed to: one event per message, or the events of each read as one list. */
  readonly field: SubscriptionField;
  /** WebSockets; with more subscriptions than sockets, each socket carries several. */
  readonly sockets: number;
  /** Rounds of the loop each execution runs once its gate opens (9 events a round). */
  readonly rounds: number;
  readonly sleepSeconds: number;
}

export interface SubscriptionResult {
  readonly scenario: SubscriptionScenario;
  readonly subscribers: number;
  /** Events each subscriber should have received live (after its replay), all executions together. */
  readonly liveEvents: number;
  /** Events delivered live, all subscribers together. */
  readonly messages: number;
  readonly latencyMs: Percentiles & { readonly max: number };
  /** Messages delivered per second, from the gates opening to the last delivery. */
  readonly messagesPerSecond: number;
  /**
   * The service's CPU time from the gates opening to the last delivery, per message: what one
   * delivery costs, less blurred than the latency by other work on the machine.
   */
  readonly serverCpuUsPerMessage: number;
  readonly baselineRssMb: number;
  readonly peakRssMb: number;
  /** Subscribers that did not receive exactly the history, in order, and a completion. */
  readonly missed: number;
}

export const SUBSCRIPTION_SCENARIOS: readonly SubscriptionScenario[] = [
  // The same path with almost no fan-out: what one delivery costs.
  {
    name: '1 execution × 10 subscribers',
    executions: 1,
    subscribersPerExecution: 10,
    field: 'executionEvents',
    sockets: 10,
    rounds: 20,
    sleepSeconds: 0.5,
  },
  {
    name: '1 execution × 1,000 subscribers',
    executions: 1,
    subscribersPerExecution: 1000,
    field: 'executionEvents',
    sockets: 1000,
    rounds: 20,
    sleepSeconds: 0.5,
  },
  // The same, with a commit's events in one message.
  {
    name: '1 execution × 1,000 subscribers, executionEventBatches',
    executions: 1,
    subscribersPerExecution: 1000,
    field: 'executionEventBatches',
    sockets: 1000,
    rounds: 20,
    sleepSeconds: 0.5,
  },
  {
    name: '100 executions × 100 subscribers',
    executions: 100,
    subscribersPerExecution: 100,
    field: 'executionEvents',
    sockets: 1000,
    rounds: 5,
    sleepSeconds: 1,
  },
];

/** A tenth of the subscribers and rounds: a smoke run. */
export const QUICK_SUBSCRIPTION_SCENARIOS: readonly SubscriptionScenario[] = SUBSCRIPTION_SCENARIOS.map(
  (scenario) => ({
    ...scenario,
    name: `${scenario.name} (quick: ÷10)`,
    subscribersPerExecution: Math.ceil(scenario.subscribersPerExecution / 10),
    sockets: Math.ceil(scenario.sockets / 10),
    rounds: Math.ceil(scenario.rounds / 10),
  }),
);

/** How long the subscribers may take to receive everything once the gates are open. */
const DELIVERY_TIMEOUT_MS = 600_000;
const RSS_SAMPLE_MS = 100;

/** A gate the bench opens, then `rounds` rounds of a sleep, a count and a check. */
function gatedLoop(rounds: number, seconds: number) {
  return {
    StartAt: 'Gate',
    States: {
      Gate: {
        Type: 'Task',
        Resource: 'builtin:callback.waitForTaskToken',
        Parameters: { 'token.$': '$$.Task.Token' },
        Next: 'Init',
      },
      Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Sleep' },
      Sleep: {
        Type: 'Task',
        Resource: 'builtin:sleep',
        Parameters: { seconds, 'i.$': '$.i' },
        Next: 'Count',
      },
      Count: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
      Check: {
        Type: 'Choice',
        Choices: [{ Variable: '$.i', NumericLessThan: rounds, Next: 'Sleep' }],
        Default: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  };
}

async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** GraphQL over HTTP as the bench's admin. */
export class AdminClient {
  constructor(
    private readonly url: string,
    readonly token: string,
  ) {}

  static async signIn(service: BenchService): Promise<AdminClient> {
    const response = await fetch(`${service.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(service.admin),
    });
    const { accessToken } = (await response.json()) as { accessToken: string };
    return new AdminClient(service.url, accessToken);
  }

  async request<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown };
    if (!body.data || body.errors) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
    return body.data;
  }
}

/** The gate of each execution: its task token and the seq of its TaskScheduled, once recorded. */
async function gatesOf(
  db: pg.Client,
  ids: readonly string[],
): Promise<Map<string, { token: string; seq: number }>> {
  const gates = new Map<string, { token: string; seq: number }>();
  await until(
    async () => {
      const { rows } = await db.query<{ execution_id: string; seq: number; details: { parameters: string } }>(
        `SELECT execution_id, seq, details FROM execution_events WHERE execution_id = ANY($1) AND type = 'TaskScheduled'`,
        [ids],
      );
      for (const row of rows)
        gates.set(row.execution_id, {
          seq: row.seq,
          token: (JSON.parse(row.details.parameters) as { token: string }).token,
        });
      return gates.size === ids.length;
    },
    60_000,
    'every execution to reach its gate',
  );
  return gates;
}

/** When the probe saw each seq committed, by execution. */
function commitTimes(notices: readonly CommitNotice[]): Map<string, Map<number, number>> {
  const times = new Map<string, Map<number, number>>();
  for (const notice of notices) {
    const bySeq = times.get(notice.executionId) ?? new Map<number, number>();
    times.set(notice.executionId, bySeq);
    for (let seq = notice.fromSeq; seq <= notice.toSeq; seq += 1)
      if (!bySeq.has(seq)) bySeq.set(seq, notice.at);
  }
  return times;
}

function delivered(subscriber: Subscriber, last: number): boolean {
  const expected = last - subscriber.afterSeq;
  return (
    subscriber.completed &&
    subscriber.error === undefined &&
    subscriber.seqs.length === expected &&
    subscriber.seqs.every((seq, index) => seq === subscriber.afterSeq + index + 1)
  );
}

interface Run {
  readonly service: BenchService;
  readonly admin: AdminClient;
  readonly db: pg.Client;
  readonly notices: CommitNotice[];
}

async function measure(
  run: Run,
  scenario: SubscriptionScenario,
  progress: (line: string) => void,
): Promise<SubscriptionResult> {
  const began = Date.now();
  const step = (what: string) => progress(`    ${((Date.now() - began) / 1000).toFixed(1)} s: ${what}`);
  const { createStateMachine } = await run.admin.request<{ createStateMachine: { id: string } }>(
    'mutation ($input: CreateStateMachineInput!) { createStateMachine(input: $input) { id } }',
    { input: { name: `bench-${Date.now()}`, definition: gatedLoop(scenario.rounds, scenario.sleepSeconds) } },
  );
  const ids = await Promise.all(
    Array.from({ length: scenario.executions }, async () => {
      const data = await run.admin.request<{ startExecution: { id: string } }>(
        'mutation ($input: StartExecutionInput!) { startExecution(input: $input) { id } }',
        { input: { stateMachineId: createStateMachine.id } },
      );
      return data.startExecution.id;
    }),
  );
  const gates = await gatesOf(run.db, ids);
  step(`${ids.length} executions at their gate`);
  const fleet = await ClientFleet.open(run.service.url, run.admin.token, scenario.sockets);
  try {
    ids.forEach((id, execution) => {
      for (let k = 0; k < scenario.subscribersPerExecution; k += 1)
        fleet.subscribe(
          (execution * scenario.subscribersPerExecution + k) % fleet.size,
          id,
          0,
          scenario.field,
        );
    });
    step(`${fleet.size} sockets open, ${fleet.subscribers.length} subscriptions sent`);
    await until(
      () => fleet.subscribers.every((s) => s.seqs.length >= gates.get(s.executionId)!.seq),
      120_000,
      'every subscriber to receive its replay',
    );
    step('every subscriber replayed; opening the gates');
    const baselineRssMb = rssMbOf(run.service.child.pid!);
    let peakRssMb = baselineRssMb;
    const sampler = setInterval(
      () => (peakRssMb = Math.max(peakRssMb, rssMbOf(run.service.child.pid!))),
      RSS_SAMPLE_MS,
    );
    const openedAt = performance.timeOrigin + performance.now();
    const cpuMsAtOpening = cpuMsOf(run.service.child.pid!);
    await Promise.all(
      [...gates.values()].map(({ token }) =>
        run.admin.request('mutation ($t: String!) { sendTaskSuccess(taskToken: $t, output: {}) }', {
          t: token,
        }),
      ),
    );
    await until(
      () => fleet.subscribers.every((s) => s.completed || s.error !== undefined),
      DELIVERY_TIMEOUT_MS,
      'every subscriber to complete',
    ).finally(() => clearInterval(sampler));
    const serverCpuMs = cpuMsOf(run.service.child.pid!) - cpuMsAtOpening;
    step('every subscriber completed');
    return await summarize(run, scenario, fleet.subscribers, gates, {
      openedAt,
      serverCpuMs,
      baselineRssMb,
      peakRssMb,
    });
  } finally {
    await fleet.close();
  }
}

async function summarize(
  run: Run,
  scenario: SubscriptionScenario,
  subscribers: readonly Subscriber[],
  gates: ReadonlyMap<string, { seq: number }>,
  measured: { openedAt: number; serverCpuMs: number; baselineRssMb: number; peakRssMb: number },
): Promise<SubscriptionResult> {
  const { rows } = await run.db.query<{ execution_id: string; last: number }>(
    'SELECT execution_id, max(seq)::int AS last FROM execution_events WHERE execution_id = ANY($1) GROUP BY execution_id',
    [[...gates.keys()]],
  );
  const lastSeq = new Map(rows.map((row) => [row.execution_id, row.last]));
  const commits = commitTimes(run.notices);
  const latencies: number[] = [];
  let lastArrival = measured.openedAt;
  for (const subscriber of subscribers) {
    const gateSeq = gates.get(subscriber.executionId)!.seq;
    const committed = commits.get(subscriber.executionId);
    subscriber.seqs.forEach((seq, index) => {
      const commit = committed?.get(seq);
      if (seq <= gateSeq || commit === undefined) return;
      latencies.push(subscriber.arrivals[index]! - commit);
      lastArrival = Math.max(lastArrival, subscriber.arrivals[index]!);
    });
  }
  const liveEvents = [...gates].reduce((sum, [id, gate]) => sum + (lastSeq.get(id)! - gate.seq), 0);
  const sorted = latencies.sort((a, b) => a - b);
  return {
    scenario,
    subscribers: subscribers.length,
    liveEvents,
    messages: latencies.length,
    latencyMs: { ...percentiles(sorted), max: sorted.at(-1) ?? 0 },
    messagesPerSecond: latencies.length / ((lastArrival - measured.openedAt) / 1000),
    serverCpuUsPerMessage: (measured.serverCpuMs * 1000) / Math.max(1, latencies.length),
    baselineRssMb: measured.baselineRssMb,
    peakRssMb: measured.peakRssMb,
    missed: subscribers.filter((s) => !delivered(s, lastSeq.get(s.executionId)!)).length,
  };
}

/** Runs the scenarios against a service started on `database`; stops everything it started. */
export async function runSubscriptionBench(
  database: BenchDatabase,
  scenarios: readonly SubscriptionScenario[],
  progress: (line: string) => void,
): Promise<SubscriptionResult[]> {
  const redis = await startRedis();
  const stops: Array<() => Promise<void>> = [() => redis.stop()];
  const db = new pg.Client({
    connectionString: database.url,
    application_name: 'stepgraph-bench-subscriptions',
  });
  try {
    const probe = await startProbe(redis.url);
    stops.unshift(() => probe.stop());
    const service = await startService(database.url, redis.url);
    stops.unshift(() => service.stop());
    await db.connect();
    const run: Run = { service, admin: await AdminClient.signIn(service), db, notices: probe.notices };
    const results: SubscriptionResult[] = [];
    for (const scenario of scenarios) {
      progress(`  subscriptions: ${scenario.name}`);
      results.push(await measure(run, scenario, progress));
    }
    return results;
  } finally {
    await db.end().catch(() => undefined);
    for (const stop of stops) await stop();
  }
}
