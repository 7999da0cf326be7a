// `npm run schema:generate` writes schema.gql from the resolvers in src/; `npm run schema:check`
// exits 1 with a diff when the committed file differs. Neither needs a database.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_FILE_NAME } from '../src/graphql/graphql.options.js';
import { discoverResolvers, printSchemaFile } from '../src/graphql/schema-file.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const schemaPath = join(root, SCHEMA_FILE_NAME);

async function showDiff(expected: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'stepgraph-schema-'));
  const generated = join(dir, SCHEMA_FILE_NAME);
  await writeFile(generated, expected);
  const diff = spawnSync(
    'diff',
    ['-u', '--label', `committed ${SCHEMA_FILE_NAME}`, '--label', 'generated', schemaPath, generated],
    {
      stdio: 'inherit',
    },
  );
  if (diff.error) console.error(`(no diff tool to show the difference: ${diff.error.message})`);
  await rm(dir, { recursive: true, force: true });
}

async function main(mode: string | undefined): Promise<number> {
  if (mode !== 'write' && mode !== 'check') {
    console.error('usage: graphql-schema.ts write|check');
    return 2;
  }
  const resolvers = await discoverResolvers(join(root, 'src'));
  const sdl = await printSchemaFile(resolvers);
  if (mode === 'write') {
    await writeFile(schemaPath, sdl);
    console.log(`Wrote ${SCHEMA_FILE_NAME} from ${resolvers.length} resolver classes.`);
    return 0;
  }
  const committed = await readFile(schemaPath, 'utf8').catch(() => '');
  if (committed === sdl) {
    console.log(`${SCHEMA_FILE_NAME} is up to date (${resolvers.length} resolver classes).`);
    return 0;
  }
  await showDiff(sdl);
  console.error(`\n${SCHEMA_FILE_NAME} is stale: run \`npm run schema:generate\` and commit the result.`);
  return 1;
}

// Exit explicitly: an imported feature module may hold a handle open that a schema build never closes.
process.exit(await main(process.argv[2]));
