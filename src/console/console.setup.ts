import type { IncomingMessage, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import { CONSOLE_BUILD_DIR, readConsoleBuild, type ConsoleFile } from './console.build.js';
import { CONSOLE_SECURITY_HEADERS, isConsolePage, securityHeadersFor } from './console.routes.js';

const NOT_BUILT = 'The console is not built: run `npm run build` (npm start does), then restart.\n';

/**
 * Serves the web console (web/, built into dist/web) from this process: its pages at their routes
 * (console.routes.ts), its hashed assets under /assets/. Everything else goes on to Nest.
 */
export function serveConsole(app: INestApplication): void {
  const build = readConsoleBuild(join(process.cwd(), CONSOLE_BUILD_DIR));
  app.use((request: IncomingMessage, response: ServerResponse, next: () => void) => {
    const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
    const asset = request.method === 'GET' || request.method === 'HEAD' ? build.assets.get(path) : undefined;
    if (asset)
      return send(request, response, asset, 'public, max-age=31536000, immutable', CONSOLE_SECURITY_HEADERS);
    if (!isConsolePage(request.method, path)) return next();
    if (build.index) return send(request, response, build.index, 'no-cache', securityHeadersFor(path));
    sendNotBuilt(response, securityHeadersFor(path));
  });
}

function send(
  request: IncomingMessage,
  response: ServerResponse,
  file: ConsoleFile,
  cacheControl: string,
  securityHeaders: Readonly<Record<string, string>>,
): void {
  response.writeHead(200, {
    ...securityHeaders,
    'Content-Type': file.contentType,
    'Content-Length': file.body.length,
    'Cache-Control': cacheControl,
  });
  response.end(request.method === 'HEAD' ? undefined : file.body);
}

function sendNotBuilt(response: ServerResponse, securityHeaders: Readonly<Record<string, string>>): void {
  response.writeHead(503, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(NOT_BUILT);
}
