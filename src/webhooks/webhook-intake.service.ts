import type { IncomingHttpHeaders } from 'node:http';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { evaluateJsonata, StatesError, type Json } from '../asl/index.js';
import type { AuditEntry } from '../audit/audit.entry.js';
import { AuditService } from '../audit/audit.service.js';
import { AppError, ErrorCode } from '../common/app-error.js';
import type { RequestOrigin } from '../common/request-origin.js';
import { isUuid } from '../common/identifiers.js';
import { jsonNestingDepth, MAX_JSON_DEPTH } from '../common/json-value.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ExpressionBudgetService } from '../engine/evaluation/expression-budget.service.js';
import { ExecutionCommands } from '../engine/start/execution.commands.js';
import { RATE_LIMIT_STORE, type RateLimitStore } from '../http/rate-limit/rate-limit.store.js';
import { RateLimitedError } from '../http/rate-limit/rate-limited.error.js';
import {
  WEBHOOK_CALL_OPERATION,
  type WebhookAccepted,
  type WebhookCall,
  type WebhookCallOutcome,
} from './webhook-call.js';
import { WebhookCallMetrics } from './webhook-call.metrics.js';
import { WebhookSecretCipher } from './webhook-secret.cipher.js';
import { SIGNATURE_HEADERS, signatureProblem } from './webhook.signature.js';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from './webhook.rules.js';
import { isDeliveryConflict, WebhooksRepository, type WebhookRecord } from './webhooks.repository.js';

const RATE_WINDOW_MS = 60_000;
/** Headers a transform never sees: credentials and signatures must not end up in an input. */
const HIDDEN_HEADERS = new Set(['authorization', 'cookie', 'x-api-key', ...Object.values(SIGNATURE_HEADERS)]);
/** `application/json`, `application/vnd.github+json`, with or without parameters. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** The answer to a call to a hook whose secret cannot be opened: no key material, only the remedy. */
const UNREADABLE_SECRET_MESSAGE =
  "This webhook's secret cannot be read with the server's current WEBHOOK_SECRET_KEY: rotate the hook's secret";

/** A refusal on its way out: the error for the caller and the outcome for the audit row. */
class Refusal extends Error {
  constructor(
    readonly outcome: WebhookCallOutcome,
    readonly error: AppError,
  ) {
    super(error.message);
  }
}

/**
 * The intake of `/hooks/<id>`: finds the hook, verifies the signature over the raw body, limits the
 * hook's rate, parses the body, applies the idempotency key and the input transform, and starts
 * the execution.
 * Every call gets one audit row: an accepted call's in the start's transaction, with the delivery
 * row of its key; a refused call's on its own. Neither the secret nor the signature is ever in one.
 */
@Injectable()
export class WebhookIntakeService {
  private readonly logger = new Logger(WebhookIntakeService.name);
  /**
   * Hooks whose unreadable secret this process has logged: once each, not per call, since every
   * call fails the same way until the hook is rotated (and a new key takes a restart anyway).
   */
  private readonly loggedUnreadable = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: WebhooksRepository,
    private readonly cipher: WebhookSecretCipher,
    private readonly commands: ExecutionCommands,
    private readonly expressions: ExpressionBudgetService,
    private readonly audit: AuditService,
    private readonly metrics: WebhookCallMetrics,
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async receive(call: WebhookCall): Promise<WebhookAccepted> {
    try {
      const accepted = await this.accept(call);
      this.metrics.counted(accepted.created ? 'started' : 'replayed');
      return accepted;
    } catch (error) {
      const refusal =
        error instanceof Refusal ? error : new Refusal(outcomeOfFailure(error), AppError.from(error));
      await this.refused(call.webhookId, call.origin, refusal.outcome, refusal.error);
      throw refusal.error;
    }
  }

  /** Records a call refused before it reached {@link receive} (a body over the limit). */
  async refused(
    webhookId: string,
    origin: RequestOrigin,
    outcome: WebhookCallOutcome,
    error: AppError,
  ): Promise<void> {
    this.metrics.counted(outcome);
    const denied = error.code === ErrorCode.UNAUTHENTICATED || error.code === ErrorCode.TOO_MANY_REQUESTS;
    await this.audit.recordAfter(
      this.entry(webhookId, origin, outcome, {
        outcome: denied ? 'denied' : 'failed',
        errorCode: error.code,
      }),
    );
  }

