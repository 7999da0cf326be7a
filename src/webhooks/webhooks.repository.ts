import { Injectable } from '@nestjs/common';
import { QueryFailedError, type EntityManager } from 'typeorm';
import type { WebhookSignatureScheme } from './webhook.signature.js';

/** A `webhooks` row as the service uses it, with its machine's name (kept after a deletion). */
export interface WebhookRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly stateMachineId: string;
  readonly stateMachineName: string;
  /** False once the machine was deleted: calls then find no machine to start. */
  readonly stateMachineLive: boolean;
  readonly signature: WebhookSignatureScheme;
  readonly secretEncrypted: Buffer;
  /** Only while it still verifies, by the database's clock. */
  readonly previousSecretEncrypted: Buffer | null;
  readonly previousSecretExpiresAt: Date | null;
  readonly inputTransform: string | null;
  readonly idempotencyHeader: string;
  readonly enabled: boolean;
  readonly createdAt: Date;
  /** `created_at` to the microsecond (RFC 3339, UTC), for cursors: a `Date` keeps milliseconds. */
  readonly createdAtText: string;
  readonly updatedAt: Date;
}

export interface NewWebhook {
  readonly name: string;
  readonly description: string | null;
  readonly stateMachineId: string;
  readonly signature: WebhookSignatureScheme;
  readonly secretEncrypted: Buffer;
  readonly inputTransform: string | null;
  readonly idempotencyHeader: string;
  readonly enabled: boolean;
}

export interface WebhookChanges {
  readonly description?: string | null;
  readonly inputTransform?: string | null;
  readonly idempotencyHeader?: string;
  readonly enabled?: boolean;
}

interface WebhookRow {
  id: string;
  name: string;
  description: string | null;
  state_machine_id: string;
  state_machine_name: string;
  state_machine_live: boolean;
  signature: WebhookSignatureScheme;
  secret_encrypted: Buffer;
  previous_secret_encrypted: Buffer | null;
  previous_secret_expires_at: Date | null;
  input_transform: string | null;
  idempotency_header: string;
  enabled: boolean;
  created_at: Date;
  created_at_text: string;
  updated_at: Date;
}

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

/** Whether a failed write hit the constraint named `constraint` with the SQLSTATE `code`. */
function violates(error: unknown, code: string, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === code && driverError.constraint === constraint;
}

/** Whether a failed insert or update hit the unique name of hooks. */
export const isWebhookNameConflict = (error: unknown) =>
  violates(error, UNIQUE_VIOLATION, 'webhooks_name_key');

/** Whether a failed insert named a state machine that does not exist. */
export const isUnknownStateMachine = (error: unknown) =>
  violates(error, FOREIGN_KEY_VIOLATION, 'webhooks_state_machine_id_fkey');

/** Whether a failed delivery insert found its idempotency key taken (a concurrent repeat won). */
export const isDeliveryConflict = (error: unknown) =>
  violates(error, UNIQUE_VIOLATION, 'webhook_deliveries_pkey');

/** The columns of a hook, the rotated-out secret only while it still verifies. */
const COLUMNS = `
  w.id, w.name, w.description, w.state_machine_id, m.name AS state_machine_name,
  m.deleted_at IS NULL AS state_machine_live, w.signature,
  w.secret_encrypted,
  CASE WHEN w.previous_secret_expires_at > now()
    THEN w.previous_secret_encrypted END AS previous_secret_encrypted,
  CASE WHEN w.previous_secret_expires_at > now()
    THEN w.previous_secret_expires_at END AS previous_secret_expires_at,
  w.input_transform, w.idempotency_header, w.enabled, w.created_at, w.updated_at,
  to_char(w.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_text`;
const FROM = 'webhooks w JOIN state_machines m ON m.id = w.state_machine_id';

function recordOf(row: WebhookRow): WebhookRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    stateMachineId: row.state_machine_id,
    stateMachineName: row.state_machine_name,
    stateMachineLive: row.state_machine_live,
    signature: row.signature,
    secretEncrypted: row.secret_encrypted,
    previousSecretEncrypted: row.previous_secret_encrypted,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    inputTransform: row.input_transform,
    idempotencyHeader: row.idempotency_header,
    enabled: row.enabled,
    createdAt: row.created_at,
    createdAtText: row.created_at_text,
    updatedAt: row.updated_at,
  };
}

