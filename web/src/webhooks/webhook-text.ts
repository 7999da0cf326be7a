import type { WebhookSignature } from '../generated/graphql';

/** A hook's URL as a sender needs it: the server gives a path unless PUBLIC_URL is configured. */
export function absoluteHookUrl(url: string, origin: string): string {
  return /^https?:\/\//.test(url) ? url : `${origin}${url}`;
}

/** The longest overlap the server takes: a week (src/webhooks/webhook.rules.ts). */
export const MAX_OVERLAP_HOURS = 7 * 24;

/** Hours typed in the rotate form as seconds, or why they cannot be. */
export function overlapSecondsOf(
  hours: string,
): { readonly ok: true; readonly seconds: number } | { readonly ok: false; readonly message: string } {
  const value = Number(hours.trim());
  if (hours.trim() === '' || !Number.isFinite(value) || value < 0 || value > MAX_OVERLAP_HOURS)
    return { ok: false, message: `The overlap must be 0 to ${MAX_OVERLAP_HOURS} hours` };
  return { ok: true, seconds: Math.round(value * 3600) };
}

/**
 * A shell snippet that signs and sends a test call as the hook's scheme requires (docs/triggers.md);
 * the secret is read from `$SECRET`, never written into the page.
 */
export function signedCurlExample(url: string, scheme: WebhookSignature): string {
  const body = `BODY='{"hello":"world"}'`;
  if (scheme === 'GITHUB') {
    return [
      body,
      `SIG=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.* //')`,
      `curl -X POST '${url}' -H 'content-type: application/json' \\`,
      `  -H "X-Hub-Signature-256: sha256=$SIG" --data "$BODY"`,
    ].join('\n');
  }
  return [
    body,
    'T=$(date +%s)',
    `SIG=$(printf '%s.%s' "$T" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.* //')`,
    `curl -X POST '${url}' -H 'content-type: application/json' \\`,
    `  -H "Stepgraph-Signature: t=$T,v1=$SIG" --data "$BODY"`,
  ].join('\n');
}
