/**
 * AWS's TestState: one state run alone on an input, with what its data flow did at each step.
 * The state runs in the in-memory driver inside a small machine of its own: every state it may go
 * to is a `Succeed` stand-in, so the state that is entered after it is its `nextState`. Retries are
 * not run but reported (`RETRIABLE`), as AWS does: the state runs without its Retry first; when it
 * fails, its retriers decide RETRIABLE, then its catchers CAUGHT_ERROR (the state runs again with
 * its Catch to show where it goes), else FAILED.
 */
import { contextObject } from '../context-object.js';
import type { StateMachineDefinition } from '../definition.js';
import { runInMemory, type InMemoryResult } from '../driver/in-memory.js';
import { errorMatches, errorOutput, type RaisedError } from '../error-matching.js';
import type { HistoryEvent } from '../events.js';
import { isJsonObject, type Json, type JsonObject } from '../json.js';
import { evaluatePayloadTemplate } from '../payload-template.js';
import { resolvePath } from '../paths/reference-path.js';
import { applyResultPath } from '../paths/result-path.js';
import { parseResource } from '../resources.js';
import { decideRetry } from '../retry.js';
import type { State } from '../states/state.js';
import type { QueryLanguage } from '../states/state-fields.js';
import type { TaskResult } from '../tasks/builtin.js';
import { validateDefinition } from '../validate/index.js';

export type InspectionLevel = 'INFO' | 'DEBUG' | 'TRACE';
export type TestStateStatus = 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';

export interface TestStateRequest {
  /** A state, or a whole state machine whose `stateName` (default: StartAt) is tested. */
  readonly definition: JsonObject;
  readonly stateName?: string;
  readonly input: Json;
  readonly inspectionLevel?: InspectionLevel;
  /** Workflow variables the state sees. */
  readonly variables?: Readonly<Record<string, Json>>;
  /** The Task's result or error instead of running it (AWS's `mock`). */
  readonly mock?: { readonly result?: Json; readonly errorOutput?: { error?: string; cause?: string } };
  /** Retries already made (AWS's `stateConfiguration.retrierRetryCount`). */
  readonly retrierRetryCount?: number;
  /** Virtual epoch milliseconds the state runs at. */
  readonly clock: number;
  readonly random: () => number;
}

/** AWS's InspectionData, values as JSON (the transport writes them as JSON text). */
export interface InspectionData {
  input?: Json;
  afterInputPath?: Json;
  afterParameters?: Json;
  afterArguments?: Json;
  result?: Json;
  afterResultSelector?: Json;
  afterResultPath?: Json;
  variables?: Json;
  errorDetails?: { catchIndex?: number; retryIndex?: number; retryBackoffIntervalSeconds?: number };
}

export interface TestStateResult {
  readonly status: TestStateStatus;
  readonly output?: Json;
  readonly error?: string;
  readonly cause?: string;
  readonly nextState?: string;
  /** DEBUG and TRACE only. */
  readonly inspectionData?: InspectionData;
}

/**
 * A request TestState refuses: a definition that is not a valid state (AWS's InvalidDefinition), or
 * one it cannot carry out exactly (AWS's ValidationException).
 */
export class TestStateRefused extends Error {
  constructor(
    message: string,
    readonly reason: 'invalid-definition' | 'unsupported' = 'invalid-definition',
  ) {
    super(message);
  }
}

const MACHINE_NAME = 'test-state';
const SEED_STATE = 'TestState.Variables';
const FAILURE_EVENTS = new Set(['TaskFailed', 'TaskTimedOut', 'ActivityFailed', 'ActivityTimedOut']);

interface Subject {
  readonly name: string;
  readonly state: State;
  readonly language: QueryLanguage;
}

function subjectOf(request: TestStateRequest): Subject {
  const { definition } = request;
  if (isJsonObject(definition.States)) {
    const name = request.stateName ?? (definition.StartAt as string);
    const state = definition.States[name];
    if (!isJsonObject(state)) throw new TestStateRefused(`The definition has no state named '${name}'.`);
    const language = (state.QueryLanguage ?? definition.QueryLanguage ?? 'JSONPath') as QueryLanguage;
    return { name, state: state as unknown as State, language };
  }
  if (typeof definition.Type !== 'string') throw new TestStateRefused('The definition is not a state.');
  const language = (definition.QueryLanguage ?? 'JSONPath') as QueryLanguage;
  return { name: request.stateName ?? 'TestState', state: definition as unknown as State, language };
}

