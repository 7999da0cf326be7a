import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/** Deepest selection accepted; the API's own deepest useful query is about 7 levels. */
export const MAX_QUERY_DEPTH = 12;
/** Highest cost (graphql-armor: 2 per object, 1 per scalar, × 1.5 per level) accepted. */
export const MAX_QUERY_COST = 5000;
/** Most aliases accepted in one document. */
export const MAX_ALIASES = 15;
/** Most directives accepted in one document. */
export const MAX_DIRECTIVES = 20;
/** Most lexical tokens accepted: parsing stops there. Large values belong in variables. */
export const MAX_TOKENS = 5000;

/** Mutations that may appear once per document and never under an alias: each is one sign-in attempt. */
export const SINGLE_USE_MUTATIONS: ReadonlySet<string> = new Set(['login', 'refreshToken']);

/** The message graphql-js adds to "unknown field" errors, which would map the schema for a stranger. */
const SUGGESTION = / ?Did you mean .+\?$/;

function reportTo(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(
    new GraphQLError(error.message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
  );
}

/** Counts each single-use mutation field, through fragments, and notes any alias on one. */
function visitSingleUse(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  seen: Set<string>,
  found: { counts: Map<string, number>; aliased: Set<string> },
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (!SINGLE_USE_MUTATIONS.has(name)) continue;
      found.counts.set(name, (found.counts.get(name) ?? 0) + 1);
      if (selection.alias) found.aliased.add(name);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      visitSingleUse(selection.selectionSet, fragments, seen, found);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) visitSingleUse(fragment.selectionSet, fragments, seen, found);
    }
  }
}

/**
 * `login` and `refreshToken` may not be aliased or repeated: otherwise one HTTP request could carry
 * a thousand password guesses past a per-request rate limit (docs/testing.md S2).
 */
export const singleUseMutationsRule: ValidationRule = (context): ASTVisitor => ({
  OperationDefinition(operation) {
    if (operation.operation !== 'mutation') return;
    const fragments = new Map(
      context
        .getDocument()
        .definitions.flatMap((definition) =>
          definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [],
        ),
    );
    const found = { counts: new Map<string, number>(), aliased: new Set<string>() };
    visitSingleUse(operation.selectionSet, fragments, new Set(), found);
    for (const name of found.aliased) reportTo(context, new GraphQLError(`${name} may not be aliased`));
    for (const [name, count] of found.counts) {
      if (count > 1) reportTo(context, new GraphQLError(`${name} may appear only once per request`));
    }
  },
});

/**
 * The validation rules that bound what one document may ask for, over HTTP and graphql-ws alike:
 * graphql-armor's depth, cost, alias and directive limits, and {@link singleUseMutationsRule}. The
 * token limit is graphql-js's own parse option ({@link MAX_TOKENS}); suggestions are masked by the
 * error formatting.
 */
export function graphqlLimitRules(): ValidationRule[] {
  const { validationRules } = new ApolloArmor({
    maxDepth: { n: MAX_QUERY_DEPTH },
    costLimit: { maxCost: MAX_QUERY_COST },
    maxAliases: { n: MAX_ALIASES },
    maxDirectives: { n: MAX_DIRECTIVES },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return [...(validationRules as ValidationRule[]), singleUseMutationsRule];
}

/** A message without graphql-js's "Did you mean …?", which lists field names of the schema. */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}
