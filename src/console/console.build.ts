import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ASSETS_PREFIX } from './console.routes.js';

/** Where `npm run build` puts the console (web/vite.config.ts), relative to the working directory. */
export const CONSOLE_BUILD_DIR = join('dist', 'web');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  // Monaco's icon font (GraphiQL's editor).
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.map': 'application/json',
};

export interface ConsoleFile {
  readonly body: Buffer;
  readonly contentType: string;
}

/** The built console, read once at boot: a handful of files, served from memory. */
export interface ConsoleBuild {
  readonly index: ConsoleFile | undefined;
  /** By URL path, e.g. `/assets/index-abc123.js`. */
  readonly assets: ReadonlyMap<string, ConsoleFile>;
}

/** Reads the build in `dir`; an absent build is empty (the pages then say how to build it). */
export function readConsoleBuild(dir: string): ConsoleBuild {
  let index: ConsoleFile | undefined;
  try {
    index = { body: readFileSync(join(dir, 'index.html')), contentType: 'text/html; charset=utf-8' };
  } catch {
    return { index: undefined, assets: new Map() };
  }
  const assets = new Map<string, ConsoleFile>();
  const assetsDir = join(dir, ASSETS_PREFIX);
  let names: string[] = [];
  try {
    names = readdirSync(assetsDir);
  } catch {
    names = [];
  }
  for (const name of names) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType)
      assets.set(`${ASSETS_PREFIX}${name}`, { body: readFileSync(join(assetsDir, name)), contentType });
  }
  return { index, assets };
}
