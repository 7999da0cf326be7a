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

/**
 * The audit of GraphQL over HTTP, in one place rather than per resolver: one row per root field of
 * every mutation (success, denied or failed) and one per root field of a query that was denied.
 * Written after the response is settled, in a transaction of its own (docs/security.md). Fields in
 * `selfAudited` (login, refreshToken, logout) are recorded by their service, in its transaction.
 */
export function auditPlugin(
  audit: AuditService,
  selfAudited: ReadonlySet<string>,
): ApolloServerPlugin<GraphqlContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(request: GraphQLRequestContextWillSendResponse<GraphqlContext>) {
          const { operation, document, response, contextValue, schema } = request;
          if (!operation || !document || response.body.kind !== 'single') return;
          const fragments = Object.fromEntries(
            document.definitions.flatMap((definition) =>
              definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition]] : [],
            ),
          ) as Record<string, FragmentDefinitionNode>;
          const { data, errors = [] } = response.body.singleResult;
          const variables = request.request.variables ?? {};
          for (const field of rootFields(operation, fragments)) {
            const key = field.alias?.value ?? field.name.value;
            const result = outcomeOf(errors.filter((error) => error.path?.[0] === key));
            const isMutation = operation.operation === 'mutation';
            if (selfAudited.has(field.name.value) || (!isMutation && result.outcome !== 'denied')) continue;
            await audit.recordAfter({
              actor: contextValue.principal,
              operation: field.name.value,
              targetIds: targetIdsOf(argumentsOf(schema, operation, field, variables), data?.[key]),
              ...result,
              origin: { ip: contextValue.clientIp, requestId: contextValue.requestId },
            });
          }
        },
      };
    },
  };
}
