/** The bench's output: a table for the terminal and docs/performance.md. */
import type { ApiResult } from './api.scenario.js';
import type { MachineDescription } from './bench.database.js';
import type { Percentiles } from './bench.metrics.js';
import type { Summary } from './bench.summary.js';
import type { TargetCheck } from './bench.targets.js';
import type { MemoryResult } from './memory.scenario.js';

const HEADER = [
  'scenario',
  'in flight',
  'executions',
  'steps/s',
  '× pg-boss',
  '× DBOS',
  'executions/s',
  '× pgbench',
  'step→step p50 / p99 ms',
  'start→finish p50 / p99 ms',
  'peak RSS MB',
  'PG conns',
  'node CPU',
];

const whole = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: Percentiles | undefined) =>
  value ? `${value.p50.toFixed(1)} / ${value.p99.toFixed(1)}` : '—';

/** `value / peer` as a multiple, or a dash where there is no peer to compare with. */
function ratio(value: number, peer: number | undefined): string {
  return peer === undefined || peer <= 0 ? '—' : `${(value / peer).toFixed(2)}×`;
}

/**
 * One row per summary. A Stepgraph row carries its ratios to the peers doing the same work at the
 * same in-flight level: the Task and HTTP chains' steps/s to pg-boss's and DBOS's ten-step chains,
 * the Pass chain's executions/s (one transaction each) to pgbench's commits/s.
 */
function rows(summaries: readonly Summary[]): string[][] {
  const peer = (system: string, workflow: string, concurrency: number) =>
    summaries.find((p) => p.system === system && p.workflow === workflow && p.concurrency === concurrency);
  return summaries.map((s) => {
    const ours = s.system === 'stepgraph';
    const chain = ours && (s.workflow === 'task-chain' || s.workflow === 'http-chain');
    const pgboss = chain ? peer('pgboss', 'task-chain', s.concurrency) : undefined;
    const dbos = chain ? peer('dbos', 'task-chain', s.concurrency) : undefined;
    const pgbench =
      ours && s.workflow === 'pass-chain' ? peer('pgbench', 'commit', s.concurrency) : undefined;
    const spread = s.runs > 1 ? ` ±${Math.round((s.spread / 2) * 100)}%` : '';
    return [
      s.scenario,
      whole(s.concurrency),
      whole(s.executions),
      `${whole(s.transitionsPerSecond)}${spread}`,
      ratio(s.transitionsPerSecond, pgboss?.transitionsPerSecond),
      ratio(s.transitionsPerSecond, dbos?.transitionsPerSecond),
      whole(s.executionsPerSecond),
      ratio(s.executionsPerSecond, pgbench?.executionsPerSecond),
      ms(s.stepGapMs),
      ms(s.startToFinishMs),
      whole(s.peakRssMb),
      String(s.peakConnections),
      `${Math.round(s.processCores * 100)}%`,
    ];
  });
}

/** A plain-text table for the terminal. */
export function terminalTable(summaries: readonly Summary[]): string {
  const table = [HEADER, ...rows(summaries)];
  const widths = HEADER.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  return table
    .map((row) => row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  '))
    .join('\n');
}

function markdownTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
}

export interface Report {
  readonly machine: MachineDescription;
  readonly summaries: readonly Summary[];
  readonly targets: readonly TargetCheck[];
  readonly memory: MemoryResult | undefined;
  readonly runs: number;
  readonly quick: boolean;
  readonly engineSettings: string;
  readonly date: string;
}

