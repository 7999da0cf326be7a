/**
 * Keeping an HTTP Task's credentials out of its error causes (docs/testing.md S16). Causes never quote
 * request headers, the query string or URL userinfo; but a failing server may echo a request back
 * in its error body, so the values below are also masked in any response text a cause quotes.
 */

import { isSensitiveName, REDACTED } from '../../../asl/tasks/sensitive-fields.js';

/** Shorter values are not masked: they would mangle the text without hiding anything worth hiding. */
const MIN_SECRET_LENGTH = 4;

/**
 * The strings to mask for one value: the value itself and, for `Scheme credentials` values such as
 * `Bearer abc…`, the credentials alone.
 */
export function secretForms(value: string): string[] {
  const forms = [value];
  const credentials = /^\S+\s+(\S.*)$/.exec(value)?.[1];
  if (credentials) forms.push(credentials);
  return forms.filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/** The secret strings under sensitive names anywhere in a JSON value (a request body). */
export function secretsInJson(value: unknown, sensitive = false): string[] {
  if (typeof value === 'string') return sensitive ? secretForms(value) : [];
  if (typeof value === 'number' || typeof value === 'boolean')
    return sensitive ? secretForms(String(value)) : [];
  if (Array.isArray(value)) return value.flatMap((item) => secretsInJson(item, sensitive));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, nested]) =>
      secretsInJson(nested, sensitive || isSensitiveName(key)),
    );
  }
  return [];
}

/**
 * Masks every secret in `text`, also as the server may have echoed it (URL-encoded, or escaped inside
 * a JSON string), longest first so that none is left half-masked.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const forms = secrets.flatMap((secret) => [
    secret,
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
  ]);
  return [...new Set(forms)]
    .sort((a, b) => b.length - a.length)
    .reduce((masked, secret) => masked.split(secret).join(REDACTED), text);
}
