import type { IncomingMessage, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppError } from '../common/app-error.js';
import { requestIdOf } from '../common/request-id.js';
import type { AppConfig } from '../config/config.js';
import { clientIpOf } from '../http/client-ip.js';
import { WebhookIntakeService } from './webhook-intake.service.js';

/** Where hooks are called, outside the REST prefix. */
export const WEBHOOK_ROUTE_PREFIX = '/hooks';
const HOOK_CALL = /^\/hooks\/[^/?]+\/?(?:\?|$)/;

/** A request to `/hooks/<id>` once its body was read: the bytes as sent, for the signature. */
export type WebhookRequest = IncomingMessage & { body?: unknown };

/**
 * Reads the body of every call to `/hooks/<id>` as raw bytes, before the application's JSON
 * parser could turn it into an object: a signature covers the bytes as sent. Compressed bodies are
 * refused (the signature is over what the sender signed, not over what we would inflate). A body
 * over WEBHOOK_MAX_BODY_BYTES is refused with 413 before it is read, and audited as such. Call it
 * before configureHttp registers the JSON parser.
 */
export function mountWebhookBodyReader(app: INestApplication, config: AppConfig): void {
  const intake = app.get(WebhookIntakeService);
  const limit = config.webhooks.maxBodyBytes;
  const express = app as NestExpressApplication;
  express.useBodyParser('raw', {
    type: (req: IncomingMessage) => req.method === 'POST' && HOOK_CALL.test(req.url ?? ''),
    limit,
    inflate: false,
  });
  // An error handler (four parameters): the parser's refusal of a body over the limit.
  express.use(
    WEBHOOK_ROUTE_PREFIX,
    (error: unknown, req: IncomingMessage, _res: ServerResponse, next: (error?: unknown) => void) => {
      if ((error as { type?: unknown } | undefined)?.type !== 'entity.too.large') {
        next(error);
        return;
      }
      const refusal = AppError.payloadTooLarge(`The body is larger than this webhook takes: ${limit} bytes`);
      const webhookId = decodedOrAsIs((req.url ?? '').replace(/^\/+/, '').split(/[/?]/)[0] ?? '');
      const origin = { ip: clientIpOf(req, config.trustProxyHops), requestId: requestIdOf(req) };
      void intake.refused(webhookId, origin, 'too_large', refusal).finally(() => next(refusal));
    },
  );
}

function decodedOrAsIs(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
