import { existsSync } from 'node:fs';
import type { WorkerOptions } from 'node:worker_threads';

/**
 * Where a worker thread's entry module `name` (next to the module whose `import.meta.url` is
 * `base`) starts from. Built (`node dist/src/main.js`), the compiled `.js` sits there. Run from
 * source (`--import ./scripts/typescript-loader.mjs`, or Jest, whose own transform does not reach
 * worker threads), only the `.ts` does: the worker then loads it through the repository's
 * TypeScript loader.
 */
export function workerEntry(base: string, name: string): { url: URL; options: WorkerOptions } {
  const compiled = new URL(`./${name}.js`, base);
  if (existsSync(compiled)) return { url: compiled, options: {} };
  const loader = new URL('../../scripts/typescript-loader.mjs', import.meta.url);
  return { url: new URL(`./${name}.ts`, base), options: { execArgv: ['--import', loader.href] } };
}
