import type { IncomingMessage, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { Histogram, type Registry } from 'prom-client';
import { PROMETHEUS_REGISTRY } from '../common/metrics-registry.token.js';

const MS_PER_SECOND = 1000;

/** Methods that keep their name as a label; anything else a client sends is `OTHER`. */
const LABELLED_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The `route` of requests that no route of the application matched: web console files and
 * unknown paths. Their paths are not labels: a scanner would make a series of each.
 */
export const UNROUTED = 'other';

/** What Express leaves on a request it routed: the template of the route that answered. */
interface RoutedRequest extends IncomingMessage {
  readonly route?: { readonly path?: unknown };
}

/**
 * The route template that answered (`/api/v1/executions/:id`, `/graphql`), never the URL itself.
 * Nest registers each route with its whole path, prefix included.
 */
function routeOf(req: RoutedRequest): string {
  const template = req.route?.path;
  return typeof template === 'string' ? template : UNROUTED;
}

/**
 * Times every HTTP answer into `stepgraph_http_request_duration_seconds{method,route,status_class}`:
 * installed first, so that answers of the body readers (413) and the guards (401, 403) count too.
 * Requests the client abandoned before the answer are not counted.
 */
export function mountHttpMetrics(app: INestApplication): void {
  const requests = new Histogram({
    name: 'stepgraph_http_request_duration_seconds',
    help: 'HTTP requests this process answered (REST, GraphQL over HTTP, the AWS endpoint, webhooks, health), by method, route template and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [app.get<Registry>(PROMETHEUS_REGISTRY)],
  });
  app.use((req: RoutedRequest, res: ServerResponse, next: () => void) => {
    const began = performance.now();
    res.once('finish', () => {
      const method = req.method !== undefined && LABELLED_METHODS.has(req.method) ? req.method : 'OTHER';
      const labels = { method, route: routeOf(req), status_class: `${Math.floor(res.statusCode / 100)}xx` };
      requests.observe(labels, (performance.now() - began) / MS_PER_SECOND);
    });
    next();
  });
}
