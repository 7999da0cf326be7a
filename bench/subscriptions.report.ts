/** The subscription bench's figures against their targets, for the terminal and docs/performance.md. */
import type { TargetCheck } from './bench.targets.js';
import type { SubscriptionResult } from './subscriptions.bench.js';
import type { SubscriptionField } from './subscriptions.clients.js';

/** Issue 5: at 1,000 subscribers on a two-core machine. */
export const SUBSCRIPTION_LATENCY_P50_MS = 5;
export const SUBSCRIPTION_LATENCY_P99_MS = 50;
const TARGET_SUBSCRIBERS = 1000;
/** Issue 10: 100 executions with 100 subscribers each. */
export const MANY_EXECUTIONS_LATENCY_P99_MS = 250;
const TARGET_EXECUTIONS = 100;
const TARGET_SUBSCRIBERS_EACH = 100;

const whole = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => value.toFixed(1);

/** The run of one execution with the target's number of subscribers on `field`. */
function atTargetSubscribers(
  results: readonly SubscriptionResult[],
  field: SubscriptionField,
): SubscriptionResult | undefined {
  return results.find(
    (r) => r.scenario.executions === 1 && r.subscribers === TARGET_SUBSCRIBERS && r.scenario.field === field,
  );
}

/** The live-subscription targets (on `executionEvents`), against the run's figures. */
export function checkSubscriptionTargets(results: readonly SubscriptionResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const single = atTargetSubscribers(results, 'executionEvents');
  if (single) {
    checks.push(
      {
        target: `commit → client p50 ≤ ${SUBSCRIPTION_LATENCY_P50_MS} ms at ${whole(TARGET_SUBSCRIBERS)} subscribers`,
        measured: `${ms(single.latencyMs.p50)} ms`,
        met: single.latencyMs.p50 <= SUBSCRIPTION_LATENCY_P50_MS,
      },
      {
        target: `commit → client p99 ≤ ${SUBSCRIPTION_LATENCY_P99_MS} ms at ${whole(TARGET_SUBSCRIBERS)} subscribers`,
        measured: `${ms(single.latencyMs.p99)} ms`,
        met: single.latencyMs.p99 <= SUBSCRIPTION_LATENCY_P99_MS,
      },
    );
  }
  const many = results.find(
    (r) =>
      r.scenario.executions === TARGET_EXECUTIONS &&
      r.scenario.subscribersPerExecution === TARGET_SUBSCRIBERS_EACH,
  );
  if (many) {
    checks.push({
      target: `commit → client p99 ≤ ${MANY_EXECUTIONS_LATENCY_P99_MS} ms at ${TARGET_EXECUTIONS} executions × ${TARGET_SUBSCRIBERS_EACH} subscribers`,
      measured: `${ms(many.latencyMs.p99)} ms`,
      met: many.latencyMs.p99 <= MANY_EXECUTIONS_LATENCY_P99_MS,
    });
  }
  const missed = results.reduce((sum, r) => sum + r.missed, 0);
  const subscribers = results.reduce((sum, r) => sum + r.subscribers, 0);
  if (results.length > 0) {
    checks.push({
      target: 'no subscriber misses an event',
      measured: `${whole(missed)} of ${whole(subscribers)} subscribers missed or reordered events`,
      met: missed === 0,
    });
  }
  return checks;
}

const HEADER = [
  'scenario',
  'subscribers',
  'sockets',
  'live events',
  'messages',
  'commit → client p50 / p99 / max ms',
  'messages/s',
  'server CPU µs / message',
  'server RSS MB (idle → peak)',
  'missed',
];

function rows(results: readonly SubscriptionResult[]): string[][] {
  return results.map((r) => [
    r.scenario.name,
    whole(r.subscribers),
    whole(r.scenario.sockets),
    whole(r.liveEvents),
    whole(r.messages),
    `${ms(r.latencyMs.p50)} / ${ms(r.latencyMs.p99)} / ${ms(r.latencyMs.max)}`,
    whole(r.messagesPerSecond),
    whole(r.serverCpuUsPerMessage),
    `${whole(r.baselineRssMb)} → ${whole(r.peakRssMb)}`,
    whole(r.missed),
  ]);
}

/** A plain-text table for the terminal. */
export function subscriptionTable(results: readonly SubscriptionResult[]): string {
  const table = [HEADER, ...rows(results)];
  const widths = HEADER.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  return table.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')).join('\n');
}

function markdownTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
}

/**
 * Where the time goes while the latency targets are missed: what the fan-out already shares, what
 * is still paid per message (from a CPU profile of the service under this bench), and this run's
 * rate; shown only while they are.
 */