  private async accept(call: WebhookCall): Promise<WebhookAccepted> {
    const hook = isUuid(call.webhookId)
      ? await this.repository.find(this.dataSource.manager, call.webhookId)
      : undefined;
    if (!hook) throw new Refusal('unknown_hook', AppError.notFound(`Webhook ${call.webhookId} not found`));
    if (!hook.enabled)
      throw new Refusal(
        'disabled',
        AppError.conflict(`Webhook ${hook.id} is disabled: it starts no executions`),
      );
    this.verify(hook, call);
    await this.admit(hook.id);
    const body = parseBody(call);
    const key = idempotencyKeyOf(hook, call.headers);
    if (key !== undefined) {
      const earlier = await this.repository.deliveredExecution(this.dataSource.manager, hook.id, key);
      if (earlier) return this.replayed(hook.id, call.origin, earlier);
    }
    const input = await this.inputOf(hook, body, call);
    try {
      const started = await this.commands.start({
        stateMachineId: hook.stateMachineId,
        input,
        trigger: { kind: 'WEBHOOK', webhookId: hook.id },
        beforeCommit: async (manager, executionId) => {
          if (key !== undefined)
            await this.repository.insertDelivery(manager, { webhookId: hook.id, key, executionId });
          await this.audit.record(
            this.entry(hook.id, call.origin, 'started', { outcome: 'success', executionId }),
            manager,
          );
        },
      });
      return { executionId: started.executionId, created: true };
    } catch (error) {
      // A concurrent call with the same key committed first: its execution is the answer.
      if (key === undefined || !isDeliveryConflict(error)) throw error;
      const earlier = await this.repository.deliveredExecution(this.dataSource.manager, hook.id, key);
      if (!earlier) throw error;
      return this.replayed(hook.id, call.origin, earlier);
    }
  }

  /**
   * Signed calls per minute per hook, every sender together: it guards the engine from a sender's
   * flood. Unsigned and forged calls do not count, so that nobody can exhaust a hook's budget
   * without its secret; the API's per-address limit bounds those.
   */
  private async admit(webhookId: string): Promise<void> {
    const { count, msLeft } = await this.store.hit(`webhook:rate:${webhookId}`, RATE_WINDOW_MS);
    if (count > this.config.webhooks.perHookPerMinute) {
      throw new Refusal(
        'rate_limited',
        new RateLimitedError('Too many calls to this webhook; retry after the time in Retry-After', msLeft),
      );
    }
  }

  private verify(hook: WebhookRecord, call: WebhookCall): void {
    const secret = this.cipher.tryOpen(hook.secretEncrypted);
    if (secret === undefined) throw this.unreadableSecret(hook.id);
    // A previous secret that cannot be opened verifies nothing; the current one still does.
    const previous = hook.previousSecretEncrypted && this.cipher.tryOpen(hook.previousSecretEncrypted);
    const secrets = previous ? [secret, previous] : [secret];
    const header = call.headers[SIGNATURE_HEADERS[hook.signature]];
    const problem = signatureProblem(
      {
        scheme: hook.signature,
        header: Array.isArray(header) ? header.join(',') : header,
        body: call.body,
        nowSeconds: Math.floor(Date.now() / 1000),
      },
      secrets,
    );
    if (problem)
      throw new Refusal('bad_signature', AppError.unauthenticated(`Invalid signature: ${problem}`));
  }

  /**
   * The hook's secret was sealed under another key (WEBHOOK_SECRET_KEY changed, or JWT_SECRET
   * rotated without one) or was altered: no call can be verified until the hook is rotated.
   */
  private unreadableSecret(webhookId: string): Refusal {
    if (!this.loggedUnreadable.has(webhookId)) {
      this.loggedUnreadable.add(webhookId);
      this.logger.error(
        `Webhook ${webhookId}: its secret cannot be decrypted with the current WEBHOOK_SECRET_KEY; ` +
          'its calls answer 503 until rotateWebhookSecret gives it a new one',
      );
    }
    return new Refusal(
      'unreadable_secret',
      new AppError(ErrorCode.SERVICE_UNAVAILABLE, UNREADABLE_SECRET_MESSAGE),
    );
  }

