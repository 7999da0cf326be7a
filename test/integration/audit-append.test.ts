import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditEntry } from '../../src/audit/audit.entry.js';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { verifyAuditChain } from '../../src/audit/audit.verifier.js';
import { migrateDatabase } from '../../src/database/database.migrator.js';
import { dataSourceOptions } from '../../src/database/database.options.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** Values whose JSON text is easy to get wrong between Node and PostgreSQL. */
const AWKWARD: readonly AuditEntry[] = [
  {
    actor: { kind: 'user', id: '00000000-0000-4000-8000-000000000001' },
    operation: 'startExecution',
    targetIds: ['é", \\ \u2028 😀', 'plain'],
    outcome: 'success',
    origin: { ip: '::ffff:127.0.0.1', requestId: 'req-"quoted"' },
    details: { seq: 999, z: [1.5, -0, 1e21, { b: null, a: 'tab\t, newline\n, nul-free' }], '': 'empty key' },
  },
  { actor: undefined, operation: 'graphql', outcome: 'denied', errorCode: 'UNAUTHENTICATED' },
  {
    actor: { kind: 'apiKey', id: '00000000-0000-4000-8000-000000000002' },
    operation: 'ütf-8 ☃',
    targetIds: [],
    outcome: 'failed',
    errorCode: 'INTERNAL_SERVER_ERROR',
  },
];

describe('appending to the audit log in one statement (audit_log_append)', () => {
  beforeAll(() => Logger.overrideLogger(['warn', 'error']));

  let database: TestDatabase;
  let dataSource: DataSource;
  const repository = new AuditRepository();

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await migrateDatabase(await new DataSource(dataSourceOptions(database.url)).initialize());
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it("hashes every row as Node's verifier does, awkward text included, and links it to the last row", async () => {
    const written = [];
    for (const entry of AWKWARD)
      written.push(await dataSource.transaction((manager) => repository.append(manager, entry)));
    expect(written.map((row) => row.seq)).toEqual([1, 2, 3]);
    expect(written[1]!.prevHash).toBe(written[0]!.hash);
    expect(written[2]!.prevHash).toBe(written[1]!.hash);
    // The rows as stored (jsonb details, timestamps) verify with the hash PostgreSQL computed.
    expect(await verifyAuditChain(dataSource.manager)).toEqual({ checked: 3, firstBreak: undefined });
  });

  it('links concurrent appends that wait for the lock to the row committed before them', async () => {
    const before = (await verifyAuditChain(dataSource.manager)).checked;
    await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        dataSource.transaction((manager) =>
          repository.append(manager, { ...AWKWARD[n % AWKWARD.length]!, operation: `concurrent-${n}` }),
        ),
      ),
    );
    expect(await verifyAuditChain(dataSource.manager)).toEqual({
      checked: before + 40,
      firstBreak: undefined,
    });
  });

  it('appends nothing when the transaction rolls back: the next row takes its place', async () => {
    const before = (await verifyAuditChain(dataSource.manager)).checked;
    await expect(
      dataSource.transaction(async (manager) => {
        await repository.append(manager, AWKWARD[1]!);
        throw new Error('the act failed');
      }),
    ).rejects.toThrow('the act failed');
    const next = await dataSource.transaction((manager) => repository.append(manager, AWKWARD[2]!));
    expect(next.seq).toBe(before + 1);
    expect(await verifyAuditChain(dataSource.manager)).toEqual({
      checked: before + 1,
      firstBreak: undefined,
    });
  });
});