function whyNotMet(saturated: SubscriptionResult, batched: SubscriptionResult | undefined): string {
  const perCommit = 5 * saturated.subscribers;
  const secondsPerCommit = perCommit / saturated.messagesPerSecond;
  return `### Why the latency targets are not met
Correctness holds (every subscriber gets every event, in order, and a subscriber whose access ends
stops receiving), and PostgreSQL is read once per notification per process, however many subscribers
share the execution. The latency is the fan-out's queue: a commit of 5 events to ${whole(saturated.subscribers)} subscribers
is ${whole(perCommit)} graphql-ws \`next\` messages.
Already done: an event is executed once for every group of subscribers that share its result (same
document, variables and role: \`src/graphql/subscription.execution.ts\`), and that result is serialised
once per group, each subscriber's frame being its subscription id spliced in front of the shared text
(\`src/graphql/subscription.frames.ts\`); a socket's frames are written once per event-loop turn, so the
events of one commit leave in one write per socket rather than one per event per subscription; a
subscription document is validated once per text; the access check before each event answers
without I/O when it can; and \`executionEventBatches\`, beside \`executionEvents\`, sends the events of
each read as one list, so a commit's events cost one message per subscriber.
What the profile shows (\`node --cpu-prof\` on the service during this bench, 2026-12-06, shares of its
busy time): the writes went from 28 % to 16 %; serialising went from 2 % to 1 % (graphql-ws's
placeholder frame) and validating each subscriber's document (6 %) is gone; the service's CPU time
per delivered message fell by a fifth (22 → 17 µs at 1,000 subscribers, 27 → 21 µs at 100 × 100;
medians of three interleaved runs on a machine at load 6 to 11) and the 100 × 100 p99 by half
(15.4 → 7.6 s), while the latencies at 1,000 subscribers moved with the load, not with the change
(p50 249 → 247 ms, p99 665 → 863 ms): a socket's frames now wait for the end of the turn, so the
first events of a commit no longer leave ahead of the last. What remains is spread over graphql-ws's
per-message path, paid for every event and every subscriber: its async loop and the promises of each
step (each one also tracked by the logger's async context), the \`onNext\` hook with the access check, the message object,
\`ws\`'s frame, and the garbage collection of all of it (a fifth, the largest single item). At
${whole(saturated.messagesPerSecond)} messages/s on these two cores (shared with PostgreSQL, Redis and the clients), ${whole(perCommit)} messages
take ${secondsPerCommit.toFixed(2)} s, the order of the p50 (${ms(saturated.latencyMs.p50)} ms).
${batched ? batchedLine(saturated, batched) : ''}Directions, by expected effect: one pass over a group's sockets per event instead of graphql-ws's loop
per subscription, which graphql-ws 6 offers no seam for; spreading subscribers over several API
processes (\`STEPGRAPH_ROLE=api\`), which scale out since each reads PostgreSQL once per notification
for all of its own subscribers.
`;
}

/** What the list-typed field changes for the same subscribers. */
function batchedLine(saturated: SubscriptionResult, batched: SubscriptionResult): string {
  return `With \`executionEventBatches\`, which sends the events of each read (a commit, or what came in
meanwhile) as one message, the same ${whole(batched.subscribers)} subscribers see p50 ${ms(batched.latencyMs.p50)} ms and p99 ${ms(batched.latencyMs.p99)} ms, at
${whole(batched.serverCpuUsPerMessage)} µs of the service's CPU per event (${whole(saturated.serverCpuUsPerMessage)} µs with \`executionEvents\`).
`;
}

/** The "Live subscriptions" section of docs/performance.md. */
export function subscriptionSection(
  results: readonly SubscriptionResult[],
  run: {
    readonly date: string;
    readonly quick: boolean;
    readonly cores: number;
    readonly cpu: string;
    /** 1-minute load average when the bench began: other work on the machine makes the figures noisy. */
    readonly loadAtStart: number;
  },
): string {
  const checks = checkSubscriptionTargets(results);
  const targets = markdownTable(
    ['target', 'measured', 'met?'],
    checks.map((check) => [check.target, check.measured, check.met ? 'met' : '**not met**']),
  );
  const latencyMet = checks.filter((check) => check.target.includes('→')).every((check) => check.met);
  const saturated = atTargetSubscribers(results, 'executionEvents');
  const batched = atTargetSubscribers(results, 'executionEventBatches');
  return `## Live subscriptions

Written by \`npm run bench\` (\`--only subscriptions\` runs this part alone) on ${run.date}${run.quick ? ' (**--quick**: a tenth of the subscribers, a smoke run)' : ''}, ${run.cores} × ${run.cpu}, 1-minute load ${run.loadAtStart.toFixed(2)} when the bench began.

### Targets
${targets}

### Figures
${markdownTable(HEADER, rows(results))}
${latencyMet || !saturated ? '' : `\n${whyNotMet(saturated, batched)}`}
### Reading the figures
- **Setup**: the service is one process (\`STEPGRAPH_ROLE=all\`, started from source) on the bench database
  and a redis-server of the bench's own; the subscribers are real graphql-ws clients (\`createClient\` over
  \`ws\`, one WebSocket each) in the bench process, on the same two cores as the service, PostgreSQL and Redis.
  With 100 × 100 subscriptions, each of the 1,000 sockets carries 10 subscriptions (to 10 executions).
- **Workload**: each execution waits at a callback Task until every subscriber has received its replay, then
  runs rounds of a \`builtin:sleep\` Task (a few commits a round, 9 events), so events come at a steady pace.
  Only events recorded after the gate opened count as live.
- **commit → client**: from the moment an idle process subscribed to Redis (the probe) received the
  notification the engine publishes right after a commit, to the moment a client's \`next\` handler ran for
  an event of that commit (\`performance.timeOrigin + performance.now()\` in both processes). It includes the
  per-process PostgreSQL read of the new events (one read per notification, shared by every subscriber of
  the execution in the process), GraphQL execution and the per-event access check for each subscriber,
  and the client process's own queueing.
- **messages**: events delivered to all subscribers together (with \`executionEventBatches\`, several travel
  in one WebSocket message); **messages/s**: those per second, from the gates opening to the last delivery. With 10 subscribers it is the workload's pace; with 1,000 and more the service is
  saturated and it is its fan-out capacity. **server CPU µs / message**: the service's CPU time (user and
  system, \`/proc\`) over the same span divided by the messages, engine work included: the cost of a delivery,
  which other work on the machine blurs less than the latency. **server RSS**: of the service process, when all subscribers were connected and replayed
  (idle) and at most while events were delivered.
- **missed**: subscribers that did not receive exactly every event after their \`afterSeq\`, in seq order,
  followed by completion.
`;
}