  private async inputOf(hook: WebhookRecord, body: Json, call: WebhookCall): Promise<Json> {
    if (hook.inputTransform === null) return body;
    const { offloadJsonata } = this.expressions.stepEnv();
    const { jsonataInlineSteps, maxResultBytes } = this.config.expressions;
    const headers = Object.fromEntries(
      Object.entries(call.headers).filter(
        ([name, value]) => !HIDDEN_HEADERS.has(name) && value !== undefined,
      ),
    ) as Record<string, Json>;
    try {
      return await evaluateJsonata(hook.inputTransform, 'inputTransform', {
        input: { body, headers, query: call.query as Record<string, Json> },
        context: {},
        variables: {},
        now: Date.now(),
        random: Math.random,
        limits: {
          steps: jsonataInlineSteps,
          maxResultBytes,
          ...(offloadJsonata ? { offload: offloadJsonata } : {}),
        },
      });
    } catch (error) {
      if (!(error instanceof StatesError)) throw error;
      throw new Refusal(
        'bad_transform',
        AppError.badUserInput(`The webhook's inputTransform failed: ${error.cause}`),
      );
    }
  }

  private async replayed(
    webhookId: string,
    origin: RequestOrigin,
    executionId: string,
  ): Promise<WebhookAccepted> {
    await this.audit.record(this.entry(webhookId, origin, 'replayed', { outcome: 'success', executionId }));
    return { executionId, created: false };
  }

  /** One call's audit row: nobody signed in, the hook (and execution) as targets, what it came to. */
  private entry(
    webhookId: string,
    origin: RequestOrigin,
    result: WebhookCallOutcome,
    more: { outcome: AuditEntry['outcome']; executionId?: string; errorCode?: string },
  ): AuditEntry {
    return {
      actor: undefined,
      operation: WEBHOOK_CALL_OPERATION,
      targetIds: [webhookId, ...(more.executionId ? [more.executionId] : [])].filter(
        (id) => id.length <= 200,
      ),
      outcome: more.outcome,
      ...(more.errorCode ? { errorCode: more.errorCode } : {}),
      origin,
      details: { result },
    };
  }
}

/** The JSON body; a call with another media type or a body that does not parse is refused. */
function parseBody(call: WebhookCall): Json {
  const contentType = call.headers['content-type'] ?? '';
  if (!JSON_MEDIA_TYPE.test(contentType))
    throw new Refusal(
      'bad_body',
      AppError.badUserInput(`The body must be JSON (Content-Type: application/json), not "${contentType}"`),
    );
  let body: Json;
  try {
    body = JSON.parse(call.body.toString('utf8')) as Json;
  } catch (error) {
    throw new Refusal(
      'bad_body',
      AppError.badUserInput(`The body is not valid JSON: ${(error as Error).message}`),
    );
  }
  // Deeper JSON would overflow the stack of whatever walks it next (see MAX_JSON_DEPTH).
  if (jsonNestingDepth(body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    throw new Refusal(
      'bad_body',
      AppError.badUserInput(`The body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`),
    );
  return body;
}

function idempotencyKeyOf(hook: WebhookRecord, headers: IncomingHttpHeaders): string | undefined {
  const value = headers[hook.idempotencyHeader.toLowerCase()];
  const key = Array.isArray(value) ? value[0] : value;
  if (key === undefined || key.length === 0) return undefined;
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH)
    throw new Refusal(
      'bad_body',
      AppError.badUserInput(
        `The ${hook.idempotencyHeader} header is longer than ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
      ),
    );
  return key;
}

function outcomeOfFailure(error: unknown): WebhookCallOutcome {
  const code = AppError.from(error).code;
  return code === ErrorCode.BAD_USER_INPUT ? 'bad_body' : 'failed';
}
