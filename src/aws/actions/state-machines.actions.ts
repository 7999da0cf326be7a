import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { Permission } from '../../authorization/permission.js';
import { AppError, ErrorCode } from '../../common/app-error.js';
import { nameProblems } from '../../state-machines/state-machine.rules.js';
import type { StateMachine } from '../../state-machines/models/state-machine.model.js';
import { StateMachinesService } from '../../state-machines/state-machines.service.js';
import { AwsArns } from '../arns.js';
import { AwsError, AwsErrorCode } from '../protocol/aws-error.js';
import { asAws, type AwsCodesFor } from '../protocol/aws-error.mapping.js';
import {
  epochSeconds,
  nextTokenOf,
  optionalBoolean,
  optionalInteger,
  optionalString,
  pageOf,
  requiredString,
  validationError,
} from '../protocol/aws-input.js';
import type { AwsAction, AwsActionGroup, AwsCall, AwsInput } from './aws-action.js';

/** Every state machine is a STANDARD one: Stepgraph runs no EXPRESS workflows. */
const STANDARD = 'STANDARD';
/** AWS's limit on a definition's length, in characters. */
const MAX_DEFINITION_LENGTH = 1_048_576;
const MAX_ARN_LENGTH = 256;
/** AWS's limits on ValidateStateMachineDefinition's `maxResults`. */
const MAX_DIAGNOSTICS = 100;
/** What DescribeStateMachine answers for what Stepgraph keeps no setting of (docs/aws-compatibility.md). */
const LOGGING_OFF = { level: 'OFF', includeExecutionData: false };
const TRACING_OFF = { enabled: false };

const LOOKUP_CODES: AwsCodesFor = { [ErrorCode.NOT_FOUND]: AwsErrorCode.StateMachineDoesNotExist };
const DEFINITION_CODES: AwsCodesFor = {
  ...LOOKUP_CODES,
  [ErrorCode.BAD_USER_INPUT]: AwsErrorCode.InvalidDefinition,
  [ErrorCode.CONFLICT]: AwsErrorCode.StateMachineAlreadyExists,
};
const PAGE_CODES: AwsCodesFor = { ...LOOKUP_CODES, [ErrorCode.BAD_USER_INPUT]: AwsErrorCode.InvalidToken };

/**
 * The state machine actions, over src/state-machines. Stepgraph keeps every definition a machine
 * had as a numbered version, so each version AWS would publish already exists: `publish` only
 * decides whether its ARN is answered. `roleArn`, `loggingConfiguration`, `tracingConfiguration`,
 * `tags`, `encryptionConfiguration` and `versionDescription` are accepted and not stored.
 */
@Injectable()
export class StateMachineActions implements AwsActionGroup {
  readonly actions: readonly AwsAction[];
  constructor(
    private readonly service: StateMachinesService,
    private readonly arns: AwsArns,
  ) {
    const read = Permission.StateMachineRead;
    const write = Permission.StateMachineWrite;
    this.actions = [
      { name: 'CreateStateMachine', permission: write, audited: true, handle: (i, c) => this.create(i, c) },
      { name: 'DescribeStateMachine', permission: read, audited: false, handle: (i) => this.describe(i) },
      { name: 'UpdateStateMachine', permission: write, audited: true, handle: (i, c) => this.update(i, c) },
      { name: 'DeleteStateMachine', permission: write, audited: true, handle: (i, c) => this.delete(i, c) },
      { name: 'ListStateMachines', permission: read, audited: false, handle: (i) => this.list(i) },
      { name: 'ListStateMachineVersions', permission: read, audited: false, handle: (i) => this.versions(i) },
      {
        name: 'ValidateStateMachineDefinition',
        permission: read,
        audited: false,
        handle: (i) => this.validate(i),
      },
    ];
  }

