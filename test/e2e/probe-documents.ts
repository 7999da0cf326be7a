/**
 * Typed documents for the probe app's test-only fields. They are not in schema.gql, so codegen
 * cannot type them; the types are written here by hand instead.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';

const typed = <TData, TVariables>(source: string) => parse(source) as TypedDocumentNode<TData, TVariables>;

export const FailWith = typed<{ failWith: boolean }, { code: string }>(
  'query FailWith($code: String!) { failWith(code: $code) }',
);
export const Crash = typed<{ crash: boolean }, Record<string, never>>('query Crash { crash }');
export const EchoJson = typed<{ echoJson: unknown }, { value: unknown }>(
  'query EchoJson($value: JSON!) { echoJson(value: $value) }',
);
export const EchoJsonLiteral = typed<{ echoJson: unknown }, { n: number }>(
  'query EchoJsonLiteral($n: Int!) { echoJson(value: { list: [1, 2.5, "x", true, null], nested: { n: $n } }) }',
);
export const EchoDateTime = typed<{ echoDateTime: string }, { at: string }>(
  'query EchoDateTime($at: DateTime!) { echoDateTime(at: $at) }',
);
export const Items = typed<
  {
    items: {
      totalCount: number;
      edges: { cursor: string; node: { n: number } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  },
  { first?: number; after?: string | null }
>(
  'query Items($first: Int, $after: String) { items(first: $first, after: $after) { totalCount edges { cursor node { n } } pageInfo { hasNextPage endCursor } } }',
);
export const UnknownField = typed<{ nope: boolean }, Record<string, never>>('query UnknownField { nope }');
export const Ticks = typed<{ ticks: { n: number; at: string; payload: unknown } }, { channel: string }>(
  'subscription Ticks($channel: String!) { ticks(channel: $channel) { n at payload } }',
);
export const Introspection = typed<{ __schema: { queryType: { name: string } } }, Record<string, never>>(
  'query Introspection { __schema { queryType { name } } }',
);
export const Misspelt = typed<{ echoJsn: unknown }, Record<string, never>>('query Misspelt { echoJsn }');