/** Every state the subject may go to: its Next, Default, Choices' and Catchers' Next. */
function targetsOf(state: State): string[] {
  const record = state as unknown as Record<string, unknown>;
  const targets = [record.Next, record.Default];
  for (const list of [record.Choices, record.Catch])
    if (Array.isArray(list)) for (const item of list) targets.push((item as { Next?: unknown }).Next);
  return [...new Set(targets.filter((target): target is string => typeof target === 'string'))];
}

/** The machine the subject runs in; variables are assigned first by a JSONPath Pass state. */
function machineOf(
  subject: Subject,
  state: State,
  variables: TestStateRequest['variables'],
): StateMachineDefinition {
  const states: Record<string, unknown> = {
    [subject.name]: { ...state, QueryLanguage: subject.language },
  };
  for (const target of targetsOf(state))
    if (target !== subject.name) states[target] = { Type: 'Succeed', QueryLanguage: 'JSONPath' };
  if (!variables || Object.keys(variables).length === 0)
    return { StartAt: subject.name, States: states } as unknown as StateMachineDefinition;
  states[SEED_STATE] = {
    Type: 'Pass',
    QueryLanguage: 'JSONPath',
    Assign: Object.fromEntries(Object.keys(variables).map((name) => [`${name}.$`, `$.variables.${name}`])),
    OutputPath: '$.input',
    Next: subject.name,
  };
  return { StartAt: SEED_STATE, States: states } as unknown as StateMachineDefinition;
}

/** AWS's rule for a workflow variable's name. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkVariables(request: TestStateRequest): void {
  const refused = Object.keys(request.variables ?? {}).filter((name) => !VARIABLE_NAME.test(name));
  if (refused.length > 0)
    throw new TestStateRefused(
      `variables: ${refused.map((name) => `'${name}'`).join(', ')} is not a variable name (a letter or _, then letters, digits or _)`,
      'unsupported',
    );
}

function checkTask(subject: Subject, request: TestStateRequest): void {
  if (subject.state.Type !== 'Task' || request.mock) return;
  const resource = parseResource(subject.state.Resource);
  if (resource?.kind !== 'builtin')
    throw new TestStateRefused(
      `TestState runs a Task state whose resource is not a builtin only with a mock: pass mock.result or mock.errorOutput for '${subject.state.Resource}'.`,
      'unsupported',
    );
}

function mockResult(request: TestStateRequest): TaskResult | undefined {
  const { mock } = request;
  if (!mock) return undefined;
  if (mock.errorOutput)
    return {
      kind: 'fail',
      error: mock.errorOutput.error ?? 'States.TaskFailed',
      ...(mock.errorOutput.cause === undefined ? {} : { cause: mock.errorOutput.cause }),
    };
  return { kind: 'succeed', output: mock.result ?? null };
}

/** A mocked Task runs as this resource, whatever its own: AWS's mock stands in for the call. */
const MOCKED_RESOURCE = 'builtin:echo';

function runnableState(state: State, request: TestStateRequest): State {
  return request.mock && state.Type === 'Task' ? ({ ...state, Resource: MOCKED_RESOURCE } as State) : state;
}

async function run(subject: Subject, state: State, request: TestStateRequest): Promise<InMemoryResult> {
  const mocked = mockResult(request);
  const runnable =
    mocked && state.Type === 'Task' ? ({ ...state, Resource: MOCKED_RESOURCE } as State) : state;
  const hasVariables = request.variables && Object.keys(request.variables).length > 0;
  return runInMemory(
    machineOf(subject, runnable, request.variables),
    hasVariables ? { variables: request.variables as JsonObject, input: request.input } : request.input,
    {
      clock: request.clock,
      random: request.random,
      executionName: MACHINE_NAME,
      stateMachineName: MACHINE_NAME,
      tasks: mocked ? { [MOCKED_RESOURCE]: () => mocked } : {},
    },
  );
}

/** The subject's events, from its StateEntered on, and the stand-in entered after it, if any. */
function eventsOf(result: InMemoryResult, subject: Subject): { own: HistoryEvent[]; next?: string } {
  const targets = new Set(targetsOf(subject.state));
  const isEntered = (event: HistoryEvent) => event.type.endsWith('StateEntered');
  const start = result.events.findIndex((event) => isEntered(event) && event.details.name === subject.name);
  const own: HistoryEvent[] = [];
  for (const event of start < 0 ? [] : result.events.slice(start)) {
    const name = event.details.name;
    if (own.length > 0 && isEntered(event) && typeof name === 'string' && targets.has(name))
      return { own, next: name };
    own.push(event);
  }
  return { own };
}

