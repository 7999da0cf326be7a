/** How deep arguments and results are searched for ids: `input.stateMachineId` is two levels down. */
const MAX_DEPTH = 3;
/** An id is short; anything longer is not recorded as one. */
const MAX_ID_LENGTH = 200;
/** Keys whose values are ids: `id`, `stateMachineId`, `executionId`… never a token or a key. */
const ID_KEY = /^(id|[a-z][A-Za-z]*Id)$/;
/** Most ids recorded for one act. */
const MAX_TARGETS = 20;

/**
 * The ids an act was about, taken from its arguments and its result (`{ id }`, `{ input: {
 * stateMachineId } }`, `{ apiKey: { id } }`): only values under id-named keys, so tokens, keys and
 * passwords can never end up in an audit row.
 */
export function targetIdsOf(...values: unknown[]): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, depth: number) => {
    if (depth > MAX_DEPTH || !value || typeof value !== 'object' || found.size >= MAX_TARGETS) return;
    for (const [key, nested] of Object.entries(value)) {
      if (ID_KEY.test(key) && typeof nested === 'string' && nested.length <= MAX_ID_LENGTH) found.add(nested);
      else if (!Array.isArray(nested)) visit(nested, depth + 1);
    }
  };
  for (const value of values) visit(value, 0);
  return [...found].slice(0, MAX_TARGETS);
}
