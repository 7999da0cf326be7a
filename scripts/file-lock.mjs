// An exclusive lock between processes, as a file holding the holder's pid: builds that write one
// shared folder (dist/web, the tests' service build) take turns through it. A lock left by a
// process that died is taken over.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import process from 'node:process';

/** A lock file still empty this long after it was made belongs to a process that died making it. */
const UNWRITTEN_LOCK_MS = 10_000;
const RETRY_MS = 200;

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function isStale(lock) {
  try {
    const holder = Number.parseInt(readFileSync(lock, 'utf8'), 10);
    if (Number.isInteger(holder)) return !isAlive(holder);
    return Date.now() - statSync(lock).mtimeMs > UNWRITTEN_LOCK_MS;
  } catch (error) {
    if (error.code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Runs `action` (synchronous) while holding the lock file `lock`, after waiting, blocked, for
 * whichever process holds it now; returns what `action` returns.
 */
export function withFileLock(lock, action) {
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    if (isStale(lock)) rmSync(lock, { force: true });
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RETRY_MS);
  }
  try {
    return action();
  } finally {
    rmSync(lock, { force: true });
  }
}
