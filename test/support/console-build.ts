import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Builds the web console into dist/web, as `npm run build` does, unless it is up to date
 * (scripts/build-web.mjs decides). Tests of the console call it before booting the app, which
 * reads the build at boot.
 */
export function buildConsole(): void {
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'build-web.mjs')], {
    stdio: 'pipe',
  });
}
