import { Inject, Injectable } from '@nestjs/common';
import { StatesArns } from '../common/states-arns.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AwsError, AwsErrorCode } from './protocol/aws-error.js';

/** What an ARN names: a state machine (and maybe one version of it), an execution or an activity. */
export type ParsedArn =
  | { readonly kind: 'stateMachine'; readonly name: string; readonly version?: number }
  | { readonly kind: 'execution'; readonly stateMachineName: string; readonly name: string }
  | { readonly kind: 'activity'; readonly name: string };

/** `arn:<partition>:states:<region>:<account>:<type>:<rest>`. */
const ARN = /^arn:aws:states:([a-z0-9-]+):([0-9]{12}):(stateMachine|execution|activity):(.+)$/;
/** The longest ARN AWS takes. */
const MAX_ARN_LENGTH = 256;

/**
 * The ARNs of the AWS endpoint (formed as the engine forms them, {@link StatesArns}), and the
 * role it answers for every state machine. Reading one checks its form (else
 * `InvalidArn`, as AWS) and that it is of this region and account (else it names nothing here, and
 * the caller answers its "does not exist").
 */
@Injectable()
export class AwsArns extends StatesArns {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config.aws);
  }

  /**
   * The role AWS shows a state machine and its executions running as (DescribeStateMachine,
   * ExecutionStarted). Stepgraph assumes no role: this one names the service itself, in the
   * configured account.
   */
  role(): string {
    return `arn:aws:iam::${this.accountId}:role/stepgraph`;
  }

  /**
   * The parts of `arn` (the `field` it came in, for the message), or `undefined` when it is
   * well formed but of another region or account. Malformed, or of another kind than `kind`:
   * `InvalidArn`.
   */
  parse<K extends ParsedArn['kind']>(
    arn: unknown,
    kind: K,
    field: string,
  ): Extract<ParsedArn, { kind: K }> | undefined {
    const match = typeof arn === 'string' && arn.length <= MAX_ARN_LENGTH ? ARN.exec(arn) : null;
    const parsed = match ? partsOf(match[3]!, match[4]!) : undefined;
    if (!match || parsed?.kind !== kind) {
      throw new AwsError(
        AwsErrorCode.InvalidArn,
        `Invalid Arn: '${shown(arn)}' in ${field} is not ${KIND_FORMS[kind]}`,
      );
    }
    if (`arn:aws:states:${match[1]}:${match[2]}` !== this.prefix) return undefined;
    return parsed as Extract<ParsedArn, { kind: K }>;
  }
}

const KIND_FORMS: Readonly<Record<ParsedArn['kind'], string>> = {
  stateMachine: 'arn:aws:states:<region>:<account>:stateMachine:<name>[:<version>]',
  execution: 'arn:aws:states:<region>:<account>:execution:<stateMachine>:<name>',
  activity: 'arn:aws:states:<region>:<account>:activity:<name>',
};

function partsOf(kind: string, rest: string): ParsedArn | undefined {
  const [first, second, ...more] = rest.split(':');
  if (!first || more.length > 0) return undefined;
  if (kind === 'activity') return second === undefined ? { kind, name: first } : undefined;
  if (kind === 'execution') return second ? { kind, stateMachineName: first, name: second } : undefined;
  if (second === undefined) return { kind: 'stateMachine', name: first };
  return /^[1-9][0-9]{0,8}$/.test(second)
    ? { kind: 'stateMachine', name: first, version: Number(second) }
    : undefined;
}

/** What was sent, short enough to quote. */
function shown(arn: unknown): string {
  const text = typeof arn === 'string' ? arn : (JSON.stringify(arn) ?? String(arn));
  return text.length > MAX_ARN_LENGTH ? `${text.slice(0, MAX_ARN_LENGTH)}…` : text;
}
