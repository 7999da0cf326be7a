import { Injectable } from '@nestjs/common';
import { seededRandom, type Json, type JsonObject } from '../../asl/index.js';
import { isJsonObject } from '../../asl/json.js';
import {
  testState,
  TestStateRefused,
  type InspectionData,
  type InspectionLevel,
} from '../../asl/test-state/test-state.js';
import { Permission } from '../../authorization/permission.js';
import { AwsError, AwsErrorCode } from '../protocol/aws-error.js';
import { optionalBoolean, optionalString, requiredString, validationError } from '../protocol/aws-input.js';
import type { AwsAction, AwsActionGroup, AwsInput } from './aws-action.js';

/** AWS's longest definition and input texts. */
const MAX_DEFINITION_LENGTH = 1_048_576;
const MAX_INPUT_LENGTH = 262_144;
const INSPECTION_LEVELS = new Set<string>(['INFO', 'DEBUG', 'TRACE']);

function jsonTextOf(field: string, text: string, code: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new AwsError(code, `${field} is not JSON text: ${(error as Error).message}`);
  }
}

/** InspectionData with its values as the JSON text AWS sends (`input` as the caller wrote it). */
function inspectionText(data: InspectionData, inputText: string) {
  const texts: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === 'errorDetails') texts[key] = value;
    else texts[key] = key === 'input' ? inputText : JSON.stringify(value);
  }
  return texts;
}

/**
 * TestState: one state run alone by the pure interpreter (src/asl/test-state). A Task state other
 * than a builtin runs only with `mock` (AWS would call the resource; Stepgraph does not from here),
 * `context` and `stateConfiguration` other than `retrierRetryCount` are refused, `roleArn` and
 * `revealSecrets` are accepted and ignored.
 */
@Injectable()
export class TestStateAction implements AwsActionGroup {
  readonly actions: readonly AwsAction[] = [
    {
      name: 'TestState',
      permission: Permission.StateMachineRead,
      audited: false,
      handle: (input) => this.test(input),
    },
  ];

  private async test(input: AwsInput) {
    const definitionText = requiredString(input, 'definition', MAX_DEFINITION_LENGTH);
    const definition = jsonTextOf('definition', definitionText, AwsErrorCode.InvalidDefinition);
    if (!isJsonObject(definition)) {
      throw new AwsError(
        AwsErrorCode.InvalidDefinition,
        'definition must be a JSON object: a state or a state machine',
      );
    }
    const inputText = optionalString(input, 'input', MAX_INPUT_LENGTH) ?? '{}';
    const stateInput = jsonTextOf('input', inputText, AwsErrorCode.InvalidExecutionInput);
    const level = optionalString(input, 'inspectionLevel', 10) ?? 'INFO';
    if (!INSPECTION_LEVELS.has(level)) {
      throw validationError(
        'inspectionLevel',
        level,
        'Member must satisfy enum value set: [INFO, DEBUG, TRACE]',
      );
    }
    optionalString(input, 'roleArn', 256);
    optionalBoolean(input, 'revealSecrets');
    const stateName = optionalString(input, 'stateName', 80);
    const variablesText = optionalString(input, 'variables', MAX_INPUT_LENGTH);
    const variables =
      variablesText === undefined
        ? undefined
        : jsonTextOf('variables', variablesText, AwsErrorCode.ValidationException);
    if (variables !== undefined && !isJsonObject(variables)) {
      throw new AwsError(AwsErrorCode.ValidationException, 'variables must be a JSON object');
    }
    for (const refused of ['context']) {
      if (input[refused] !== undefined && input[refused] !== null) {
        throw new AwsError(
          AwsErrorCode.ValidationException,
          `${refused} is not supported by Stepgraph's TestState`,
        );
      }
    }
    try {
      const result = await testState({
        definition,
        ...(stateName === undefined ? {} : { stateName }),
        input: stateInput,
        inspectionLevel: level as InspectionLevel,
        ...(variables === undefined ? {} : { variables: variables as JsonObject }),
        ...mockOf(input.mock),
        ...retriesOf(input.stateConfiguration),
        clock: Date.now(),
        random: seededRandom(Math.floor(Math.random() * 2 ** 31)),
      });
      return {
        ...(result.output === undefined ? {} : { output: JSON.stringify(result.output) }),
        ...(result.error === undefined ? {} : { error: result.error }),
        ...(result.cause === undefined ? {} : { cause: result.cause }),
        ...(result.inspectionData
          ? { inspectionData: inspectionText(result.inspectionData, inputText) }
          : {}),
        ...(result.nextState === undefined ? {} : { nextState: result.nextState }),
        status: result.status,
      };
    } catch (error) {
      if (error instanceof TestStateRefused) {
        throw new AwsError(
          error.reason === 'unsupported' ? AwsErrorCode.ValidationException : AwsErrorCode.InvalidDefinition,
          error.message,
        );
      }
      throw error;
    }
  }
}

/** AWS's `mock`: `result` as JSON text, or `errorOutput { error, cause }`. */
function mockOf(mock: unknown): {
  mock?: { result?: Json; errorOutput?: { error?: string; cause?: string } };
} {
  if (mock === undefined || mock === null) return {};
  if (!isJsonObject(mock as Json)) throw validationError('mock', mock, 'Member must be a structure');
  const fields = mock as AwsInput;
  const resultText = optionalString(fields, 'result', MAX_INPUT_LENGTH);
  const errorOutput = fields.errorOutput;
  if (resultText !== undefined) {
    return { mock: { result: jsonTextOf('mock.result', resultText, AwsErrorCode.ValidationException) } };
  }
  if (errorOutput !== undefined && errorOutput !== null && isJsonObject(errorOutput as Json)) {
    const error = optionalString(errorOutput as AwsInput, 'error', 256);
    const cause = optionalString(errorOutput as AwsInput, 'cause', 32_768);
    return {
      mock: {
        errorOutput: { ...(error === undefined ? {} : { error }), ...(cause === undefined ? {} : { cause }) },
      },
    };
  }
  throw new AwsError(AwsErrorCode.ValidationException, 'mock must give result or errorOutput');
}

/** `stateConfiguration`: only `retrierRetryCount` is carried out. */
function retriesOf(configuration: unknown): { retrierRetryCount?: number } {
  if (configuration === undefined || configuration === null) return {};
  if (!isJsonObject(configuration as Json)) {
    throw validationError('stateConfiguration', configuration, 'Member must be a structure');
  }
  const { retrierRetryCount, ...others } = configuration as Record<string, unknown>;
  if (Object.keys(others).length > 0) {
    throw new AwsError(
      AwsErrorCode.ValidationException,
      `stateConfiguration supports retrierRetryCount only, not ${Object.keys(others).join(', ')}`,
    );
  }
  if (retrierRetryCount === undefined || retrierRetryCount === null) return {};
  if (
    typeof retrierRetryCount !== 'number' ||
    !Number.isInteger(retrierRetryCount) ||
    retrierRetryCount < 0
  ) {
    throw validationError(
      'stateConfiguration.retrierRetryCount',
      retrierRetryCount,
      'Member must be a non-negative integer',
    );
  }
  return { retrierRetryCount };
}
