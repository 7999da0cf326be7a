import {
  createSourceEventStream,
  execute,
  Kind,
  visit,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type OperationDefinitionNode,
} from 'graphql';

type ResultOrPromise = ExecutionResult | Promise<ExecutionResult>;

/**
 * What a subscriber's results may depend on besides the event, the operation and its variables:
 * callers with the same key must get the same result for the same event (the authorization layer
 * keys by role, since field access depends on the role alone). Undefined: the results of this
 * caller are never shared.
 */
export type ResultAccessKey = (contextValue: unknown) => string | undefined;

/** graphql-ws's `subscribe` option. */
export type SubscribeFunction = (
  args: ExecutionArgs,
) => Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult>;

/**
 * graphql-js's `subscribe`, except that an event is executed once for all the subscribers that
 * would get the same result, instead of once per subscriber. With a thousand subscribers on one
 * execution, each event was executed (fields resolved, graphql-shield and Apollo's instrumentation
 * run, scalars serialized) a thousand times over for one and the same answer.
 *
 * A result is shared between subscriptions that received the same event object (the feeds hand
 * every subscriber of a read the same objects, see ExecutionReads), with the same document text,
 * operation name, values of the variables used below the root field, and access key. The root
 * field's own arguments are left out: they choose the stream (which execution, after which seq),
 * while every subscription field resolves an event to the event itself. A result with errors is
 * not kept, so that each subscriber meets a failure on its own execution.
 */
export function sharedResultsSubscribe(accessKey: ResultAccessKey): SubscribeFunction {
  // Dropped with the event object, once every subscriber has been handed it.
  const results = new WeakMap<object, Map<string, ResultOrPromise>>();

  const executeShared = (args: ExecutionArgs, key: string, payload: unknown): ResultOrPromise => {
    if (typeof payload !== 'object' || payload === null) return execute({ ...args, rootValue: payload });
    let byKey = results.get(payload);
    if (!byKey) results.set(payload, (byKey = new Map()));
    const shared = byKey.get(key);
    if (shared) return shared;
    const result = execute({ ...args, rootValue: payload });
    byKey.set(key, result);
    // Settled, the result is kept as a value: later subscribers then wait for nothing.
    const keep = (settled: ExecutionResult) => {
      if (settled.errors) byKey.delete(key);
      else byKey.set(key, settled);
    };
    if (result instanceof Promise) result.then(keep, () => byKey.delete(key));
    else keep(result);
    return result;
  };

  return async (args) => {
    const stream = await createSourceEventStream(args);
    if (!isAsyncIterable(stream)) return stream;
    const key = sharingKey(args, accessKey(args.contextValue));
    return new MappedEvents(
      stream[Symbol.asyncIterator](),
      key === undefined
        ? (payload) => execute({ ...args, rootValue: payload })
        : (payload) => executeShared(args, key, payload),
    );
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/**
 * The key of a subscription's results, or undefined when they cannot be shared (no access key,
 * no document text).
 */
export function sharingKey(args: ExecutionArgs, access: string | undefined): string | undefined {
  const text = args.document.loc?.source.body;
  if (access === undefined || text === undefined) return undefined;
  const variables = selectionVariables(args.document, args.operationName ?? undefined).map(
    (name) => args.variableValues?.[name] ?? null,
  );
  return JSON.stringify([access, args.operationName ?? null, text, variables]);
}

/**
 * The variables that a result may depend on: those used anywhere in the document but in the
 * arguments of the operation's root fields, sorted.
 */
export function selectionVariables(document: DocumentNode, operationName: string | undefined): string[] {
  const names = new Set<string>();
  const collect = { Variable: (node: { name: { value: string } }) => void names.add(node.name.value) };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) visit(definition, collect);
    if (definition.kind !== Kind.OPERATION_DEFINITION || !isOperation(definition, operationName)) continue;
    for (const selection of definition.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) visit(selection, collect);
      else {
        for (const directive of selection.directives ?? []) visit(directive, collect);
        if (selection.selectionSet) visit(selection.selectionSet, collect);
      }
    }
  }
  return [...names].sort();
}

function isOperation(definition: OperationDefinitionNode, operationName: string | undefined): boolean {
  return operationName === undefined || definition.name?.value === operationName;
}

/**
 * A subscription's events mapped to their results, as graphql-js's own mapping does (a failing
 * mapping closes the source and rethrows), with one promise less per event.
 */
class MappedEvents implements AsyncIterableIterator<ExecutionResult> {
  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly map: (payload: unknown) => ResultOrPromise,
  ) {}

  next(): Promise<IteratorResult<ExecutionResult>> {
    return this.source.next().then((step) => this.mapped(step));
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    return this.mapped(this.source.return ? await this.source.return() : { done: true, value: undefined });
  }

  async throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    if (this.source.throw) return this.mapped(await this.source.throw(error));
    return this.failed(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private mapped(
    step: IteratorResult<unknown>,
  ): IteratorResult<ExecutionResult> | Promise<IteratorResult<ExecutionResult>> {
    if (step.done) return step;
    let result: ResultOrPromise;
    try {
      result = this.map(step.value);
    } catch (error) {
      return this.failed(error);
    }
    if (!(result instanceof Promise)) return { done: false, value: result };
    return result.then(
      (value) => ({ done: false, value }),
      (error: unknown) => this.failed(error),
    );
  }

  private async failed(error: unknown): Promise<never> {
    await this.closeSource();
    throw error;
  }

  private async closeSource(): Promise<void> {
    try {
      await this.source.return?.();
    } catch {
      // The mapping's own error is the one to report.
    }
  }
}