  private async create(input: AwsInput, call: AwsCall) {
    const name = requiredString(input, 'name', 80);
    const definition = requiredString(input, 'definition', MAX_DEFINITION_LENGTH);
    optionalString(input, 'roleArn', MAX_ARN_LENGTH);
    checkType(input);
    const publish = optionalBoolean(input, 'publish') ?? false;
    const [problem] = nameProblems(name);
    if (problem)
      throw new AwsError(AwsErrorCode.InvalidName, `Invalid Name: '${name}': name ${problem.message}`);
    const machine = await asAws(DEFINITION_CODES, async () => {
      try {
        return await this.service.create({ name, definition }, call.act);
      } catch (error) {
        if (!(error instanceof AppError && error.code === ErrorCode.CONFLICT)) throw error;
        // AWS answers an identical create with the machine that exists (its idempotency).
        const existing = await unlessNotFound(this.service.get({ name }));
        if (existing && sameDefinition(existing, definition)) return existing;
        throw error;
      }
    });
    return {
      stateMachineArn: this.arns.stateMachine(machine.name),
      creationDate: epochSeconds(machine.createdAt),
      ...(publish && {
        stateMachineVersionArn: this.arns.stateMachineVersion(machine.name, machine.version),
      }),
    };
  }

  private async describe(input: AwsInput) {
    const arn = this.machineArn(input);
    const machine = await this.lookup(arn);
    if (arn.version === undefined) {
      return {
        ...this.describedCommon(machine),
        stateMachineArn: this.arns.stateMachine(machine.name),
        definition: JSON.stringify(machine.definition),
        creationDate: epochSeconds(machine.createdAt),
        revisionId: String(machine.version),
        ...(machine.description !== null && { description: machine.description }),
      };
    }
    const { version } = await asAws(LOOKUP_CODES, () => this.service.findVersion(machine.name, arn.version));
    return {
      ...this.describedCommon(machine),
      stateMachineArn: this.arns.stateMachineVersion(machine.name, version.version),
      definition: JSON.stringify(version.definition),
      creationDate: epochSeconds(version.createdAt),
      revisionId: String(version.version),
    };
  }

  private describedCommon(machine: StateMachine) {
    return {
      name: machine.name,
      status: 'ACTIVE',
      roleArn: this.arns.role(),
      type: STANDARD,
      loggingConfiguration: LOGGING_OFF,
      tracingConfiguration: TRACING_OFF,
    };
  }

  private async update(input: AwsInput, call: AwsCall) {
    const arn = this.machineArn(input);
    if (arn.version !== undefined) throw versionArnRefused('UpdateStateMachine');
    const definition = optionalString(input, 'definition', MAX_DEFINITION_LENGTH);
    optionalString(input, 'roleArn', MAX_ARN_LENGTH);
    optionalString(input, 'versionDescription', 256);
    const publish = optionalBoolean(input, 'publish') ?? false;
    const current = await this.lookup(arn);
    // Without a definition only settings Stepgraph does not keep can have been sent: nothing changes.
    const machine =
      definition === undefined
        ? current
        : await asAws(DEFINITION_CODES, () => this.service.update(current.id, { definition }, call.act));
    return {
      updateDate: epochSeconds(machine.updatedAt),
      revisionId: String(machine.version),
      ...(publish && {
        stateMachineVersionArn: this.arns.stateMachineVersion(machine.name, machine.version),
      }),
    };
  }

  private async delete(input: AwsInput, call: AwsCall) {
    const arn = this.machineArn(input);
    if (arn.version !== undefined) throw versionArnRefused('DeleteStateMachine');
    const name = arn.name;
    // As on AWS, deleting a machine that does not exist (any more) succeeds.
    await asAws({}, async () => {
      const machine = name === undefined ? undefined : await unlessNotFound(this.service.get({ name }));
      if (machine) await unlessNotFound(this.service.delete(machine.id, call.act));
    });
    return {};
  }