function parsedText(value: Json | undefined): Json | undefined {
  if (typeof value !== 'string') return undefined;
  return JSON.parse(value) as Json;
}

function failureOf(result: InMemoryResult, own: readonly HistoryEvent[]): RaisedError | undefined {
  if (result.status === 'SUCCEEDED') return undefined;
  const event = own.find((candidate) => FAILURE_EVENTS.has(candidate.type));
  const source = event?.details ?? { error: result.error ?? 'States.Runtime', cause: result.cause ?? '' };
  return {
    error: (source.error as string | undefined) ?? result.error ?? 'States.Runtime',
    ...(typeof source.cause === 'string' ? { cause: source.cause } : {}),
  };
}

function withoutErrorHandling(state: State, keepCatch: boolean): State {
  const { Retry: _retry, Catch: catchers, ...rest } = state as State & { Retry?: unknown; Catch?: unknown };
  return (keepCatch && catchers !== undefined ? { ...rest, Catch: catchers } : rest) as State;
}

/** DEBUG's data-flow steps of a JSONPath state, recomputed from its fields and the run's events. */
function jsonPathInspection(
  subject: Subject,
  request: TestStateRequest,
  own: readonly HistoryEvent[],
): InspectionData {
  const fields = subject.state as unknown as Record<string, unknown>;
  const variables = request.variables ?? {};
  const context = contextObject(
    {
      Execution: {
        Id: MACHINE_NAME,
        Name: MACHINE_NAME,
        Input: request.input,
        StartTime: new Date(request.clock).toISOString(),
      },
      StateMachine: { Id: MACHINE_NAME, Name: MACHINE_NAME },
    },
    { name: subject.name, enteredTime: new Date(request.clock).toISOString(), retryCount: 0 },
  );
  const select = (path: unknown, data: Json): Json | undefined => {
    if (path === undefined) return data;
    if (path === null) return {};
    const lookup = resolvePath(path as string, { data, context, variables });
    return lookup.found ? (lookup.value as Json) : undefined;
  };
  const data: InspectionData = { input: request.input };
  const afterInputPath = select(fields.InputPath, request.input);
  if (afterInputPath === undefined) return data;
  data.afterInputPath = afterInputPath;
  if (
    subject.state.Type === 'Choice' ||
    subject.state.Type === 'Wait' ||
    subject.state.Type === 'Succeed' ||
    subject.state.Type === 'Fail'
  )
    return data;
  let result: Json | undefined;
  if (subject.state.Type === 'Task') {
    const scheduled = own.find((event) => event.type === 'TaskScheduled');
    const activity = own.find((event) => event.type === 'ActivityScheduled');
    data.afterParameters =
      parsedText(scheduled?.details.parameters ?? activity?.details.input) ?? afterInputPath;
    const succeeded = own.find(
      (event) => event.type === 'TaskSucceeded' || event.type === 'ActivitySucceeded',
    );
    result = parsedText(succeeded?.details.output);
    if (result === undefined) return data;
    data.result = result;
  } else {
    data.afterParameters = isJsonObject(fields.Parameters)
      ? evaluatePayloadTemplate(fields.Parameters, {
          data: afterInputPath,
          context,
          variables,
          random: request.random,
        })
      : afterInputPath;
    result = fields.Result !== undefined ? (fields.Result as Json) : data.afterParameters;
  }
  const afterResultSelector = isJsonObject(fields.ResultSelector)
    ? evaluatePayloadTemplate(fields.ResultSelector, {
        data: result,
        context,
        variables,
        random: request.random,
      })
    : result;
  data.afterResultSelector = afterResultSelector;
  data.afterResultPath = applyResultPath(
    request.input,
    afterResultSelector,
    fields.ResultPath as string | null | undefined,
  );
  return data;
}

/** DEBUG's steps of a JSONata state: its Arguments (a Task's), its result and the variables after it. */
function jsonataInspection(request: TestStateRequest, own: readonly HistoryEvent[]): InspectionData {
  const data: InspectionData = { input: request.input };
  const scheduled = own.find((event) => event.type === 'TaskScheduled');
  const afterArguments = parsedText(scheduled?.details.parameters);
  if (afterArguments !== undefined) data.afterArguments = afterArguments;
  const succeeded = own.find((event) => event.type === 'TaskSucceeded');
  const result = parsedText(succeeded?.details.output);
  if (result !== undefined) data.result = result;
  return data;
}

