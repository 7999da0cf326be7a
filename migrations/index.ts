import { Baseline1795313065198 } from './1795313065198-Baseline.js';
import { StateMachines1795314096082 } from './1795314096082-StateMachines.js';
import { Executions1795314492400 } from './1795314492400-Executions.js';
import { Users1795321000000 } from './1795321000000-Users.js';
import { AuditLog1795321100000 } from './1795321100000-AuditLog.js';
import { AuditAppend1795321200000 } from './1795321200000-AuditAppend.js';
import { ExecutionStatusCounts1795321300000 } from './1795321300000-ExecutionStatusCounts.js';
import { ExecutionTriggers1795321400000 } from './1795321400000-ExecutionTriggers.js';
import { Schedules1795321500000 } from './1795321500000-Schedules.js';
import { Webhooks1795321600000 } from './1795321600000-Webhooks.js';
import { RunningRunsByExecution1795321640000 } from './1795321640000-RunningRunsByExecution.js';
import { BulkOperations1795321700000 } from './1795321700000-BulkOperations.js';
import { ActivityPollers1795321800000 } from './1795321800000-ActivityPollers.js';
import { ExecutionSearch1795321900000 } from './1795321900000-ExecutionSearch.js';
import { ExecutionPause1795322000000 } from './1795322000000-ExecutionPause.js';
import { ApiKeyAccessKeys1795322100000 } from './1795322100000-ApiKeyAccessKeys.js';
import { Activities1795322150000 } from './1795322150000-Activities.js';
import { HistoryPartitions1795322200000 } from './1795322200000-HistoryPartitions.js';
import { TraceContext1795322300000 } from './1795322300000-TraceContext.js';

/**
 * Every migration, oldest first. Listed rather than globbed: TypeORM loads a glob with a native
 * `import()`, which Jest's CommonJS sandbox cannot run, and a list works the same from `dist/` and
 * from the TypeScript sources. A test fails when a file in this folder is missing here.
 */
export const MIGRATIONS = [
  Baseline1795313065198,
  StateMachines1795314096082,
  Executions1795314492400,
  Users1795321000000,
  AuditLog1795321100000,
  AuditAppend1795321200000,
  ExecutionStatusCounts1795321300000,
  ExecutionTriggers1795321400000,
  Schedules1795321500000,
  Webhooks1795321600000,
  RunningRunsByExecution1795321640000,
  BulkOperations1795321700000,
  ActivityPollers1795321800000,
  ExecutionSearch1795321900000,
  ExecutionPause1795322000000,
  ApiKeyAccessKeys1795322100000,
  Activities1795322150000,
  HistoryPartitions1795322200000,
  TraceContext1795322300000,
];
