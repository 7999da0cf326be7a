import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '../observability/metrics.registry.js';
import { WEBHOOK_CALL_OUTCOMES, type WebhookCallOutcome } from './webhook-call.js';

/** `stepgraph_webhook_calls_total{outcome}` on the application's `/metrics`. */
@Injectable()
export class WebhookCallMetrics {
  private readonly calls: Counter<'outcome'>;

  constructor(metrics: MetricsRegistry) {
    this.calls = new Counter({
      name: 'stepgraph_webhook_calls_total',
      help: 'Calls to /hooks/<id> this process answered, by what they came to',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
    // Every outcome from the start, so that a rate over a quiet one reads 0, not nothing.
    for (const outcome of WEBHOOK_CALL_OUTCOMES) this.calls.inc({ outcome }, 0);
  }

  counted(outcome: WebhookCallOutcome): void {
    this.calls.inc({ outcome });
  }
}
