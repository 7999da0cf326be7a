/**
 * Which fields each state type takes, in which query language, following the AWS Step Functions
 * developer guide (the ASL specification plus JSONata and variables). Every state also takes
 * `Type`, `Comment` and `QueryLanguage`.
 */
import type { QueryLanguage } from '../states/state-fields.js';
import type { StateType } from './definition.scopes.js';

/** The fields of one state type. */
export interface StateFieldSpec {
  /** Fields allowed in both query languages. */
  readonly both: readonly string[];
  readonly jsonPathOnly: readonly string[];
  readonly jsonataOnly: readonly string[];
  readonly required: readonly string[];
  /** The state moves on with `Next` or stops with `"End": true` (exactly one of them). */
  readonly transitions: boolean;
  /** Groups of fields of which at most one may appear. */
  readonly atMostOne: ReadonlyArray<readonly string[]>;
  /** Groups of fields of which exactly one must appear (those allowed in the state's language). */
  readonly exactlyOne: ReadonlyArray<readonly string[]>;
}

/** Fields every state takes. */
export const COMMON_FIELDS: readonly string[] = ['Type', 'Comment', 'QueryLanguage'];

const IO_PATHS = ['InputPath', 'OutputPath'];
const NONE: ReadonlyArray<readonly string[]> = [];

/** Field tables by state type. */
export const STATE_FIELDS: Readonly<Record<StateType, StateFieldSpec>> = {
  Pass: {
    both: ['Next', 'End', 'Assign'],
    jsonPathOnly: [...IO_PATHS, 'Parameters', 'ResultPath', 'Result'],
    jsonataOnly: ['Output'],
    required: [],
    transitions: true,
    atMostOne: NONE,
    exactlyOne: NONE,
  },
  Task: {
    both: ['Next', 'End', 'Assign', 'Resource', 'Retry', 'Catch', 'TimeoutSeconds', 'HeartbeatSeconds'],
    jsonPathOnly: [
      ...IO_PATHS,
      'Parameters',
      'ResultSelector',
      'ResultPath',
      'TimeoutSecondsPath',
      'HeartbeatSecondsPath',
    ],
    jsonataOnly: ['Arguments', 'Output'],
    required: ['Resource'],
    transitions: true,
    atMostOne: [
      ['TimeoutSeconds', 'TimeoutSecondsPath'],
      ['HeartbeatSeconds', 'HeartbeatSecondsPath'],
    ],
    exactlyOne: NONE,
  },
  Choice: {
    both: ['Choices', 'Default', 'Assign'],
    jsonPathOnly: IO_PATHS,
    jsonataOnly: ['Output'],
    required: ['Choices'],
    transitions: false,
    atMostOne: NONE,
    exactlyOne: NONE,
  },
  Wait: {
    both: ['Next', 'End', 'Assign', 'Seconds', 'Timestamp'],
    jsonPathOnly: [...IO_PATHS, 'SecondsPath', 'TimestampPath'],
    jsonataOnly: ['Output'],
    required: [],
    transitions: true,
    atMostOne: NONE,
    exactlyOne: [['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath']],
  },
  // AWS takes no Assign in Succeed and Fail: the execution ends there.
  Succeed: {
    both: [],
    jsonPathOnly: IO_PATHS,
    jsonataOnly: ['Output'],
    required: [],
    transitions: false,
    atMostOne: NONE,
    exactlyOne: NONE,
  },
  Fail: {
    both: ['Error', 'Cause'],
    jsonPathOnly: ['ErrorPath', 'CausePath'],
    jsonataOnly: [],
    required: [],
    transitions: false,
    atMostOne: [
      ['Error', 'ErrorPath'],
      ['Cause', 'CausePath'],
    ],
    exactlyOne: NONE,
  },
  Parallel: {
    both: ['Next', 'End', 'Assign', 'Branches', 'Retry', 'Catch'],
    jsonPathOnly: [...IO_PATHS, 'Parameters', 'ResultSelector', 'ResultPath'],
    jsonataOnly: ['Arguments', 'Output'],
    required: ['Branches'],
    transitions: true,
    atMostOne: NONE,
    exactlyOne: NONE,
  },
  Map: {
    both: [
      'Next',
      'End',
      'Assign',
      'ItemProcessor',
      'Iterator',
      'ItemSelector',
      'MaxConcurrency',
      'Retry',
      'Catch',
    ],
    jsonPathOnly: [
      ...IO_PATHS,
      'ItemsPath',
      'Parameters',
      'ResultSelector',
      'ResultPath',
      'MaxConcurrencyPath',
    ],
    jsonataOnly: ['Items', 'Output'],
    required: [],
    transitions: true,
    atMostOne: [
      ['ItemSelector', 'Parameters'],
      ['MaxConcurrency', 'MaxConcurrencyPath'],
    ],
    exactlyOne: [['ItemProcessor', 'Iterator']],
  },
};

