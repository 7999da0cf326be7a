import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DependencyChecks } from './dependency.checks.js';
import { MetricsRegistry } from './metrics.registry.js';

/**
 * `stepgraph_dependency_up{dependency}` on `/metrics`: the checks of `/health`, run at scrape time,
 * 1 when the dependency answers and 0 when it is down (Redis: degraded). For alerts that must fire
 * while the process itself still answers.
 */
@Injectable()
export class DependencyMetrics {
  constructor(metrics: MetricsRegistry, dependencies: DependencyChecks) {
    new Gauge({
      name: 'stepgraph_dependency_up',
      help: 'Whether each dependency answered its health check at scrape time (1) or not (0): database, queue, redis (when REDIS_URL is set)',
      labelNames: ['dependency'] as const,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        const answers = await Promise.all(
          dependencies.list().map(async ({ name, check }) => {
            const up = await Promise.resolve(check()).then(
              (result) => result[name]?.status === 'up',
              () => false,
            );
            return { name, up };
          }),
        );
        for (const { name, up } of answers) this.set({ dependency: name }, up ? 1 : 0);
      },
    });
  }
}
