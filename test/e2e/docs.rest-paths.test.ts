/**
 * Every REST path the documents write (`/api/v1/...`, with its method when one is written before it)
 * is one the service serves, read from its own OpenAPI document; the other checks of the documents
 * need no service (test/unit/docs.consistency.test.ts).
 */
import { bootApp, type BootedApp } from '../support/app.js';
import { at, matchesOpenApiPath, readDocuments, restPaths } from '../support/documents.js';

describe('REST paths in the documents', () => {
  let app: BootedApp;

  beforeAll(async () => {
    app = await bootApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('are paths, and methods, of the OpenAPI document at /api/docs-json', async () => {
    const response = await fetch(`${app.url}/api/docs-json`);
    expect(response.status).toBe(200);
    const { paths } = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(paths);
    expect(served.length).toBeGreaterThan(0);

    const documented = readDocuments().flatMap((document) =>
      restPaths({ file: document.file, line: 1, text: document.prose })
        .concat(document.fencedBlocks.filter((block) => !block.skipped).flatMap(restPaths))
        .map((found) => ({ ...found, file: document.file })),
    );
    expect(documented.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const { file, line, method, path } of documented) {
      const matches = served.filter(([apiPath]) => matchesOpenApiPath(path, apiPath));
      if (matches.length === 0) missing.push(`${at({ file, line })}: ${path} is not in the OpenAPI document`);
      else if (method && !matches.some(([, operations]) => method.toLowerCase() in operations))
        missing.push(`${at({ file, line })}: ${method} ${path}: the OpenAPI document has no ${method} there`);
    }
    expect(missing).toEqual([]);
  });
});
