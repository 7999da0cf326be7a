import type { ServerResponse } from 'node:http';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../authorization/access.decorators.js';
import { MetricsRegistry } from './metrics.registry.js';

/** Path of the metrics endpoint, outside the `/api/v1` prefix like `/health`. */
export const METRICS_PATH = 'metrics';

/**
 * `GET /metrics`: Prometheus's text format, for a scraper on the operator's network. Public like
 * `/health`: it carries counts labelled at most by state machine names (a bounded number) and
 * route templates, never an execution id, input or secret (docs/monitoring.md).
 */
@Controller(METRICS_PATH)
@ApiExcludeController()
@Public()
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get()
  async scrape(@Res() res: ServerResponse): Promise<void> {
    const { contentType, body } = await this.metrics.scrape();
    res.setHeader('Content-Type', contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.end(body);
  }
}
