import type { Db } from 'pg-boss';
import type { EntityManager } from 'typeorm';

/**
 * A pg-boss `db` that runs pg-boss's statements on the connection of an open TypeORM transaction,
 * so a job becomes visible exactly when the transaction commits and vanishes if it rolls back.
 *
 * `query(text, values, true)` asks TypeORM for its structured result: without it TypeORM answers
 * an UPDATE or DELETE with `[rows, affected]` instead of rows, and pg-boss misreads it.
 */
export function transactionDb(manager: EntityManager): Db {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) {
    // A manager without a transaction would run the insert on any pooled connection: the job would
    // outlive a rollback, silently.
    throw new Error(
      'QueueService.send({ manager }) needs the EntityManager of an open transaction: ' +
        'call it inside dataSource.transaction(async (manager) => ...).',
    );
  }
  return {
    async executeSql(text: string, values?: unknown[]) {
      const result = await runner.query(text, values, true);
      return { rows: result.records ?? [] };
    },
  };
}
