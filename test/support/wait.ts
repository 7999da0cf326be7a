export interface WaitOptions {
  /** Fails after this long. */
  readonly timeoutMs?: number;
  /** Pause between two probes. */
  readonly intervalMs?: number;
  /** Named in the timeout error. */
  readonly what?: string;
}

/**
 * Probes until `probe` returns something other than undefined (a thrown error counts as not yet),
 * then returns it; fails with the last error once the deadline has passed.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 10_000, intervalMs = 50, what = 'condition' }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
