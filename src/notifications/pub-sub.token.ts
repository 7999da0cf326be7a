/**
 * Injection token of the one `PubSubEngine`: Redis when REDIS_URL is set (every instance sees every
 * message), in-process otherwise. Inject it as `@Inject(PUB_SUB) pubSub: PubSubEngine`.
 */
export const PUB_SUB = Symbol('PUB_SUB');
