import { randomUUID } from 'node:crypto';
import type { GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { AppError, ErrorCode } from '../common/app-error.js';
import type { GraphqlContext } from './graphql.context.js';
import { formatGraphqlError } from './graphql-error.formatter.js';
import { reportGraphqlFaults, type GraphqlFaultReports } from './graphql-error.plugin.js';
import { graphqlLimitRules, MAX_TOKENS, withoutSuggestions } from './graphql.limits.js';
import type { GraphqlSocketContext, GraphqlSocketSecurity } from './graphql.security.js';
import { sharedResultsSubscribe } from './subscription.execution.js';
import { SubscriptionFrames } from './subscription.frames.js';

/**
 * What Nest passes on to graphql-ws's `useServer`. Its type omits `onError` and `validate`, which
 * Nest forwards all the same.
 */
export type GraphqlWsOptions = GraphQLWsSubscriptionsConfig &
  Pick<ServerOptions, 'onError' | 'validate' | 'subscribe'>;

/** The code Apollo gives an invalid document over HTTP; a socket reports the same. */
const DOCUMENT_ERROR_CODE = 'GRAPHQL_VALIDATION_FAILED';

/** A socket that has not sent `connection_init` by then is closed with 4408 (docs/testing.md S17). */
export const CONNECTION_INIT_TIMEOUT_MS = 5000;

/** WebSocket's "Try Again Later" close code (RFC 6455 registry): graphql-ws clients reconnect. */
export const TRY_AGAIN_LATER_CLOSE_CODE = 1013;

export interface GraphqlWsSetup {
  readonly exposeStack: boolean;
  readonly path: string;
  readonly hideSuggestions: boolean;
  /** Authentication at `connection_init`, the per-address cap, and the check before each event. */
  readonly sockets: GraphqlSocketSecurity;
  /** Where server faults are reported. */
  readonly reports: GraphqlFaultReports;
}

/**
 * graphql-ws on the GraphQL path. Apollo's formatError, plugins and validation rules do not run on
 * sockets, so results are formatted (and faults reported) here the same way, and documents meet the
 * same limits. A second `connection_init` is closed with 4429 by graphql-ws itself.
 *
 * The fan-out path (docs/performance.md, "Live subscriptions") runs once per event per subscriber:
 * each event is executed once per group of subscribers that share its result
 * (sharedResultsSubscribe), the access check before it answers without I/O when it can, and a
 * result is serialised once per group and written with the rest of its burst (SubscriptionFrames).
 * The WebSocket server is Nest's, with `ws`'s default of no per-message compression.
 */
export function graphqlWsOptions(setup: GraphqlWsSetup): GraphqlWsOptions {
  const rules = [...specifiedRules, ...graphqlLimitRules()];
  const { sockets } = setup;
  const frames = new SubscriptionFrames();
  const valid = new ValidDocuments();
  return {
    path: setup.path,
    connectionInitWaitTimeout: CONNECTION_INIT_TIMEOUT_MS,
    onConnect: (ctx) =>
      closedWhenUnavailable(ctx as GraphqlSocketContext, () =>
        sockets.onConnect(ctx as GraphqlSocketContext),
      ),
    onClose: (ctx) => sockets.onClose(ctx as GraphqlSocketContext),
    validate: (schema, document) => {
      const text = document.loc?.source.body;
      if (text !== undefined && valid.has(text)) return [];
      const errors = validate(schema, document, rules);
      if (errors.length === 0 && text !== undefined) valid.add(text);
      return errors;
    },
    subscribe: sharedResultsSubscribe((contextValue) =>
      sockets.resultAccessKey?.(contextValue as GraphqlContext),
    ),
    // graphql-ws parses without a token limit: parse once more with it, before its own parse.
    onSubscribe(_ctx, _id, payload) {
      if (valid.has(payload.query)) return;
      try {
        parse(payload.query, { maxTokens: MAX_TOKENS });
      } catch (error) {
        if (error instanceof GraphQLError) return [error];
        throw error;
      }
    },
    onNext(ctx, id, _payload, args, result) {
      // A refused event is dropped: the socket is already closing, and nothing more is sent on it.
      const socket = ctx as GraphqlSocketContext;
      const allowed = closedWhenUnavailable(socket, () => sockets.allowsEvent(socket, args));
      const { errors } = result;
      const sent = () =>
        errors ? formattedResult(setup, args, result, errors) : frames.next(socket.extra, id, result);
      if (allowed === false) return;
      if (allowed === true) return sent();
      return allowed.then((ok) => (ok ? sent() : undefined));
    },
    // Only a document that fails parsing or validation lands here, before any context exists.
    onError(_ctx, _id, _payload, errors) {
      const requestId = randomUUID();
      return errors.map((error) => ({
        message: setup.hideSuggestions ? withoutSuggestions(error.message) : error.message,
        ...(error.locations && { locations: error.locations }),
        extensions: { code: DOCUMENT_ERROR_CODE, requestId },
      }));
    },
  };
}

/**
 * The texts of documents that passed the token limit and validation, which depend on the text
 * alone: a thousand dashboards subscribe with one and the same document, and validating it was a
 * twentieth of the subscription bench's time. Forgotten all at once past a million characters,
 * so that clients sending ever new documents cannot grow it.
 */
class ValidDocuments {
  private static readonly MAX_CHARACTERS = 1_000_000;
  private readonly texts = new Set<string>();
  private characters = 0;

  has(text: string): boolean {
    return this.texts.has(text);
  }

  add(text: string): void {
    if (this.characters + text.length > ValidDocuments.MAX_CHARACTERS) {
      this.texts.clear();
      this.characters = 0;
    }
    this.texts.add(text);
    this.characters += text.length;
  }
}

/** A result with its errors formatted as over HTTP. */
function formattedResult(
  setup: GraphqlWsSetup,
  args: ExecutionArgs,
  result: ExecutionResult,
  errors: readonly GraphQLError[],
) {
  const { requestId } = args.contextValue as GraphqlContext;
  reportGraphqlFaults(setup.reports, errors, requestId);
  return {
    ...result,
    errors: errors.map((error) =>
      formatGraphqlError(error, {
        exposeStack: setup.exposeStack,
        requestId,
        hideSuggestions: setup.hideSuggestions,
      }),
    ),
  };
}

/**
 * Runs a check of the socket's caller (authentication at `connection_init`, revalidation before an
 * event). When the database cannot be reached (docs/testing.md R3) the socket is closed with 1013 and the
 * same message REST and GraphQL give, rather than graphql-ws's 4500 with the driver's message; the
 * client reconnects later. Other errors propagate. A check that answers at once is answered at
 * once: the one before each event usually does.
 */
function closedWhenUnavailable<T extends boolean | Promise<boolean>>(
  ctx: GraphqlSocketContext,
  check: () => T,
): T {
  const unavailable = (error: unknown): false => {
    const appError = AppError.from(error);
    if (appError.code !== ErrorCode.SERVICE_UNAVAILABLE) throw error;
    ctx.extra.socket.close(TRY_AGAIN_LATER_CLOSE_CODE, appError.message);
    return false;
  };
  try {
    const answer = check();
    return (answer instanceof Promise ? answer.catch(unavailable) : answer) as T;
  } catch (error) {
    return unavailable(error) as T;
  }
}
