// Builds the console (web/) into dist/web with Vite, unless the last build is newer than every file
// it was made from: `npm start` with nothing changed then costs a few file stats, not a bundle.
// `--force` builds anyway. Builds take turns (a lock file): Vite empties dist/web first, so a second
// build at the same moment (test files running side by side, two terminals) would pull the files
// from under the first one's service.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { withFileLock } from './file-lock.mjs';

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

const force = process.argv.includes('--force');
const status = withFileLock(join(root, 'dist', '.web-build.lock'), () => {
  if (!force && builtAt() > Math.max(...inputs.map(newestChange))) {
    process.stdout.write('console: dist/web is up to date\n');
    return 0;
  }
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const config = join(root, 'web', 'vite.config.ts');
  return spawnSync(process.execPath, [vite, 'build', '--config', config], { cwd: root, stdio: 'inherit' })
    .status;
});
process.exit(status ?? 1);