/** The queries of `webhooks` and `webhook_deliveries`, on the manager the caller passes. */
@Injectable()
export class WebhooksRepository {
  async insert(manager: EntityManager, hook: NewWebhook): Promise<WebhookRecord> {
    const [inserted] = (await manager.query(
      `INSERT INTO webhooks (name, description, state_machine_id, signature, secret_encrypted,
                             input_transform, idempotency_header, enabled)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        hook.name,
        hook.description,
        hook.stateMachineId,
        hook.signature,
        hook.secretEncrypted,
        hook.inputTransform,
        hook.idempotencyHeader,
        hook.enabled,
      ],
    )) as Array<{ id: string }>;
    return (await this.find(manager, inserted!.id))!;
  }

  async find(manager: EntityManager, id: string): Promise<WebhookRecord | undefined> {
    const rows = (await manager.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE w.id = $1`, [
      id,
    ])) as WebhookRow[];
    return rows[0] && recordOf(rows[0]);
  }

  /** Newest first, after the keyset of the previous page; one row past `limit` shows a next page. */
  async page(
    manager: EntityManager,
    query: { limit: number; after?: { createdAt: string; id: string } },
  ): Promise<{ rows: WebhookRecord[]; totalCount: number }> {
    const after = query.after;
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM ${FROM}
       ${after ? 'WHERE (w.created_at, w.id) < ($2::timestamptz, $3::uuid)' : ''}
       ORDER BY w.created_at DESC, w.id DESC LIMIT $1`,
      after ? [query.limit + 1, after.createdAt, after.id] : [query.limit + 1],
    )) as WebhookRow[];
    const [count] = (await manager.query('SELECT count(*)::int AS count FROM webhooks')) as Array<{
      count: number;
    }>;
    return { rows: rows.map(recordOf), totalCount: count?.count ?? 0 };
  }

  /** Applies the fields given; false when there is no such hook. */
  async update(manager: EntityManager, id: string, changes: WebhookChanges): Promise<boolean> {
    const columns: Array<[string, unknown]> = [];
    if (changes.description !== undefined) columns.push(['description', changes.description]);
    if (changes.inputTransform !== undefined) columns.push(['input_transform', changes.inputTransform]);
    if (changes.idempotencyHeader !== undefined)
      columns.push(['idempotency_header', changes.idempotencyHeader]);
    if (changes.enabled !== undefined) columns.push(['enabled', changes.enabled]);
    const sets = columns.map(([column], index) => `${column} = $${index + 2}`);
    const [, affected] = (await manager.query(
      `UPDATE webhooks SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`,
      [id, ...columns.map(([, value]) => value)],
    )) as [unknown, number];
    return affected > 0;
  }

  /**
   * Puts `secretEncrypted` in place; the current secret keeps verifying for `overlapSeconds` by the
   * database's clock (none: it stops at once, as does any secret rotated out before).
   */
  async rotate(
    manager: EntityManager,
    id: string,
    secretEncrypted: Buffer,
    overlapSeconds: number,
  ): Promise<boolean> {
    const [, affected] = (await manager.query(
      `UPDATE webhooks SET
         previous_secret_encrypted = CASE WHEN $3::int > 0 THEN secret_encrypted END,
         previous_secret_expires_at = CASE WHEN $3::int > 0 THEN now() + make_interval(secs => $3::int) END,
         secret_encrypted = $2,
         updated_at = now()
       WHERE id = $1`,
      [id, secretEncrypted, overlapSeconds],
    )) as [unknown, number];
    return affected > 0;
  }

  async delete(manager: EntityManager, id: string): Promise<boolean> {
    const [, affected] = (await manager.query('DELETE FROM webhooks WHERE id = $1', [id])) as [
      unknown,
      number,
    ];
    return affected > 0;
  }

  /** The execution an earlier call with `key` started, if any. */
  async deliveredExecution(
    manager: EntityManager,
    webhookId: string,
    key: string,
  ): Promise<string | undefined> {
    const rows = (await manager.query(
      'SELECT execution_id FROM webhook_deliveries WHERE webhook_id = $1 AND idempotency_key = $2',
      [webhookId, key],
    )) as Array<{ execution_id: string }>;
    return rows[0]?.execution_id;
  }

  /** Records that `key` started `executionId`: fails with a unique violation when it already did. */
  async insertDelivery(
    manager: EntityManager,
    delivery: { webhookId: string; key: string; executionId: string },
  ): Promise<void> {
    await manager.query(
      'INSERT INTO webhook_deliveries (webhook_id, idempotency_key, execution_id) VALUES ($1, $2, $3)',
      [delivery.webhookId, delivery.key, delivery.executionId],
    );
  }
}
