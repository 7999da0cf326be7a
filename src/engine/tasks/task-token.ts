import { randomBytes } from 'node:crypto';

/** Random bytes in a task token: unguessable, so a token is its own proof of having been handed out. */
const TASK_TOKEN_BYTES = 32;
const TASK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh task token: 32 random bytes, base64url (43 characters). */
export function newTaskToken(): string {
  return randomBytes(TASK_TOKEN_BYTES).toString('base64url');
}

/** Whether `value` has the form of a task token (checked before any query). */
export function isTaskToken(value: string): boolean {
  return TASK_TOKEN_PATTERN.test(value);
}
