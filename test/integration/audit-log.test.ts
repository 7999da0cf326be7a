import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { AuditEntry } from '../../src/audit/audit.entry.js';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { verifyAuditChain } from '../../src/audit/audit.verifier.js';
import { migrateDatabase } from '../../src/database/database.migrator.js';
import { dataSourceOptions } from '../../src/database/database.options.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const ROOT = resolve(__dirname, '../..');

const entry = (n: number): AuditEntry => ({
  actor: { kind: 'apiKey', id: '00000000-0000-4000-8000-000000000001' },
  operation: `op-${n}`,
  targetIds: [`target-${n}`],
  outcome: 'success',
  origin: { ip: '127.0.0.1', requestId: `req-${n}` },
  details: { n, nested: { b: 2, a: 1 } },
});

/** `npm run audit:verify` against the test database, as an operator would run it. */
function runVerifyScript(databaseUrl: string): { status: number | null; output: string } {
  const result = spawnSync(
    process.execPath,
    ['--import', './scripts/typescript-loader.mjs', 'scripts/audit-verify.ts'],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: databaseUrl },
      encoding: 'utf8',
    },
  );
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('the audit log (docs/testing.md S15)', () => {
  beforeAll(() => Logger.overrideLogger(['warn', 'error']));

  let database: TestDatabase;
  let dataSource: DataSource;
  /** A superuser session that can switch triggers off, as a tamperer with database access would. */
  let superuser: pg.Client;
  const repository = new AuditRepository();

  const append = (n: number) => dataSource.transaction((manager) => repository.append(manager, entry(n)));

  async function tamper(sql: string): Promise<void> {
    await superuser.query('BEGIN');
    await superuser.query('SET LOCAL session_replication_role = replica');
    await superuser.query(sql);
    await superuser.query('COMMIT');
  }

  beforeEach(async () => {
    database = await createTestDatabase();
    dataSource = await migrateDatabase(await new DataSource(dataSourceOptions(database.url)).initialize());
    superuser = new pg.Client({ connectionString: database.url });
    await superuser.connect();
  });

  afterEach(async () => {
    await superuser.end();
    await dataSource.destroy();
    await database.drop();
  });

  it('chains concurrent appends into one line without gaps, and the chain verifies', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, n) => append(n)));
    const rows = await repository.chainPage(dataSource.manager, 0, 100);
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 25 }, (_, n) => n + 1));
    expect(await verifyAuditChain(dataSource.manager)).toEqual({ checked: 25, firstBreak: undefined });
    expect(runVerifyScript(database.url)).toEqual({ status: 0, output: 'Audit chain OK: 25 rows verify\n' });
  });

  it.each([
    ['UPDATE', "UPDATE audit_log SET outcome = 'failed' WHERE seq = 1"],
    ['DELETE', 'DELETE FROM audit_log WHERE seq = 1'],
    ['TRUNCATE', 'TRUNCATE audit_log'],
  ])('refuses %s to the application', async (_label, sql) => {
    await append(1);
    await expect(dataSource.query(sql)).rejects.toThrow(/the audit log is append-only/);
    expect(await verifyAuditChain(dataSource.manager)).toEqual({ checked: 1, firstBreak: undefined });
  });

  it.each([
    [
      'an edited row',
      "UPDATE audit_log SET outcome = 'failed' WHERE seq = 3",
      3,
      /changed after it was written/,
    ],
    [
      'an edited timestamp',
      "UPDATE audit_log SET occurred_at = occurred_at + interval '1 second' WHERE seq = 4",
      4,
      /changed/,
    ],
    ['a deleted row', 'DELETE FROM audit_log WHERE seq = 2', 3, /missing or reordered/],
    [
      'two rows swapped',
      'UPDATE audit_log SET seq = 99 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 99',
      2,
      /prev_hash|changed/,
    ],
    [
      'a forged row rehashed alone',
      "UPDATE audit_log SET outcome = 'failed', hash = repeat('a', 64) WHERE seq = 3",
      3,
      /changed/,
    ],
  ])(
    'names the first broken link after %s, as a superuser could make it',
    async (_label, sql, seq, problem) => {
      for (let n = 0; n < 5; n += 1) await append(n);
      await tamper(sql);
      const { firstBreak } = await verifyAuditChain(dataSource.manager);
      expect(firstBreak).toEqual({ seq, problem: expect.stringMatching(problem) });
      const script = runVerifyScript(database.url);
      expect(script.status).toBe(1);
      expect(script.output).toContain(`Audit chain BROKEN at seq ${seq}`);
    },
  );

  // Every column the hash covers, each changed alone: a column left out of the hash would let a
  // superuser rewrite who did what, from where, to what, unnoticed.
  it.each([
    ['actor_type', "actor_type = 'user'"],
    ['actor_id', "actor_id = '00000000-0000-4000-8000-000000000002'"],
    ['operation', "operation = 'op-forged'"],
    ['target_ids', "target_ids = ARRAY['someone-else']"],
    ['outcome', "outcome = 'denied'"],
    ['error_code', "error_code = 'FORGED'"],
    ['ip', "ip = '10.6.6.6'"],
    ['request_id', "request_id = 'req-forged'"],
    ['details', `details = '{"n": 99}'`],
    ['occurred_at', "occurred_at = occurred_at - interval '1 millisecond'"],
  ])('names the row whose %s a superuser changed', async (_column, assignment) => {
    for (let n = 0; n < 4; n += 1) await append(n);
    await tamper(`UPDATE audit_log SET ${assignment} WHERE seq = 2`);
    const { firstBreak } = await verifyAuditChain(dataSource.manager);
    expect(firstBreak).toEqual({ seq: 2, problem: expect.stringMatching(/changed after it was written/) });
  });
});