/** docs/performance.md, written by every full bench run. */
export function markdownReport(report: Report): string {
  const { machine } = report;
  const settings = Object.entries(machine.settings)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  const targets = markdownTable(
    ['target', 'measured', 'met?'],
    report.targets.map((check) => [check.target, check.measured, check.met ? 'met' : '**not met**']),
  );
  const memory = report.memory;
  return `# Stepgraph performance

Written by \`npm run bench\` on ${report.date}${report.quick ? ' (**--quick**: scaled down, a smoke run, not a measurement)' : ''}. Each figure is the median of ${report.runs} run${report.runs > 1 ? 's' : ''}${report.runs > 1 ? '; ± is half the spread (max − min) of steps/s between runs' : ''}. Regenerate with \`npm run bench\` (\`-- --runs 3\` for medians of three interleaved runs, \`-- --json out.json\` for every figure as JSON, \`-- --quick\` for a smoke run; the options are listed at the top of \`bench/bench.ts\`); see "Reading the figures" below.

## Machine
- CPU: ${machine.cores} × ${machine.cpu}; RAM ${machine.ramGb} GB; 1-minute load when the run began: ${machine.loadAtStart.toFixed(2)}
- Node ${machine.node}; PostgreSQL ${machine.postgres} on the same machine${machine.embedded ? ' (embedded cluster)' : ''}
- PostgreSQL settings: ${settings}
- Engine: ${report.engineSettings}

## Targets
${targets}

## Figures
${markdownTable(HEADER, rows(report.summaries))}

${COMMITS_PER_STEP}
${memory ? memorySection(memory) : ''}
${ENGINE_NOTES}
## Reading the figures
- **The peers** run in the same sitting on the same server, interleaved with Stepgraph at each
  in-flight level (pg-boss, DBOS, then Stepgraph, for every run): **pg-boss** 12, a chain of ten
  jobs worked as pg-boss recommends (batches of 50, four workers, LISTEN/NOTIFY, a transactional
  handler that advances the whole batch in one statement and enqueues the next jobs in one insert);
  **DBOS Transact** 5.3, a workflow of ten \`DBOS.runStep\` steps in this process, checkpointed in a
  system database of its own; **pgbench**, one INSERT and one UPDATE per transaction, one client per
  execution in flight (capped below \`max_connections\`), commits/s in the executions/s column.
  pg-boss and DBOS get 20 connections, as many as Stepgraph's two pools (TypeORM's and pg-boss's).
  × columns: a Stepgraph figure divided by the peer's doing the same work at the same level: the
  Task and HTTP chains' steps/s by pg-boss's and DBOS's, the Pass chain's executions/s by pgbench's
  commits/s. The HTTP chain calls a node:http server the bench starts on the loopback (200, a small
  JSON body), allow-listed for the bench's engine (HTTP_TASK_ALLOW_LIST); it has no target, only
  its ratios.
- **In flight**: that many executions (or chains) are kept running; each one that ends is replaced by
  a new one until the total has run. Executions are started through \`ExecutionCommands.start\`, as
  the API starts them, so starts are part of the load.
- **steps/s**: states entered (the executions' \`transitions\` counter; a peer's steps or jobs) per
  second of wall time. A 10-state Pass chain runs whole in the transaction that
  starts it, so its rate is also the start rate.
- **step→step**: from a Task's \`TaskSucceeded\` to the next Task's (for the HTTP chain the next
  Task's \`TaskStarted\` is in the same transaction as this \`TaskSucceeded\`, so the gap is the call
  and the commit that applies it), history timestamps
  (PostgreSQL's clock when each transaction locked the execution, millisecond resolution); for
  pg-boss, from one handler start to the next one's for the same chain; for DBOS, from one step's
  start to the next one's.
- **start→finish**: the execution's \`started_at\` to \`stopped_at\` (for pg-boss: the chain's
  first insert to its last handler; for DBOS: the workflow call; for pgbench: a transaction).
- **peak RSS**: of the whole bench process (engine and peers; 0 for pgbench, a process of its own). **PG conns**:
  most connections to the bench database seen at once in \`pg_stat_activity\`. **node CPU**: CPU time of
  the process per second of wall time (100% = one of the cores).
- The bench creates a database of its own (\`stepgraph_bench_*\`) on the server of DATABASE_URL, or
  on the embedded one, and drops it at the end. Redis is not used: notices stay in the process.
`;
}

/** Why the two Task chains differ, under the table that shows it. */
const COMMITS_PER_STEP = `The builtin:echo chain commits once per execution: its Tasks run inline, in the transaction that
schedules them. The HTTP chain commits once per step: each call is made right after the commit that
scheduled it and its result applied in a transaction of its own, as DBOS writes one checkpoint per
step; it is the like-for-like comparison for Tasks with an outside effect.`;

