// Builds the console (web/) into dist/web with Vite, unless the last build is newer than every file
// it was made from: `npm start` with nothing changed then costs a few file stats, not a bundle.
// `--force` builds anyway.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
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

const force = process.argv.includes('--force');
if (!force && builtAt() > Math.max(...inputs.map(newestChange))) {
  process.stdout.write('console: dist/web is up to date\n');
  process.exit(0);
}
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'web', 'vite.config.ts')], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