  private async list(input: AwsInput) {
    const page = await asAws(PAGE_CODES, () => this.service.list(pageOf(input)));
    return {
      stateMachines: page.edges.map(({ node }) => ({
        stateMachineArn: this.arns.stateMachine(node.name),
        name: node.name,
        type: STANDARD,
        creationDate: epochSeconds(node.createdAt),
      })),
      ...nextTokenOf(page),
    };
  }

  private async versions(input: AwsInput) {
    const arn = this.machineArn(input);
    if (arn.version !== undefined) throw versionArnRefused('ListStateMachineVersions');
    const machine = await this.lookup(arn);
    const page = await asAws(PAGE_CODES, () => this.service.versionsOf(machine, pageOf(input)));
    return {
      stateMachineVersions: page.edges.map(({ node }) => ({
        stateMachineVersionArn: this.arns.stateMachineVersion(machine.name, node.version),
        creationDate: epochSeconds(node.createdAt),
      })),
      ...nextTokenOf(page),
    };
  }

  private async validate(input: AwsInput) {
    const definition = requiredString(input, 'definition', MAX_DEFINITION_LENGTH);
    checkType(input);
    const severity = optionalString(input, 'severity', 16);
    if (severity !== undefined && severity !== 'ERROR' && severity !== 'WARNING') {
      throw validationError('severity', severity, 'Member must satisfy enum value set: [ERROR, WARNING]');
    }
    const maxResults = optionalInteger(input, 'maxResults', 0, MAX_DIAGNOSTICS) || MAX_DIAGNOSTICS;
    const { diagnostics } = await asAws({}, () => this.service.validate(definition));
    // Stepgraph's diagnostics are all errors: a definition it would refuse.
    return {
      result: diagnostics.length === 0 ? 'OK' : 'FAIL',
      diagnostics: diagnostics.slice(0, maxResults).map(({ path, message }) => ({
        severity: 'ERROR',
        code: isJson(definition) ? 'SCHEMA_VALIDATION_FAILED' : 'INVALID_JSON_DESCRIPTION',
        message,
        location: path,
      })),
      truncated: diagnostics.length > maxResults,
    };
  }

  /** The machine (and maybe version) of `stateMachineArn`; `name` undefined: of another account. */
  private machineArn(input: AwsInput): { name: string | undefined; version: number | undefined } {
    const arn = requiredString(input, 'stateMachineArn', MAX_ARN_LENGTH);
    const parsed = this.arns.parse(arn, 'stateMachine', 'stateMachineArn');
    return { name: parsed?.name, version: parsed?.version };
  }

  private lookup(arn: { name: string | undefined }): Promise<StateMachine> {
    if (arn.name === undefined) {
      throw new AwsError(
        AwsErrorCode.StateMachineDoesNotExist,
        'State Machine Does Not Exist: not of this region and account',
      );
    }
    const name = arn.name;
    return asAws(LOOKUP_CODES, () => this.service.get({ name }));
  }
}

/** `type`: only STANDARD; EXPRESS workflows are refused rather than run with other semantics. */
function checkType(input: AwsInput): void {
  const type = optionalString(input, 'type', 16);
  if (type !== undefined && type !== STANDARD) {
    throw validationError('type', type, 'Stepgraph runs STANDARD state machines only');
  }
}

function versionArnRefused(action: string): AwsError {
  return new AwsError(
    AwsErrorCode.ValidationException,
    `${action} takes the ARN of a state machine, not of one of its versions`,
  );
}

/** Whether `definition` (JSON text) is the machine's latest definition, key order and spacing aside. */
function sameDefinition(machine: StateMachine, definition: string): boolean {
  return isJson(definition) && isDeepStrictEqual(JSON.parse(definition), machine.definition);
}

/** What `work` answers, or undefined when what it looks for does not exist. */
async function unlessNotFound<T>(work: Promise<T>): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCode.NOT_FOUND) return undefined;
    throw error;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
