import { isObjectType, type GraphQLFieldConfig, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, deny, rule, shield, type IRules } from 'graphql-shield';
import { AppError } from '../common/app-error.js';
import type { GraphqlContext } from '../graphql/graphql.context.js';
import { accessDenial } from './access.check.js';
import {
  GRAPHQL_FIELD_ACCESS,
  GRAPHQL_NESTED_FIELD_ACCESS,
  type FieldAccess,
  type RootTypeName,
} from './graphql-field.permissions.js';

const ROOT_TYPES: readonly RootTypeName[] = ['Query', 'Mutation', 'Subscription'];

function schemaRoot(schema: GraphQLSchema, typeName: RootTypeName) {
  if (typeName === 'Query') return schema.getQueryType();
  return typeName === 'Mutation' ? schema.getMutationType() : schema.getSubscriptionType();
}

/**
 * A shield rule for one access level. Never cached: over a socket the same context serves every
 * event of a subscription, and each must be checked with the principal as it is then.
 */
function accessRule(access: FieldAccess) {
  return rule({ cache: 'no_cache' })(
    (_parent, _args, ctx: GraphqlContext) => accessDenial(access, ctx.principal) ?? true,
  );
}

/**
 * The shield rule tree: every root field from {@link GRAPHQL_FIELD_ACCESS}, and `'*': allow` on every
 * other object type, since access is decided at the root field, but for the fields of
 * {@link GRAPHQL_NESTED_FIELD_ACCESS}.
 */
export function permissionRules(schema: GraphQLSchema): IRules {
  const rules: Record<string, Record<string, ReturnType<typeof accessRule>>> = {};
  for (const typeName of ROOT_TYPES) {
    // Shield refuses rules for fields the schema lacks (a partial app, a field not built yet).
    const fields = schemaRoot(schema, typeName)?.getFields();
    if (!fields) continue;
    rules[typeName] = Object.fromEntries(
      Object.entries(GRAPHQL_FIELD_ACCESS[typeName])
        .filter(([field]) => field in fields)
        .map(([field, access]) => [field, accessRule(access)]),
    );
  }
  const rootNames = new Set<string>(ROOT_TYPES);
  const objectTypes = Object.values(schema.getTypeMap()).filter(
    (type) => isObjectType(type) && !type.name.startsWith('__') && !rootNames.has(type.name),
  );
  return {
    ...rules,
    ...Object.fromEntries(
      objectTypes.map((type) => [
        type.name,
        {
          '*': allow,
          ...Object.fromEntries(
            Object.entries(GRAPHQL_NESTED_FIELD_ACCESS[type.name] ?? {}).map(([field, access]) => [
              field,
              accessRule(access),
            ]),
          ),
        },
      ]),
    ),
  } as IRules;
}

/**
 * graphql-middleware wraps a subscription field's `resolve` (each event) when it has one, else its
 * `subscribe`: never both. The subscribe step is guarded here as well, so that nobody can open a
 * subscription they may not read, whichever way the field was written.
 */
function guardSubscribe(schema: GraphQLSchema): GraphQLSchema {
  const fields = schema.getSubscriptionType()?.getFields() ?? {};
  for (const [name, field] of Object.entries(fields)) {
    const subscribe = field.subscribe as GraphQLFieldConfig<unknown, GraphqlContext>['subscribe'];
    if (!subscribe) continue;
    const access = GRAPHQL_FIELD_ACCESS.Subscription[name];
    field.subscribe = (parent, args, ctx: GraphqlContext, info) => {
      const denial = access ? accessDenial(access, ctx.principal) : AppError.forbidden();
      if (denial) throw denial;
      return subscribe(parent, args, ctx, info);
    };
  }
  return schema;
}

/**
 * Puts graphql-shield on the schema: deny by default with FORBIDDEN, AppErrors from resolvers passed
 * through with their codes (`allowExternalErrors`). The one schema serves HTTP and graphql-ws.
 */
export function protectSchema(schema: GraphQLSchema): GraphQLSchema {
  const permissions = shield(permissionRules(schema), {
    fallbackRule: deny,
    fallbackError: () => AppError.forbidden('No permission is defined for this field'),
    allowExternalErrors: true,
    debug: false,
  });
  return guardSubscribe(applyMiddleware(schema, permissions));
}
