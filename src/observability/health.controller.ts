import type { ServerResponse } from 'node:http';
import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '../authorization/access.decorators.js';
import { DependencyChecks } from './dependency.checks.js';
import { HEALTH_PATH } from './health.constants.js';

/**
 * `GET /health`: 200 when the database and the queue answer (`status: "degraded"` when only Redis
 * is down), 503 when either of them does not. The body always lists every dependency.
 */
@Controller(HEALTH_PATH)
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dependencies: DependencyChecks,
  ) {}

  /**
   * Writes the response itself instead of throwing Terminus's 503: an exception filter (the API's
   * problem+json one) would replace the body that says which dependency is down.
   */
  @Get()
  @HealthCheck()
  async check(@Res() res: ServerResponse): Promise<void> {
    const result = await this.result();
    res.statusCode = result.status === 'error' ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(JSON.stringify(result));
  }

  private async result(): Promise<HealthCheckResult> {
    try {
      return await this.health.check(this.dependencies.list().map(({ check }) => check));
    } catch (error) {
      if (error instanceof ServiceUnavailableException) return error.getResponse() as HealthCheckResult;
      throw error;
    }
  }
}