/**
 * What the engine does for these figures, and what it did before: fixed text, kept beside the
 * generated tables so that a regenerated page still says why the figures are what they are.
 */
const ENGINE_NOTES = `
## Where the time goes, and what the engine does about it

On this machine a statement's round trip costs more CPU than the work it carries: in a profile of
the engine under load, socket writes alone took a fifth of the Node process's time, and PostgreSQL
spent most of its time waiting for the next statement. Commits are cheap (0.3 ms with
\`synchronous_commit=on\`). So the engine saves statements, not commits:

- **Batches of jobs, one transaction.** The transition worker fetches jobs by the batch and splits
  them into up to ENGINE_CONCURRENCY transactions (in all) of about ENGINE_BATCH_SIZE jobs, all the
  jobs of an execution in the same one. A transaction locks its
  executions in id order in one statement (so two batches never deadlock), reads and locks the task
  attempts its jobs name in one more, applies the jobs of each execution one after another in one
  transition (each with its own fence checks, events and contiguous \`seq\`), writes every
  transition in one statement (JSON recordsets whose rows name their execution) and inserts every
  follow-up job in one. A batch is all or nothing; if it fails (a deadlock, a lost connection, one
  job that cannot be applied), each of its jobs runs again in a transaction of its own, so one bad
  job is retried alone and never loses or repeats the others' work.
- **Group commit of starts.** Starts that arrive while two start transactions are running wait and
  then go together: one statement inserts their rows (resolving each one's version in the same
  statement, and returning the rows locked, so they are not read again), one writes their first
  steps. A lone start runs at once.
- **Map fan-out.** Children waiting under MaxConcurrency are read ahead (64 at a time) instead of a
  flush and a query each time an iteration ends.
- **Waking.** After a commit, the process wakes its own transition worker for the jobs it just
  enqueued, without waiting for the NOTIFY's round trip; NOTIFY stays on for the jobs other processes
  enqueue (an API process's start, a task answer). Two pg-boss workers fetch per process, each for
  half of the ENGINE_CONCURRENCY transactions: pg-boss wakes every worker of a queue on each NOTIFY,
  and eight idle workers ran eight fetches per job and doubled the Task-to-Task latency at one
  execution; one alone would let a single stuck batch (pg-boss holds a worker until an overdue
  handler returns) stop the process.
- Turning NOTIFY off for the transition queue (local wake-ups only) measured 10–25% more Task
  throughput at 1,000 executions, within this machine's noise; it was not kept, because processes
  that do not work the queue (STEPGRAPH_ROLE=api) would then leave engine processes to their
  0.5 s poll.

Before these changes (the engine as first written: one transaction per job, eight jobs side by side,
measured in the same way on this machine, a shorter run): Task chain 152 / 262 / 323 transitions/s at
1 / 100 / 1,000 executions against a pg-boss chain of 242 / 731 / 814 (0.40× at 1,000); Pass chain
3,837 / 7,330 / 8,258; Map 127 / 121 / 140.

**Task-to-Task at one execution.** A statement log of one step, as first measured: the
transaction that applied a Task's result and scheduled the next was six round trips (START, lock the
execution, lock the task attempt, the one write statement, the job insert, COMMIT), then pg-boss
completed the job and fetched the next one on two other connections side by side; PostgreSQL's own
time for all of it was under 2 ms, the rest round trips and scheduling on two shared cores (6 ms p50
in quiet runs). A named prepared statement for the write (no parse, a cached plan) changed nothing
measurable and was not kept. What was done since:

- **No queue hop for work the engine process does.** A due builtin Task runs inline in the
  transaction that schedules it, like a Pass state (a chain of builtin Tasks is one transaction,
  its Task-to-Task gap well under a millisecond). An HTTP Task's call and a nested start are carried
  out by the process that committed their scheduling, right after the commit
  (\`engine/queue/after-commit.jobs.ts\`), instead of after a NOTIFY, a fetch and pg-boss's bookkeeping;
  their job is still inserted in that transaction, due only after its lease, as the durable fallback
  (a crash before or during the work leaves it to the queue; fenced by the attempt's status, so the
  work is applied once), and deleted when the work is done. API processes, which work no queue,
  enqueue as before. Measured on a chain of ten HTTP Tasks against a local server, one execution at
  a time, three runs interleaved with the engine before the change (load average 7–9 on two cores):
  HTTP Task-to-Task p50 10 ms against 14 ms, p99 17–25 ms against 29–82 ms, an execution 102 ms
  against 146 ms (medians). What is left of such a step: the attempt's read before the call, the
  call, and the transaction that applies its result and schedules the next.
- **Lock in one statement.** A transition that looks at a task attempt (a result, an answer, a task
  or deadline job, a lease) locks the execution and the attempt with its run in one statement (a
  sub-select per locked execution row, so an attempt is only ever locked under its execution's
  lock): the step above is now five round trips (START, lock, write, job insert, COMMIT), and a
  batch of transitions one fewer too.
- **A start is four.** The insert of a start resolves its version itself (joining the live machine
  and the version), so a start is START, insert, write, COMMIT; the look-up that tells a missing
  machine from an existing name runs only for a request the insert left out. A statement log of a
  Pass-chain start on this machine: PostgreSQL's own time is about 1.7 ms of it (insert 0.5 ms, write
  0.8 ms, COMMIT 0.4 ms, medians with parse and bind), the rest is the Node process and the scheduler.
  At one execution in flight nothing waits outside those four round trips: a lone start runs at
  once (no batching window), the bench's end notice is in-process and already there when \`start\`
  returns (median wait 3 µs), and start→finish (0.4 ms) only spans the engine's own clock between
  the insert and the write; timed in the client, a start was START 0.2 ms, insert 1.0 ms, write
  1.4 ms, COMMIT 0.6 ms, and \`pg_stat_database\` put each execution at about 3.4 ms of server time
  and 4.4 ms idle in transaction (the Node process between statements, on a load of 5 on two
  cores), with the pg socket's \`writev\` alone 0.7 ms of Node CPU per execution. What is left at
  one in flight is statements per start, not a wait.
- **Not done: the job insert folded into the write.** PostgreSQL allows it (a data-modifying CTE into
  pg-boss's job table), but that table, its partitions, defaults, queue settings and NOTIFY gating
  are pg-boss's own and change between its versions; its insert also reads its queue cache. The
  transitions it would save a round trip for (those that enqueue) are not the ones the targets
  measure: a Task chain of builtins and a Pass chain enqueue nothing.
- **What is left for the Pass chain at one execution.** Seven quick runs interleaved with the engine
  before these changes, in a sitting with a load average of 8–12 on two cores: the Pass chain at 1
  in flight came to 0.23× pgbench's commit rate (median; 0.08–0.34) against 0.18× before (0.12–0.27),
  at 100 in flight 0.38× (0.17–0.78) against 0.41× (0.33–0.66): within this machine's noise, the
  target (0.5×) not met at either level. pgbench's transaction is four simple-protocol
  round trips from a C client; a start is four extended-protocol ones with two large statements and
  the interpreter between them, and a CPU profile of the Node process shows it 40% idle (waiting on
  PostgreSQL) and spending its largest single share in socket writes (\`writev\`, about 15%: node-postgres
  writes each protocol message of a statement separately). Fusing START with the insert and COMMIT
  with the write would need the simple protocol with inlined values and TypeORM's transaction state
  set by hand; it was not done.
- **The HTTP chain, one commit per step** (no target; its ratio to DBOS is in the table). At one
  execution a step is the attempt's read (0.7 ms), the call (1.3 ms) and the transaction that
  applies the result and schedules the next (five round trips, about 6 ms on a loaded machine):
  8 ms p50 against DBOS's 2–5 ms. From 100 in flight it levels off near 150–250 steps/s while the
  HTTP Task code alone makes 1,400–1,900 calls/s and the sink answers in 0.08 ms: each result is
  applied in a transaction of its own, while transition jobs are applied by the batch, and every
  statement then waits 6–10 ms for a core. Applying after-commit results in batches, as the
  transition worker does, is the next thing to try.

**Noise.** Other work shared the two cores during these runs (see the load above): the same scenario
measured minutes apart moved by ±20–40%, the latency at one execution between 4 and 11 ms p50. Read
ratios measured in the same run rather than absolute figures.
`;

