import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import {
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values.js';
import { ErrorCode } from '../common/app-error.js';
import type { GraphqlContext } from '../graphql/graphql.context.js';
import type { AuditOutcome } from './audit.entry.js';
import type { AuditService } from './audit.service.js';
import { targetIdsOf } from './audit.targets.js';
import { openAct, openedAct, type AuditedAct } from './audited-act.js';

/** Error codes that mean "not allowed": the act is recorded as denied. */
const DENIED_CODES: ReadonlySet<unknown> = new Set([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.TOO_MANY_REQUESTS,
]);

/** The root fields an operation selects, through fragments: what it did, one row each. */
function rootFields(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
): FieldNode[] {
  const fields: FieldNode[] = [];
  const visit = (selectionSet: SelectionSetNode, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value) && fragments[selection.name.value]) {
        visit(fragments[selection.name.value]!.selectionSet, new Set([...seen, selection.name.value]));
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return fields;
}

/** The field's arguments as resolved with the request's variables; {} when they cannot be. */
function argumentsOf(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  field: FieldNode,
  variables: Record<string, unknown>,
) {
  const rootType = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  const definition = rootType?.getFields()[field.name.value];
  if (!definition) return {};
  try {
    return getArgumentValues(definition, field, variables);
  } catch {
    return {};
  }
}

function outcomeOf(errors: readonly GraphQLFormattedError[]): { outcome: AuditOutcome; errorCode?: string } {
  if (errors.length === 0) return { outcome: 'success' };
  const codes = errors.map((error) => error.extensions?.code);
  const denied = codes.find((code) => DENIED_CODES.has(code));
  if (denied) return { outcome: 'denied', errorCode: String(denied) };
  return { outcome: 'failed', errorCode: String(codes[0] ?? ErrorCode.INTERNAL_SERVER_ERROR) };
}

type AuditedRequest = Pick<
  GraphQLRequestContextWillSendResponse<GraphqlContext>,
  'operation' | 'document' | 'contextValue' | 'schema' | 'request'
>;

/** The root fields of the request's operation, with their response keys. */
function rootFieldsOf(request: AuditedRequest): Array<{ field: FieldNode; key: string }> {
  const { operation, document } = request;
  if (!operation || !document) return [];
  const fragments = Object.fromEntries(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition]] : [],
    ),
  ) as Record<string, FragmentDefinitionNode>;
  return rootFields(operation, fragments).map((field) => ({
    field,
    key: field.alias?.value ?? field.name.value,
  }));
}

/**
 * The act of a root field, opened once per request: before execution for a mutation, so that its
 * resolver can hand it to the service, or when the response is settled (a denied query field).
 */
function actOf(request: AuditedRequest, field: FieldNode, key: string): AuditedAct {
  const { contextValue, schema, operation } = request;
  return (
    openedAct(contextValue, key) ??
    openAct(contextValue, key, {
      actor: contextValue.principal,
      operation: field.name.value,
      targetIds: operation
        ? targetIdsOf(argumentsOf(schema, operation, field, request.request.variables ?? {}))
        : [],
      origin: { ip: contextValue.clientIp, requestId: contextValue.requestId },
    })
  );
}

/**
 * The audit of GraphQL over HTTP, in one place rather than per resolver: one row per root field of
 * every mutation (success, denied or failed) and one per root field of a query that was denied.
 * A resolver hands its field's {@link AuditedAct} to the service, which records the success in the
 * act's transaction; the rows of every other outcome are written here once the response is settled,
 * in a transaction of their own (docs/security.md). Fields in `selfAudited` (login, refreshToken,
 * logout) are recorded by their service, in its transaction, whatever the outcome.
 */
export function auditPlugin(
  audit: AuditService,
  selfAudited: ReadonlySet<string>,
): ApolloServerPlugin<GraphqlContext> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart(request) {
          if (request.operation.operation !== 'mutation') return;
          for (const { field, key } of rootFieldsOf(request)) {
            if (!selfAudited.has(field.name.value)) actOf(request, field, key);
          }
        },
        async willSendResponse(request: GraphQLRequestContextWillSendResponse<GraphqlContext>) {
          const { operation, response } = request;
          if (!operation || response.body.kind !== 'single') return;
          const { data, errors = [] } = response.body.singleResult;
          for (const { field, key } of rootFieldsOf(request)) {
            const result = outcomeOf(errors.filter((error) => error.path?.[0] === key));
            const isMutation = operation.operation === 'mutation';
            if (selfAudited.has(field.name.value) || (!isMutation && result.outcome !== 'denied')) continue;
            await audit.settle(actOf(request, field, key), result.outcome, {
              ...(result.errorCode === undefined ? {} : { errorCode: result.errorCode }),
              resultTargetIds: targetIdsOf(data?.[key]),
            });
          }
        },
      };
    },
  };
}
