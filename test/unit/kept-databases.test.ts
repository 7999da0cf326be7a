/**
 * A failed test file keeps its database, and its message names only what still exists after the
 * run: on a temporary embedded PostgreSQL, global teardown keeps the server's folder for it
 * instead of deleting the database along with everything else (test/support/kept-databases.ts).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import globalTeardown from '../support/global-teardown.js';
import { HARNESS, type Harness } from '../support/harness.state.js';
import {
  CLUSTER_FOLDER,
  EMBEDDED_POSTGRES_FOLDER_VARIABLE,
  keepDatabase,
  keptDatabases,
} from '../support/kept-databases.js';

describe('the database of a failed test file', () => {
  const saved = process.env[EMBEDDED_POSTGRES_FOLDER_VARIABLE];
  const folders: string[] = [];
  const temporaryFolder = async () => {
    const folder = await mkdtemp(join(tmpdir(), 'stepgraph-kept-test-'));
    folders.push(folder);
    return folder;
  };

  afterEach(async () => {
    if (saved === undefined) delete process.env[EMBEDDED_POSTGRES_FOLDER_VARIABLE];
    else process.env[EMBEDDED_POSTGRES_FOLDER_VARIABLE] = saved;
    delete (globalThis as Record<symbol, unknown>)[HARNESS];
    await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
  });

  it('is named with its server when the server outlives the run (DATABASE_URL)', async () => {
    delete process.env[EMBEDDED_POSTGRES_FOLDER_VARIABLE];
    expect(await keepDatabase('stepgraph_test_x_1', '127.0.0.1:5432')).toBe(
      'A test failed: kept database stepgraph_test_x_1 on 127.0.0.1:5432 for inspection.',
    );
  });

  it("on the run's embedded PostgreSQL, keeps that server's folder past teardown and says how to start it", async () => {
    const kept = await temporaryFolder();
    const other = await temporaryFolder();
    process.env[EMBEDDED_POSTGRES_FOLDER_VARIABLE] = kept;
    const message = await keepDatabase('stepgraph_test_x_2', '127.0.0.1:40123');
    expect(message).toContain(`kept database stepgraph_test_x_2`);
    expect(message).toContain(`its folder ${kept} is kept after the run`);
    expect(await keptDatabases(kept)).toEqual(['stepgraph_test_x_2']);

    const harness: Harness = { folders: [kept, other] };
    (globalThis as Record<symbol, unknown>)[HARNESS] = harness;
    const printed = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    let notice: string;
    try {
      await globalTeardown();
      notice = printed.mock.calls.flat().join('\n');
    } finally {
      printed.mockRestore();
    }
    expect(existsSync(kept)).toBe(true);
    expect(existsSync(other)).toBe(false);
    expect(notice).toContain(`Kept ${kept}`);
    expect(notice).toContain('stepgraph_test_x_2');
    expect(notice).toContain(`test/support/embedded-postgres.process.ts ${join(kept, CLUSTER_FOLDER)}`);
  });

  it('leaves nothing behind when no test failed', async () => {
    const folder = await temporaryFolder();
    (globalThis as Record<symbol, unknown>)[HARNESS] = { folders: [folder] } satisfies Harness;
    await globalTeardown();
    expect(existsSync(folder)).toBe(false);
  });
});