function memorySection(memory: MemoryResult): string {
  const every = memory.samples.filter((_, index) => index % 4 === 0 || index === memory.samples.length - 1);
  const body = every.map((point) => [
    whole(point.executions),
    point.rssMb.toFixed(0),
    point.heapMb.toFixed(1),
  ]);
  return `
## Memory over ${whole(memory.executions)} executions
${memory.workflow}, ${memory.concurrency} in flight, ${memory.seconds.toFixed(0)} s. Trend after the first fifth:
heap (after a forced GC) ${memory.heapSlopeMbPer10k.toFixed(2)} MB and RSS ${memory.rssSlopeMbPer10k.toFixed(2)} MB per
10,000 executions: **${memory.flat ? 'flat' : 'growing'}**.

${markdownTable(['executions', 'RSS MB', 'heap MB'], body)}
`;
}

const API_HEADER = ['system', 'request', 'clients', 'requests/s', '× bare Apollo', 'latency p50 / p99 ms'];

/** One row per API figure; a Stepgraph query carries its ratio to the bare Apollo server's. */
function apiRows(results: readonly ApiResult[]): string[][] {
  return results.map((r) => {
    const bare =
      r.system === 'stepgraph' && r.workflow === 'api-query'
        ? results.find(
            (p) => p.system === 'apollo-bare' && p.workflow === r.workflow && p.inFlight === r.inFlight,
          )
        : undefined;
    return [
      r.system,
      r.workflow === 'api-query' ? '{ apiVersion }' : 'startExecution',
      whole(r.inFlight),
      whole(r.requestsPerSecond),
      ratio(r.requestsPerSecond, bare?.requestsPerSecond),
      `${r.latencyMs.p50.toFixed(2)} / ${r.latencyMs.p99.toFixed(2)}`,
    ];
  });
}

