// `npm run audit:verify`: walks the audit log's hash chain on the database of DATABASE_URL (or the
// embedded one under DATA_DIR, as the application would use) and reports the first broken link.
// Exit codes: 0 the chain holds, 1 it is broken, 2 the check could not run.
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { verifyAuditChain } from '../src/audit/audit.verifier.js';
import { loadConfig } from '../src/config/config.js';
import { dataSourceOptions } from '../src/database/database.options.js';
import { openDatabaseServer } from '../src/database/database.server.js';

async function main(): Promise<number> {
  Logger.overrideLogger(['warn', 'error', 'fatal']);
  const server = await openDatabaseServer(loadConfig(process.env), new Logger('EmbeddedPostgres'));
  const dataSource = new DataSource({ ...dataSourceOptions(server.url), migrations: [] });
  try {
    await dataSource.initialize();
    const { checked, firstBreak } = await verifyAuditChain(dataSource.manager);
    if (firstBreak) {
      process.stdout.write(
        `Audit chain BROKEN at seq ${firstBreak.seq}: ${firstBreak.problem} (${checked} rows before it verify)\n`,
      );
      return 1;
    }
    process.stdout.write(`Audit chain OK: ${checked} rows verify\n`);
    return 0;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `audit:verify could not run: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  },
);
