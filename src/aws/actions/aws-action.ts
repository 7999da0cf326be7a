import type { AuditedAct } from '../../audit/audited-act.js';
import type { Permission } from '../../authorization/permission.js';
import type { RequestOrigin } from '../../common/request-origin.js';
import type { Principal } from '../../identity/principal.js';

/** The JSON object of a request's body. */
export type AwsInput = Readonly<Record<string, unknown>>;

/** One call of an action: who calls, from where, and its audit act when the action writes. */
export interface AwsCall {
  readonly principal: Principal;
  readonly origin: RequestOrigin;
  /** The request id, also sent back as `x-amzn-RequestId`. */
  readonly requestId: string;
  /** Open for actions that change something: the service records its success in its transaction. */
  readonly act: AuditedAct | undefined;
  /** Aborted when the client goes away (a long poll then ends). */
  readonly signal: AbortSignal;
}

/**
 * One action of `X-Amz-Target: AWSStepFunctions.<name>`. It checks the AWS-shaped input and calls
 * the same service as GraphQL and REST; `permission` is checked before, with the same rules.
 */
export interface AwsAction {
  readonly name: string;
  readonly permission: Permission;
  /** Whether calls are audited: every action that changes something (reads are not, as on REST). */
  readonly audited: boolean;
  handle(input: AwsInput, call: AwsCall): Promise<unknown>;
}

/** A file of related actions: an injectable that lists them. */
export interface AwsActionGroup {
  readonly actions: readonly AwsAction[];
}
