/**
 * The application's prom-client `Registry` behind `/metrics`, provided by the global metrics module:
 * for folders that count into it but sit below src/observability (GraphQL, HTTP).
 */
export const PROMETHEUS_REGISTRY = Symbol('PROMETHEUS_REGISTRY');