function variablesAfter(request: TestStateRequest, own: readonly HistoryEvent[]): Json | undefined {
  const exited = own.find((event) => event.type.endsWith('StateExited'));
  const assigned = exited?.details.assignedVariables;
  if (!isJsonObject(assigned) && !request.variables) return undefined;
  const after: JsonObject = { ...(request.variables ?? {}) };
  if (isJsonObject(assigned))
    for (const [name, text] of Object.entries(assigned)) after[name] = parsedText(text) ?? null;
  return after;
}

function outputOf(result: InMemoryResult, own: readonly HistoryEvent[], name: string): Json | undefined {
  const exited = own.find((event) => event.type.endsWith('StateExited') && event.details.name === name);
  if (exited) return parsedText(exited.details.output);
  return result.status === 'SUCCEEDED' ? result.output : undefined;
}

/** Runs one state as AWS's TestState does. */
export async function testState(request: TestStateRequest): Promise<TestStateResult> {
  const subject = subjectOf(request);
  checkVariables(request);
  checkTask(subject, request);
  // A mocked Task's resource is never called: only the state's other fields must be valid here.
  const validation = validateDefinition(machineOf(subject, runnableState(subject.state, request), undefined));
  if (!validation.valid)
    throw new TestStateRefused(
      validation.diagnostics.map(({ path, message }) => `${path}: ${message}`).join('; '),
    );
  const debug = request.inspectionLevel === 'DEBUG' || request.inspectionLevel === 'TRACE';
  const inspect = (own: readonly HistoryEvent[]): InspectionData | undefined => {
    if (!debug) return undefined;
    const data =
      subject.language === 'JSONata'
        ? jsonataInspection(request, own)
        : jsonPathInspection(subject, request, own);
    const variables = variablesAfter(request, own);
    if (variables !== undefined) data.variables = variables;
    return data;
  };

  const plain = await run(subject, withoutErrorHandling(subject.state, false), request);
  const first = eventsOf(plain, subject);
  const raised = failureOf(plain, first.own);
  if (!raised) {
    const output = outputOf(plain, first.own, subject.name);
    const inspectionData = inspect(first.own);
    return {
      status: 'SUCCEEDED',
      ...(output === undefined ? {} : { output }),
      ...(first.next === undefined ? {} : { nextState: first.next }),
      ...(inspectionData ? { inspectionData } : {}),
    };
  }
  const failure = { error: raised.error, ...(raised.cause === undefined ? {} : { cause: raised.cause }) };
  const retriers = (subject.state as { Retry?: Parameters<typeof decideRetry>[0] }).Retry;
  const spent = request.retrierRetryCount ?? 0;
  const retry = decideRetry(
    retriers,
    raised,
    (retriers ?? []).map(() => spent),
    request.random,
  );
  if (retry.kind === 'retry') {
    const inspectionData = inspect(first.own);
    const retryIndex = retry.retryCounts.findIndex((count) => count > spent);
    if (inspectionData)
      inspectionData.errorDetails = { retryIndex, retryBackoffIntervalSeconds: retry.delayMs / 1000 };
    return { status: 'RETRIABLE', ...failure, ...(inspectionData ? { inspectionData } : {}) };
  }
  const catchers = (subject.state as { Catch?: readonly { ErrorEquals: readonly string[] }[] }).Catch ?? [];
  const catchIndex = catchers.findIndex((catcher) => errorMatches(catcher.ErrorEquals, raised));
  if (catchIndex < 0) {
    const inspectionData = inspect(first.own);
    return { status: 'FAILED', ...failure, ...(inspectionData ? { inspectionData } : {}) };
  }
  const caught = await run(subject, withoutErrorHandling(subject.state, true), request);
  const second = eventsOf(caught, subject);
  const output = second.next === undefined ? undefined : entryInputOf(caught, second.next);
  const inspectionData = inspect(second.own);
  if (inspectionData) inspectionData.errorDetails = { catchIndex };
  return {
    status: 'CAUGHT_ERROR',
    ...failure,
    ...(output === undefined ? {} : { output }),
    ...(second.next === undefined ? {} : { nextState: second.next }),
    ...(inspectionData ? { inspectionData } : {}),
  };
}

/** What the state a catcher chose was entered with: the caught state's output. */
function entryInputOf(result: InMemoryResult, name: string): Json | undefined {
  const entered = result.events.find(
    (event) => event.type.endsWith('StateEntered') && event.details.name === name,
  );
  return parsedText(entered?.details.input) ?? errorOutputFallback(result);
}

function errorOutputFallback(result: InMemoryResult): Json | undefined {
  return result.error === undefined
    ? undefined
    : errorOutput({ error: result.error, ...(result.cause === undefined ? {} : { cause: result.cause }) });
}
