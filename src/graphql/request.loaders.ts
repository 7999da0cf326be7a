import DataLoader from 'dataloader';

/** Batches a list of keys into one read; returns one value per key, in the keys' order. */
export type BatchRead<TKey, TValue> = (keys: readonly TKey[]) => Promise<readonly TValue[]>;

const loadersByRequest = new WeakMap<object, Map<BatchRead<never, unknown>, DataLoader<unknown, unknown>>>();

/**
 * The one home of per-request batching: the loader of `read` for this operation (its GraphQL
 * context), so that a field resolved for each node of a page costs one query for the page. Loaders
 * batch but do not cache: over graphql-ws one context serves every event of a subscription, and a
 * cached value would go stale.
 */
export function requestLoader<TKey, TValue>(
  context: object,
  read: BatchRead<TKey, TValue>,
): DataLoader<TKey, TValue> {
  let loaders = loadersByRequest.get(context);
  if (!loaders) {
    loaders = new Map();
    loadersByRequest.set(context, loaders);
  }
  let loader = loaders.get(read as BatchRead<never, unknown>);
  if (!loader) {
    loader = new DataLoader<TKey, TValue>(read, { cache: false }) as DataLoader<unknown, unknown>;
    loaders.set(read as BatchRead<never, unknown>, loader);
  }
  return loader as DataLoader<TKey, TValue>;
}
