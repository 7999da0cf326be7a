// Builds the console (web/) into dist/web with Vite, unless the last build is newer than every file
// it was made from: `npm start` with nothing changed then costs a few file stats, not a bundle.
// `--force` builds anyway. Builds take turns (a lock file): Vite empties dist/web first, so a second
// build at the same moment (test files running side by side, two terminals) would pull the files
// from under the first one's service.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = join(root, 'dist', 'web', 'index.html');
/** What a build reads: the console's sources and config, and the installed versions of its libraries. */
const inputs = [join(root, 'web'), join(root, 'package-lock.json')];

function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

function builtAt() {
  try {
    return statSync(output).mtimeMs;
  } catch {
    return -Infinity;
  }
}

const lock = join(root, 'dist', '.web-build.lock');

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Whether the lock's holder is gone: its process has exited, or it died before writing its pid. */
function isStale() {
  try {
    const holder = Number.parseInt(readFileSync(lock, 'utf8'), 10);
    if (Number.isInteger(holder)) return !isAlive(holder);
    return Date.now() - statSync(lock).mtimeMs > 10_000;
  } catch (error) {
    if (error.code === 'ENOENT') return false;
    throw error;
  }
}

/** Waits for a build in progress, then takes the lock; a lock left by a killed build is taken over. */
function takeLock() {
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    if (isStale()) rmSync(lock, { force: true });
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
}

const force = process.argv.includes('--force');
takeLock();
let status = 0;
try {
  if (!force && builtAt() > Math.max(...inputs.map(newestChange))) {
    process.stdout.write('console: dist/web is up to date\n');
  } else {
    const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    const config = join(root, 'web', 'vite.config.ts');
    status =
      spawnSync(process.execPath, [vite, 'build', '--config', config], { cwd: root, stdio: 'inherit' })
        .status ?? 1;
  }
} finally {
  rmSync(lock, { force: true });
}
process.exit(status);
