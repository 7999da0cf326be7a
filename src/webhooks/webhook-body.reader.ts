import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { AppError } from '../common/app-error.js';
import { requestIdOf } from '../common/request-id.js';
import type { AppConfig } from '../config/config.js';
import { clientIpOf } from '../http/client-ip.js';
import { WebhookIntakeService } from './webhook-intake.service.js';

/** Where hooks are called, outside the REST prefix. */
export const WEBHOOK_ROUTE_PREFIX = '/hooks';

/** A request to `/hooks/<id>` once its body was read: the bytes as sent, for the signature. */
export type WebhookRequest = Request & { body?: unknown };

/**
 * Reads the body of every call to `/hooks/...` as raw bytes, before the application's JSON parser
 * could turn it into an object: a signature covers the bytes as sent. Compressed bodies are refused
 * (the signature is over what the sender signed, not over what we would inflate). A body over
 * WEBHOOK_MAX_BODY_BYTES is refused with 413 before it is read, and audited as such.
 */
export function mountWebhookBodyReader(app: INestApplication, config: AppConfig): void {
  const intake = app.get(WebhookIntakeService);
  const limit = config.webhooks.maxBodyBytes;
  const raw = express.raw({ type: () => true, limit, inflate: false });
  const reader: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    raw(req, res, (error?: unknown) => {
      if ((error as { type?: unknown } | undefined)?.type !== 'entity.too.large') {
        next(error);
        return;
      }
      const refusal = AppError.payloadTooLarge(`The body is larger than this service takes: ${limit} bytes`);
      const webhookId = decodeURIComponent(req.path.replace(/^\/+/, '').split('/')[0] ?? '');
      const origin = { ip: clientIpOf(req, config.trustProxyHops), requestId: requestIdOf(req) };
      void intake.refused(webhookId, origin, 'too_large', refusal).finally(() => next(refusal));
    });
  };
  app.use(WEBHOOK_ROUTE_PREFIX, reader);
}
