/**
 * The monitoring kit in deploy/ against the service it watches: every metric the Grafana
 * dashboard and the Prometheus alert rules query is one `/metrics` exports, the rules are
 * well-formed and point at runbook sections that exist, and the metrics added for them behave.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { bootApp, type BootedApp } from '../support/app.js';
import { describeRequiring } from '../support/requirements.js';
import { ExecutionUpdatedDocument, StartExecutionDocument } from '../support/generated/graphql.js';
import { openGraphqlSocket } from '../support/graphql-ws-client.js';
import { testRedisUrl } from '../support/redis.js';
import { waitFor } from '../support/wait.js';
import { awaitStatus, createMachine } from './executions.fixtures.js';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..');
const DASHBOARD_FILE = join(ROOT, 'deploy', 'grafana', 'stepgraph.json');
const RULES_FILE = join(ROOT, 'deploy', 'prometheus', 'alerts.yml');
const RUNBOOK_FILE = join(ROOT, 'docs', 'operations.md');
const METRICS_DOC_FILE = join(ROOT, 'docs', 'monitoring.md');

/** Series Prometheus makes itself for every target, not the service. */
const PROMETHEUS_SERIES = new Set(['up']);

/** PromQL words that are not metric names: keywords and operators spelled as words. */
const PROMQL_KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/** Suffixes of the series of a histogram (or summary) family. */
const FAMILY_SUFFIXES = ['_bucket', '_sum', '_count'];

/**
 * The metric names a PromQL expression reads. A small tokenizer, enough for the queries here:
 * strings, label matchers (`{...}`), ranges (`[5m]`) and Grafana variables go first, then the
 * label lists of `by`, `without`, `on`, `ignoring`, `group_left` and `group_right`; what remains
 * is names, numbers, operators and functions (a name followed by `(`).
 */
function metricNamesOf(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\$\w+/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*(?=\s*(\(?))/g)) {
    const [name] = match;
    if (match[1] === '(' || PROMQL_KEYWORDS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return [...names];
}

/** The families of a scrape by their `# TYPE` lines: declared ones count even without samples. */
function declaredFamilies(scrape: string): Map<string, string> {
  const families = new Map<string, string>();
  for (const [, name, type] of scrape.matchAll(/^# TYPE (\S+) (\S+)$/gm)) families.set(name!, type!);
  return families;
}

/** The exported family a queried name belongs to, if any (`x_bucket` of histogram `x` is `x`). */
function familyOf(name: string, families: ReadonlyMap<string, string>): string | undefined {
  if (families.has(name)) return name;
  const suffix = FAMILY_SUFFIXES.find((candidate) => name.endsWith(candidate));
  const base = suffix === undefined ? undefined : name.slice(0, -suffix.length);
  const type = base === undefined ? undefined : families.get(base);
  return type === 'histogram' || type === 'summary' ? base : undefined;
}

/** Labels Prometheus adds to every series it scrapes, and the buckets' own. */
const SCRAPE_LABELS = new Set(['job', 'instance', 'le']);

/** The label names a PromQL expression groups or matches by: `by (...)`, `without (...)`, `{name=...}`. */
function labelNamesOf(expr: string): string[] {
  const lists = [...expr.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)].flatMap(([, list]) => list!.split(','));
  const matchers = [...expr.matchAll(/\{([^}]*)\}/g)].flatMap(([, body]) =>
    [...body!.matchAll(/(\w+)\s*(?:=~|!~|!=|=)/g)].map(([, name]) => name!),
  );
  return [...new Set([...lists, ...matchers].map((name) => name.trim()).filter(Boolean))];
}

/** Family → the label names its samples in a scrape carry (families without samples are absent). */
function sampledLabels(scrape: string, families: ReadonlyMap<string, string>): Map<string, Set<string>> {
  const labels = new Map<string, Set<string>>();
  for (const [, name, body] of scrape.matchAll(/^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? /gm)) {
    const family = familyOf(name!, families);
    if (family === undefined) continue;
    const names = labels.get(family) ?? new Set<string>();
    for (const [, label] of (body ?? '').matchAll(/(\w+)="/g)) names.add(label!);
    labels.set(family, names);
  }
  return labels;
}

interface DashboardPanel {
  readonly title?: string;
  readonly type: string;
  readonly targets?: readonly { readonly expr?: string }[];
  readonly panels?: readonly DashboardPanel[];
}

interface Dashboard {
  readonly panels: readonly DashboardPanel[];
  readonly templating: {
    readonly list: readonly { readonly name: string; readonly type: string; readonly definition?: string }[];
  };
}

function dashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dashboard;
}

/** Every query of the dashboard: its panels' targets and its query variables' `label_values(metric, label)`. */
function dashboardQueries(board: Dashboard): { where: string; expr: string }[] {
  const panels = board.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
  const targets = panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ where: `panel "${panel.title}"`, expr: target.expr ?? '' })),
  );
  const variables = board.templating.list
    .filter((variable) => variable.type === 'query')
    .map((variable) => ({
      where: `variable $${variable.name}`,
      expr: /^label_values\((\w+),\s*\w+\)$/.exec(variable.definition ?? '')?.[1] ?? '',
    }));
  return [...targets, ...variables];
}

