import type { ServerResponse } from 'node:http';
import { Controller, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuditedByService } from '../../audit/audit.decorators.js';
import { AuditService } from '../../audit/audit.service.js';
import { openAct } from '../../audit/audited-act.js';
import { accessDenial } from '../../authorization/access.check.js';
import { Public } from '../../authorization/access.decorators.js';
import type { CallerRequest } from '../../authorization/caller.decorator.js';
import { requestIdOf } from '../../common/request-id.js';
import { whileResponseOpen } from '../../activities/activity-poll.signal.js';
import type { AwsInput } from '../actions/aws-action.js';
import { AwsActionRegistry } from '../actions/registry.js';
import { AwsCallerAuthenticator } from '../auth/aws-caller.authenticator.js';
import { AWS_JSON_CONTENT_TYPE, AwsError, AwsErrorCode } from './aws-error.js';
import { awsErrorOf } from './aws-error.mapping.js';
import { AwsExceptionFilter } from './aws-exception.filter.js';
import { sendAwsJson } from './aws-response.js';

/** A request of the AWS endpoint once aws-body.reader.ts has read its body. */
type AwsRequest = CallerRequest & { body?: unknown; query?: Record<string, string | string[]> };

/** The audited operation of an action, beside GraphQL's field names and REST's routes. */
const OPERATION_PREFIX = 'AWSStepFunctions.';

/**
 * The AWS Step Functions API (AWS JSON 1.0) at `POST /`: `Content-Type:
 * application/x-amz-json-1.0`, the action in `X-Amz-Target: AWSStepFunctions.<Action>`, its input a
 * JSON object. The global access guard lets it through (`@Public`) because AWS callers are
 * authenticated here, by {@link AwsCallerAuthenticator}, over the raw body; each action's
 * permission is then checked with the same rules as GraphQL and REST, and writes are audited as
 * `AWSStepFunctions.<Action>`. The global per-IP rate limit applies as to every route.
 */
@ApiExcludeController()
@Public()
@AuditedByService()
@UseFilters(AwsExceptionFilter)
@Controller()
export class AwsJsonController {
  constructor(
    private readonly authenticator: AwsCallerAuthenticator,
    private readonly registry: AwsActionRegistry,
    private readonly audit: AuditService,
  ) {}

  @Post()
  async call(@Req() req: AwsRequest, @Res() res: ServerResponse): Promise<void> {
    const body = rawBodyOf(req);
    // The access guard sets the caller of every route; the principal is this endpoint's business.
    const origin = req.caller?.origin ?? { ip: undefined, requestId: requestIdOf(req) };
    const principal = await this.authenticator
      .authenticate({
        method: req.method ?? 'POST',
        path: '/',
        query: req.query ?? {},
        headers: req.headers,
        body,
      })
      .catch(async (error: unknown) => {
        // A refused credential is audited, as the access guard audits REST's.
        if (error instanceof AwsError) {
          const target = req.headers['x-amz-target'];
          await this.audit.recordAfter({
            actor: undefined,
            operation: typeof target === 'string' ? target.slice(0, 100) : OPERATION_PREFIX,
            outcome: 'denied',
            errorCode: error.code,
            origin,
          });
        }
        throw error;
      });
    const action = this.registry.forTarget(req.headers['x-amz-target']);
    const input = inputOf(body);
    const draft = { actor: principal, operation: `${OPERATION_PREFIX}${action.name}`, targetIds: [], origin };
    const denial = accessDenial(action.permission, principal);
    if (denial) {
      await this.audit.recordAfter({
        ...draft,
        outcome: 'denied',
        errorCode: AwsErrorCode.AccessDeniedException,
      });
      throw denial;
    }
    const act = action.audited ? openAct(req, '', draft) : undefined;
    const output = await whileResponseOpen(res, async (signal) => {
      try {
        const result = await action.handle(input, {
          principal,
          origin,
          requestId: origin.requestId,
          act,
          signal,
        });
        if (act) await this.audit.settle(act, 'success');
        return result;
      } catch (error) {
        const aws = awsErrorOf(error);
        if (act)
          await this.audit.settle(act, DENIED.has(aws.code) ? 'denied' : 'failed', { errorCode: aws.code });
        throw aws;
      }
    });
    sendAwsJson(req, res, 200, output);
  }
}

/** The refusals the audit log records as denied rather than failed, as on REST. */
const DENIED: ReadonlySet<string> = new Set([
  AwsErrorCode.AccessDeniedException,
  AwsErrorCode.ThrottlingException,
]);

/** The body as sent: only `application/x-amz-json-1.0` is this endpoint's. */
function rawBodyOf(req: AwsRequest): Buffer {
  const contentType = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (contentType !== AWS_JSON_CONTENT_TYPE) {
    throw new AwsError(
      'UnsupportedMediaTypeException',
      `POST / is the AWS Step Functions API: Content-Type must be ${AWS_JSON_CONTENT_TYPE}, not ` +
        `${contentType === '' ? 'none' : JSON.stringify(contentType.slice(0, 100))}. ` +
        'GraphQL is at POST /graphql, REST under /api/v1.',
      415,
    );
  }
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

/** The JSON object of the body; an empty body is `{}` as AWS takes it. */
function inputOf(body: Buffer): AwsInput {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AwsError(AwsErrorCode.SerializationException, 'The request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsError(AwsErrorCode.SerializationException, 'The request body must be a JSON object');
  }
  return parsed as AwsInput;
}
