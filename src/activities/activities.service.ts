import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuditedAct } from '../audit/audited-act.js';
import { AppError } from '../common/app-error.js';
import { AWS_NAME_RULE, isAwsName } from '../common/identifiers.js';
import { connectionFromRows, type ConnectionPage } from '../pagination/connection.page.js';
import { decodeCursor, encodeCursor } from '../pagination/cursor.codec.js';

/** An activity created by name (AWS's CreateActivity): what its workers poll. */
export interface Activity {
  readonly name: string;
  readonly createdAt: Date;
}

const NAME_KEYSET = { name: 'string' } as const;

interface ActivityRow {
  name: string;
  created_at: Date;
}

function activityOf(row: ActivityRow): Activity {
  return { name: row.name, createdAt: row.created_at };
}

/**
 * Activities as named resources. Creating one is idempotent, as on AWS: the same name answers the
 * activity that exists. The engine needs no row to schedule an activity's tasks; this is the
 * catalogue of AWS's Create/Describe/List/DeleteActivity.
 */
@Injectable()
export class ActivitiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The activity `name`, created now unless it exists; `act` is recorded in the same transaction. */
  async create(name: string, act?: AuditedAct): Promise<Activity> {
    if (!isAwsName(name)) {
      throw AppError.badUserInput(`Invalid activity name: name ${AWS_NAME_RULE}`, {
        details: [{ path: 'name', message: AWS_NAME_RULE }],
      });
    }
    return this.dataSource.transaction(async (manager) => {
      // Two creates of one name meet on the key: the second reads the first's row.
      const rows = await manager.query<ActivityRow[]>(
        `WITH inserted AS (
           INSERT INTO activities (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING name, created_at)
         SELECT name, created_at FROM inserted
          UNION ALL
         SELECT name, created_at FROM activities WHERE name = $1`,
        [name],
      );
      await this.audit.recordAct(manager, act, [name]);
      return activityOf(rows[0]!);
    });
  }

  /** The activity `name`; NOT_FOUND when nobody created it (or it was deleted). */
  async get(name: string): Promise<Activity> {
    const rows = await this.dataSource.query<ActivityRow[]>(
      'SELECT name, created_at FROM activities WHERE name = $1',
      [name],
    );
    if (!rows[0]) throw AppError.notFound(`Activity "${name.slice(0, 80)}" does not exist`);
    return activityOf(rows[0]);
  }

  /** Deletes the activity `name` if it exists: its scheduled tasks stay answerable. */
  async delete(name: string, act?: AuditedAct): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM activities WHERE name = $1', [name]);
      await this.audit.recordAct(manager, act, [name]);
    });
  }

  /** Activities in name order. */
  async list(args: { first: number; after?: string | null }): Promise<ConnectionPage<Activity>> {
    const afterName = args.after ? decodeCursor(args.after, NAME_KEYSET).name : null;
    const [rows, counted] = await Promise.all([
      this.dataSource.query<ActivityRow[]>(
        `SELECT name, created_at FROM activities
          WHERE $1::text IS NULL OR name > $1 COLLATE "C" ORDER BY name COLLATE "C" LIMIT $2`,
        [afterName, args.first + 1],
      ),
      this.dataSource.query<{ count: number }[]>('SELECT count(*)::int AS count FROM activities'),
    ]);
    return connectionFromRows({
      rows: rows.map(activityOf),
      first: args.first,
      totalCount: counted[0]?.count ?? 0,
      cursorOf: (activity) => encodeCursor({ name: activity.name }),
    });
  }
}