const DISTRIBUTED_MAP =
  'is a Distributed Map field: Stepgraph runs inline Map states only, so it refuses this definition rather than run it differently from AWS';

/** Fields AWS accepts that Stepgraph does not run, by state type, with the reason given. */
export const REFUSED_FIELDS: Readonly<Partial<Record<StateType, Readonly<Record<string, string>>>>> = {
  Task: {
    Credentials:
      'is not supported: Stepgraph runs every task under its own identity and cannot assume the role named here',
  },
  Map: Object.fromEntries(
    [
      'ItemReader',
      'ItemBatcher',
      'ResultWriter',
      'ToleratedFailurePercentage',
      'ToleratedFailurePercentagePath',
      'ToleratedFailureCount',
      'ToleratedFailureCountPath',
      'Label',
    ].map((field) => [field, DISTRIBUTED_MAP]),
  ),
};

/** The JSONata-state field that does the job of each JSONPath-only field. */
const JSONATA_REPLACEMENTS: Readonly<Record<string, string>> = {
  InputPath: 'Arguments',
  Parameters: 'Arguments',
  ResultSelector: 'Output',
  ResultPath: 'Output (and Assign)',
  OutputPath: 'Output',
  Result: 'Output',
  ItemsPath: 'Items',
  SecondsPath: 'Seconds',
  TimestampPath: 'Timestamp',
  TimeoutSecondsPath: 'TimeoutSeconds',
  HeartbeatSecondsPath: 'HeartbeatSeconds',
  MaxConcurrencyPath: 'MaxConcurrency',
  ErrorPath: 'Error',
  CausePath: 'Cause',
};

/** Why a JSONPath-only field is refused in a JSONata state, naming what to use instead. */
export function jsonPathOnlyMessage(field: string, type: StateType): string {
  const replacement = type === 'Map' && field === 'Parameters' ? 'ItemSelector' : JSONATA_REPLACEMENTS[field];
  return `is a JSONPath field and cannot be used in a JSONata state${replacement ? `: use ${replacement} instead` : ''}`;
}

/** Why a JSONata-only field is refused in a JSONPath state. */
export const JSONATA_ONLY_MESSAGE =
  'is a JSONata field: set "QueryLanguage": "JSONata" on the state or the state machine to use it';

/** The fields of a Retrier. */
export const RETRIER_FIELDS: readonly string[] = [
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
  'Comment',
];

/** The fields of a Catcher in each query language. */
export const CATCHER_FIELDS: Readonly<Record<QueryLanguage, readonly string[]>> = {
  JSONPath: ['ErrorEquals', 'Next', 'Comment', 'Assign', 'ResultPath'],
  JSONata: ['ErrorEquals', 'Next', 'Comment', 'Assign', 'Output'],
};

/** The fields of the object holding a `States` object, by where it sits. */
export const SCOPE_FIELDS: Readonly<Record<'branch' | 'processor', readonly string[]>> = {
  branch: ['StartAt', 'States', 'Comment'],
  processor: ['StartAt', 'States', 'Comment', 'ProcessorConfig'],
};
