import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER, requestIdOf, type IdentifiedRequest } from '../../common/request-id.js';
import { AWS_JSON_CONTENT_TYPE, type AwsError } from './aws-error.js';

/** The header AWS sends its request id in; the SDK shows it as `$metadata.requestId`. */
export const AWS_REQUEST_ID_HEADER = 'x-amzn-RequestId';

/** Writes an answer of the AWS endpoint: JSON in AWS's media type, with the request id. */
export function sendAwsJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  const requestId = requestIdOf(req as IdentifiedRequest);
  const text = JSON.stringify(body ?? {});
  res.statusCode = status;
  res.setHeader('Content-Type', AWS_JSON_CONTENT_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader(AWS_REQUEST_ID_HEADER, requestId);
  res.setHeader(REQUEST_ID_HEADER, requestId);
  res.end(text);
}

/** Writes an AWS error: `{"__type", "message"}` with its status. */
export function sendAwsError(req: IncomingMessage, res: ServerResponse, error: AwsError): void {
  sendAwsJson(req, res, error.status, error.body());
}
