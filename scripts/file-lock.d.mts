/** See file-lock.mjs. */
export function withFileLock<T>(lock: string, action: () => T): T;