interface AlertRule {
  readonly alert?: unknown;
  readonly expr?: unknown;
  readonly for?: unknown;
  readonly labels?: Record<string, unknown>;
  readonly annotations?: Record<string, unknown>;
}

function alertRules(): { readonly groups?: readonly { name?: unknown; rules?: readonly AlertRule[] }[] } {
  return parse(readFileSync(RULES_FILE, 'utf8')) as ReturnType<typeof alertRules>;
}

/** GitHub's anchors of a Markdown file's headings. */
function headingAnchors(markdown: string): Set<string> {
  return new Set(
    [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) =>
      heading!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

/** The value of one sample line (`name{labels} value`) of a scrape, if present. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('PromQL metric names', () => {
  it('reads metric names, not functions, labels, keywords, ranges or variables', () => {
    expect(
      metricNamesOf(
        'histogram_quantile(0.95, sum by (le, machine) (rate(a_seconds_bucket{machine=~"$machine"}[$__rate_interval])))',
      ),
    ).toEqual(['a_seconds_bucket']);
    expect(
      metricNamesOf(
        'sum by (m) (rate(x_total{s=~"A|B"}[15m])) / sum without (i) (x_total) > 0.1 and up == 0',
      ),
    ).toEqual(['x_total', 'up']);
    expect(metricNamesOf('max by (queue) (deriv(age_seconds[10m])) > 0 unless on (queue) other')).toEqual([
      'age_seconds',
      'other',
    ]);
  });
});

describe('the alert rules', () => {
  const rules = (alertRules().groups ?? []).flatMap((group) => group.rules ?? []);

  it('are groups of named rules, each with an expression, a duration, a severity and annotations', () => {
    const { groups } = alertRules();
    expect(groups?.length).toBeGreaterThan(0);
    for (const group of groups ?? []) {
      expect(typeof group.name).toBe('string');
      expect(group.rules?.length).toBeGreaterThan(0);
    }
    const names = rules.map((rule) => rule.alert);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of rules) {
      expect(rule.alert).toMatch(/^Stepgraph[A-Z][A-Za-z]+$/);
      expect(typeof rule.expr).toBe('string');
      expect(rule.for).toMatch(/^\d+[smhdwy]$/);
      expect(['critical', 'warning']).toContain(rule.labels?.severity);
      expect(typeof rule.annotations?.summary).toBe('string');
      expect(typeof rule.annotations?.description).toBe('string');
    }
  });

  it('cover what the issue asks: the scrape, queue age, failure ratio, stuck repairs, the database, Redis', () => {
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'StepgraphScrapeDown',
        'StepgraphQueueAgeGrowing',
        'StepgraphExecutionFailureRatio',
        'StepgraphStuckExecutions',
        'StepgraphDatabaseDown',
        'StepgraphRedisDegraded',
      ]),
    );
  });

  it('point each at a section of the runbook that exists', () => {
    const anchors = headingAnchors(readFileSync(RUNBOOK_FILE, 'utf8'));
    for (const rule of rules) {
      const runbook = String(rule.annotations?.runbook_url);
      expect(runbook).toMatch(/^docs\/operations\.md#/);
      expect({ alert: rule.alert, anchor: anchors.has(runbook.split('#')[1]!) }).toEqual({
        alert: rule.alert,
        anchor: true,
      });
    }
  });
});

const PROMTOOL = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();

describeRequiring(PROMTOOL ? undefined : 'promtool is not installed (Debian: apt-get install prometheus)')(
  "Prometheus's own checks",
  () => {
    const check = (...args: string[]) => execFileSync(PROMTOOL!, ['check', ...args], { encoding: 'utf8' });

    it('load the alert rules (promtool check rules)', () => {
      const rules = (alertRules().groups ?? []).flatMap((group) => group.rules ?? []);
      expect(check('rules', RULES_FILE)).toContain(`SUCCESS: ${rules.length} rules found`);
    });

    it('load the example configuration with its rules file (promtool check config)', () => {
      expect(check('config', join(ROOT, 'deploy', 'prometheus', 'prometheus.yml'))).toContain('SUCCESS');
    });
  },
);

describe('the dashboard', () => {
  it('takes its datasource from a variable and has a machine variable', () => {
    const board = dashboard();
    const variables = board.templating.list.map((variable) => [variable.name, variable.type]);
    expect(variables).toEqual(
      expect.arrayContaining([
        ['datasource', 'datasource'],
        ['machine', 'query'],
      ]),
    );
    expect(JSON.stringify(board.panels)).not.toMatch(/"uid":\s*"(?!\$\{datasource\})/);
  });
});

describe('the monitoring kit against a running service', () => {
  let booted: BootedApp;
  let scrape: string;

  const fetchScrape = async () => (await fetch(`${booted.url}/metrics`)).text();

  beforeAll(async () => {
    booted = await bootApp({ REDIS_URL: testRedisUrl() });
    // Enough traffic that labelled series exist: an execution that waits (subscribed to, then
    // ended), a 404 of a route and of an unknown path, a GraphQL error.
    await createMachine(booted.client, 'monitoring-wait', {
      StartAt: 'Before',
      States: {
        Before: { Type: 'Pass', Next: 'Hold' },
        Hold: { Type: 'Wait', Seconds: 1, Next: 'After' },
        After: { Type: 'Pass', End: true },
      },
    });
    scrape = await fetchScrape();
  });

  afterAll(async () => {
    await booted?.close();
  });

  it('exports every metric the dashboard queries', async () => {
    const families = declaredFamilies(await fetchScrape());
    const queries = dashboardQueries(dashboard());
    expect(queries.length).toBeGreaterThan(20);
    const missing = queries.flatMap(({ where, expr }) => {
      const names = metricNamesOf(expr);
      if (names.length === 0) return [`${where}: no metric in ${expr}`];
      return names
        .filter((name) => !PROMETHEUS_SERIES.has(name) && familyOf(name, families) === undefined)
        .map((name) => `${where}: ${name}`);
    });
    expect(missing).toEqual([]);
  });

  it('exports every metric the alert rules query', async () => {
    const families = declaredFamilies(await fetchScrape());
    const rules = (alertRules().groups ?? []).flatMap((group) => group.rules ?? []);
    const missing = rules.flatMap((rule) =>
      metricNamesOf(String(rule.expr))
        .filter((name) => !PROMETHEUS_SERIES.has(name) && familyOf(name, families) === undefined)
        .map((name) => `${String(rule.alert)}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('documents every stepgraph_ metric it exports in docs/monitoring.md', async () => {
    const documented = readFileSync(METRICS_DOC_FILE, 'utf8');
    const exported = [...declaredFamilies(await fetchScrape()).keys()].filter((name) =>
      name.startsWith('stepgraph_'),
    );
    expect(exported.length).toBeGreaterThan(20);
    expect(exported.filter((name) => !documented.includes(`\`${name}\``))).toEqual([]);
  });

  it('reports its dependencies up, and the age of the oldest ready job of each engine queue', () => {
    expect(sample(scrape, 'stepgraph_dependency_up{dependency="database"}')).toBe(1);
    expect(sample(scrape, 'stepgraph_dependency_up{dependency="queue"}')).toBe(1);
    expect(sample(scrape, 'stepgraph_dependency_up{dependency="redis"}')).toBe(1);
    const age = sample(scrape, 'stepgraph_queue_oldest_ready_job_age_seconds{queue="stepgraph.transition"}');
    expect(age).toBeGreaterThanOrEqual(0);
  });

  it('times each transition of an execution and counts the states it entered, by machine', async () => {
    const before = await fetchScrape();
    const series = {
      transitions: 'stepgraph_transition_duration_seconds_count{machine="monitoring-wait"}',
      states: 'stepgraph_state_transitions_total{machine="monitoring-wait"}',
      started: 'stepgraph_executions_started_total{machine="monitoring-wait"}',
      succeeded: 'stepgraph_executions_ended_total{status="SUCCEEDED",machine="monitoring-wait"}',
    };
    const was = (name: keyof typeof series) => sample(before, series[name]) ?? 0;

    const { startExecution } = await booted.client.expectData(StartExecutionDocument, {
      input: { stateMachineName: 'monitoring-wait', input: {} },
    });
    expect((await awaitStatus(booted.client, startExecution.id)).status).toBe('SUCCEEDED');

    const after = await waitFor(
      async () => {
        const text = await fetchScrape();
        return sample(text, series.succeeded) === was('succeeded') + 1 ? text : undefined;
      },
      { what: 'the ended execution to be counted' },
    );
    // Two transitions: the start (Before, then Hold, which waits) and the timer's (After, the end).
    expect(sample(after, series.transitions)).toBe(was('transitions') + 2);
    expect(sample(after, series.states)).toBe(was('states') + 3);
    expect(sample(after, series.started)).toBe(was('started') + 1);
  });

  it('counts open subscriptions and the messages handed to them', async () => {
    const series = {
      active: 'stepgraph_subscriptions_active{subscription="executionUpdated"}',
      messages: 'stepgraph_subscription_messages_total{subscription="executionUpdated"}',
    };
    const before = await fetchScrape();
    const { startExecution } = await booted.client.expectData(StartExecutionDocument, {
      input: { stateMachineName: 'monitoring-wait', input: {} },
    });
    const socket = openGraphqlSocket(booted.url, { token: booted.adminToken });
    try {
      await socket.connected();
      const updates = socket.subscribe(ExecutionUpdatedDocument, { id: startExecution.id });
      // The execution as it is now, then its end; the stream then completes.
      const first = await updates.next(10_000);
      expect(first.data?.executionUpdated.id).toBe(startExecution.id);
      const open = await fetchScrape();
      expect(sample(open, series.active)).toBe((sample(before, series.active) ?? 0) + 1);
      let last = first;
      while (last.data?.executionUpdated.status === 'RUNNING') last = await updates.next(15_000);
      expect(last.data?.executionUpdated.status).toBe('SUCCEEDED');
      const done = await waitFor(
        async () => {
          const text = await fetchScrape();
          return sample(text, series.active) === (sample(before, series.active) ?? 0) ? text : undefined;
        },
        { what: 'the completed subscription to be closed' },
      );
      expect(sample(done, series.messages)).toBeGreaterThanOrEqual(
        (sample(before, series.messages) ?? 0) + 2,
      );
    } finally {
      await socket.close();
    }
  });

  it('labels HTTP answers by method, route template and status class, never by the URL', async () => {
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const routed =
      'stepgraph_http_request_duration_seconds_count{method="GET",route="/api/v1/executions/:id",status_class="4xx"}';
    const unrouted =
      'stepgraph_http_request_duration_seconds_count{method="GET",route="other",status_class="4xx"}';
    const before = await fetchScrape();
    expect((await booted.fetch(`${booted.url}/api/v1/executions/${unknownId}`)).status).toBe(404);
    expect((await fetch(`${booted.url}/no/such/path/${unknownId}`)).status).toBe(404);
    const after = await fetchScrape();
    expect(sample(after, routed)).toBe((sample(before, routed) ?? 0) + 1);
    expect(sample(after, unrouted)).toBe((sample(before, unrouted) ?? 0) + 1);
    expect(after).not.toContain(unknownId);
  });

  it('counts GraphQL requests by operation type and their errors by code', async () => {
    const notFound = 'stepgraph_graphql_errors_total{operation_type="query",code="NOT_FOUND"}';
    const invalid =
      'stepgraph_graphql_errors_total{operation_type="unknown",code="GRAPHQL_VALIDATION_FAILED"}';
    const queries = 'stepgraph_graphql_request_duration_seconds_count{operation_type="query"}';
    const before = await fetchScrape();
    const post = (query: string) =>
      booted.fetch(`${booted.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
    await post('query Missing { execution(id: "00000000-0000-4000-8000-000000000000") { id } }');
    await post('query Invalid { noSuchField }');
    const after = await fetchScrape();
    expect(sample(after, notFound)).toBe((sample(before, notFound) ?? 0) + 1);
    expect(sample(after, invalid)).toBe((sample(before, invalid) ?? 0) + 1);
    expect(sample(after, queries)).toBe((sample(before, queries) ?? 0) + 1);
    expect(after).toMatch(
      /^stepgraph_http_request_duration_seconds_count\{method="POST",route="\/graphql",status_class="2xx"\} \d+$/m,
    );
    // An operation's name is the client's choice: never a label.
    expect(after).not.toMatch(/="(?:Missing|Invalid)"/);
  });
  // Last: by now the tests above have given most families labelled samples.
  it('groups and matches the dashboard and the rules by labels their metrics carry', async () => {
    const scraped = await fetchScrape();
    const labels = sampledLabels(scraped, declaredFamilies(scraped));
    const rules = (alertRules().groups ?? []).flatMap((group) => group.rules ?? []);
    const queries = [
      ...dashboardQueries(dashboard()),
      ...rules.map((rule) => ({ where: `alert ${String(rule.alert)}`, expr: String(rule.expr) })),
    ];
    let checked = 0;
    const unknown = queries.flatMap(({ where, expr }) => {
      const carried = metricNamesOf(expr)
        .filter((name) => !PROMETHEUS_SERIES.has(name))
        .map((name) => labels.get(familyOf(name, declaredFamilies(scraped)) ?? ''));
      // A metric with no sample yet says nothing of its labels: its query is checked by name only.
      if (carried.length === 0 || carried.some((names) => names === undefined)) return [];
      checked += 1;
      const known = new Set(carried.flatMap((names) => [...names!]));
      return labelNamesOf(expr)
        .filter((label) => !SCRAPE_LABELS.has(label) && !known.has(label))
        .map((label) => `${where}: ${label}`);
    });
    expect(checked).toBeGreaterThan(20);
    expect(unknown).toEqual([]);
  });
});
