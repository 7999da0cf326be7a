import type { IncomingMessage, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { REQUEST_BODY_LIMIT_BYTES } from '../../http/http.setup.js';
import { AwsError, AwsErrorCode } from './aws-error.js';
import { sendAwsError } from './aws-response.js';

/** Whether a request is a call of the AWS endpoint: `POST /` (the console keeps GET and HEAD). */
export function isAwsCall(req: IncomingMessage): boolean {
  return req.method === 'POST' && (req.url ?? '').split('?', 1)[0] === '/';
}

/**
 * Reads the body of every `POST /` as raw bytes, whatever its content type, before the
 * application's JSON parser could turn it into an object: a Signature Version 4 covers the bytes
 * as sent, and the controller parses them itself. A body over the API's limit, or one the parser
 * cannot read, is answered as AWS answers it. Call it before configureHttp registers the JSON parser.
 */
export function mountAwsBodyReader(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('raw', { type: isAwsCall, limit: REQUEST_BODY_LIMIT_BYTES, inflate: false });
  // An error handler (four parameters): the parser's refusals, only for calls of this endpoint.
  express.use(
    (error: unknown, req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
      if (!isAwsCall(req)) {
        next(error);
        return;
      }
      const type = (error as { type?: unknown } | undefined)?.type;
      sendAwsError(
        req,
        res,
        type === 'entity.too.large'
          ? new AwsError(
              AwsErrorCode.ValidationException,
              `The request body is larger than ${REQUEST_BODY_LIMIT_BYTES} bytes`,
              413,
            )
          : new AwsError(AwsErrorCode.SerializationException, 'The request body could not be read'),
      );
    },
  );
}