/** The API scenario's figures as a plain-text table. */
export function apiTable(results: readonly ApiResult[]): string {
  const table = [API_HEADER, ...apiRows(results)];
  const widths = API_HEADER.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  return table
    .map((row) => row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  '))
    .join('\n');
}

/** docs/performance.md's section on the API, written by a run that measured it. */
export function apiSection(
  results: readonly ApiResult[],
  targets: readonly TargetCheck[],
  run: {
    readonly date: string;
    readonly runs: number;
    readonly quick: boolean;
    readonly loadAtStart: number;
  },
): string {
  return `## The API's own cost
Written by \`npm run bench\` (\`-- --only api\`) on ${run.date}${run.quick ? ' (**--quick**: a smoke run, not a measurement)' : ''}; medians of ${run.runs} run${run.runs > 1 ? 's' : ''}; 1-minute load when the run began: ${run.loadAtStart.toFixed(2)}.
The service runs as users start it (a process of its own, role \`all\`, with its Redis), and the
bench signs in as its admin; a bare Apollo Server 5 on Express 5 with one resolver, also a process
of its own, answers the same query in the same sitting, interleaved. Clients are keep-alive HTTP
connections in the bench process, each sending its next request as soon as the previous one is
answered. \`startExecution\` starts a machine of two Pass states (it runs whole in its start).

${markdownTable(
  ['target', 'measured', 'met?'],
  targets.map((check) => [check.target, check.measured, check.met ? 'met' : '**not met**']),
)}

${markdownTable(API_HEADER, apiRows(results))}
${API_NOTES}`;
}

/**
 * Where an API request's time goes and what was done about it: fixed text, kept beside the
 * generated table so that a regenerated page still says why the figures are what they are.
 */
const API_NOTES = `
### Where a request's time goes
A CPU profile of the service (\`node --cpu-prof\`, through \`BENCH_SERVICE_NODE_ARGS\`) answering
\`{ apiVersion }\` to 50 clients, in shares of its CPU time. The bare server does none of the session
check, the rate limit and the per-request logger.

- **Two round trips per request.** The session check (one query: the token's session is live, its
  user enabled, the role as it is now) is about 17% with TypeORM and pg; the rate limit (one
  \`EVALSHA\` to Redis) about 9%. Most of both is the socket write itself: on this machine a
  \`writev\` costs more than the work it carries. PostgreSQL and Redis burn the shared cores too.
- **Per-request logging**, about 11%: pino-http makes a child logger per request whose bindings
  (the serialized request) went through pino's redaction paths of every secret key at every depth
  (48 paths), whether or not a line was ever logged: about 30 µs a request, 13 µs even for a small
  object (measured outside the service). nestjs-pino's AsyncLocalStorage adds promise hooks to every
  promise (about 4%).
- Express, Nest's guards and interceptors, Apollo and the GC share the rest; the JWT check is
  about 4.5%, graphql-shield under 1%, and the depth and cost limits run with Apollo's validation,
  which is cached per document text.

A statement log of one \`startExecution\` (\`ALTER DATABASE … SET log_statement = 'all'\`) showed
ten statements: the session check; START; the engine's read of the machine's latest version;
the execution's insert; its one write statement; the audit chain's advisory lock, its read of the
last row and the row's insert; COMMIT; the transport's read of the execution it answers with. The
audit chain's lock was held across three of those round trips and every audited act queues on it.

### What was done
- **The audit row in one statement** (\`audit_log_append\`: PostgreSQL takes the lock, links and
  hashes the row from the canonical text Node sends, Node checks the hash before the commit), and
  **the version resolved by the insert** itself: the lock is held one round trip.
- **A start answers from the row it inserted.** The insert's \`RETURNING\` has the row (and now the
  machine's name), and the transition updates that record in place, so the execution is answered as
  committed, through the read side's one view of an execution, without reading it again; a nested
  start no longer reads its child back either. Six statements per start: the session check; START;
  the insert; the write; the audit row; COMMIT.
- **A start does not wait for Redis.** Its notices are published after the commit without holding
  the answer: a notice only says "read again" and subscribers read PostgreSQL, so nothing orders by
  it; a failed publish is still logged.
- **Logging without path redaction.** The access log shows a request by method, path (secret query
  values censored: \`access_token\` in a query string used to reach the log), id, address and a few
  headers with the credential ones censored, so building a request's logger costs about 1 µs instead
  of 30; every written line is checked as text and only one naming a secret key with an uncensored
  value is parsed and censored at every depth (a \`set-cookie\` response header, a password in a
  logged context). The tests that plant credentials and grep the logs pass unchanged.

Measured before and after in one sitting, four interleaved runs each of the full scenario, on a
machine whose 1-minute load was 3 to 9 on two cores (the figures move by half from run to run;
medians): \`startExecution\` at one client, p50 18.6 → 10.6 ms (44 → 74 starts/s); at 50 clients
254 → 327 starts/s; \`{ apiVersion }\` at 50 clients 0.25× → 0.31× the bare server, at one client
0.14× → 0.16×. A CPU profile of the changed service under the same load shows it idle about half
the time: what is left is round trips (the session check and the rate limit per request; six
statements and the commit's flush per start) on a machine whose cores are shared, and the per-request
logger is under 2% of its time.

Not done, and why: a cache of the session check would remove a round trip from every request, but
a revocation committed by another process (a logout, a disabled user, a role change) would then
reach this one only as fast as a notification does, and access must end at once. The session check
and the rate limit are not run concurrently: over GraphQL the caller is authenticated when the
operation's context is built, and the limit is taken per root field while it executes (a document
of ten fields counts ten), so overlapping them would mean counting before the document is known or
authenticating lazily, and changing which refusal a request that is both unauthenticated and over
the limit gets. TypeORM still sends START as its own round trip.
`;
