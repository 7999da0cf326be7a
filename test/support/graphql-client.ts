import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';

/** What one GraphQL request over HTTP answered. */
export interface GraphqlResult<TData> {
  readonly status: number;
  readonly headers: Headers;
  readonly data?: TData | null;
  readonly errors?: readonly GraphQLFormattedError[];
}

/** Variables are optional only for operations that declare none. */
export type VariablesOf<TVariables> =
  TVariables extends Record<string, never> ? [variables?: TVariables] : [variables: TVariables];

export interface GraphqlClientOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
}

/** A typed GraphQL client for e2e tests: POSTs generated documents to `${baseUrl}/graphql`. */
export interface GraphqlClient {
  request<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    ...variables: VariablesOf<TVariables>
  ): Promise<GraphqlResult<TData>>;
  /** The data of a request that must succeed; rejects with the errors otherwise. */
  expectData<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    ...variables: VariablesOf<TVariables>
  ): Promise<TData>;
}

export function createGraphqlClient(baseUrl: string, options: GraphqlClientOptions = {}): GraphqlClient {
  const request = async <TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    ...[variables]: VariablesOf<TVariables>
  ): Promise<GraphqlResult<TData>> => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(options.token && { authorization: `Bearer ${options.token}` }),
      },
      body: JSON.stringify({ query: print(document), variables }),
    });
    const body = (await response.json()) as { data?: TData | null; errors?: GraphQLFormattedError[] };
    return { status: response.status, headers: response.headers, data: body.data, errors: body.errors };
  };
  return {
    request,
    async expectData(document, ...variables) {
      const result = await request(document, ...variables);
      if (result.errors?.length || result.data == null) {
        throw new Error(`GraphQL request failed (HTTP ${result.status}): ${JSON.stringify(result.errors)}`);
      }
      return result.data;
    },
  };
}
