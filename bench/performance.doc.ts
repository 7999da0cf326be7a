/**
 * docs/performance.md is written by two parts of the bench: the engine's report and the live
 * subscriptions' section. Each run rewrites only the parts it measured and keeps the others.
 */
const SUBSCRIPTIONS_START = '<!-- subscriptions bench: start -->';
const SUBSCRIPTIONS_END = '<!-- subscriptions bench: end -->';

/** The document with `engine` (the engine report) and `subscriptions` (its section) replaced where given. */
export function mergePerformanceDoc(
  existing: string | undefined,
  parts: { readonly engine?: string; readonly subscriptions?: string },
): string {
  const text = existing ?? '';
  const start = text.indexOf(SUBSCRIPTIONS_START);
  const end = text.indexOf(SUBSCRIPTIONS_END);
  const hasSection = start >= 0 && end > start;
  const oldEngine = hasSection ? text.slice(0, start) + text.slice(end + SUBSCRIPTIONS_END.length) : text;
  const oldSubscriptions = hasSection ? text.slice(start + SUBSCRIPTIONS_START.length, end) : '';
  const engine = (parts.engine ?? oldEngine).trimEnd();
  const subscriptions = (parts.subscriptions ?? oldSubscriptions).trim();
  const section = subscriptions ? `\n\n${SUBSCRIPTIONS_START}\n${subscriptions}\n${SUBSCRIPTIONS_END}` : '';
  return `${engine}${section}\n`.trimStart();
}
