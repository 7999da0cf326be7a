import type { OutboundResponse } from './http-task.transport.js';

/** `application/json`, `application/problem+json`, `text/json; charset=utf-8`… */
const JSON_MEDIA_TYPE = /^(application|text)\/([\w.+-]+\+)?json\s*(;|$)/i;

/**
 * The `ResponseBody` of an HTTP Task result: the parsed value when the response declares JSON and
 * parses as JSON, else the text (UTF-8). `text` replaces the body's own text, e.g. a redacted copy.
 */
export function responseBodyValue(
  response: OutboundResponse,
  text = response.body.toString('utf8'),
): unknown {
  const contentType = response.headers['content-type']?.[0] ?? '';
  if (!JSON_MEDIA_TYPE.test(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
