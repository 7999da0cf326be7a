import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuditedAct } from '../audit/audited-act.js';
import { AppError, type ErrorDetail } from '../common/app-error.js';
import { isDateTimeString } from '../common/date-time.js';
import { isUuid } from '../common/identifiers.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { connectionFromRows, type ConnectionPage } from '../pagination/connection.page.js';
import { CREATED_AT_ID_KEYSET, decodeCursor, encodeCursor } from '../pagination/cursor.codec.js';
import type { CreateWebhookInput, UpdateWebhookInput } from './dto/webhook.inputs.js';
import type { CreatedWebhook, Webhook, WebhookSignature } from './models/webhook.model.js';
import { generateWebhookSecret, WebhookSecretCipher } from './webhook-secret.cipher.js';
import { MAX_ROTATION_OVERLAP_SECONDS, webhookFieldProblems } from './webhook.rules.js';
import {
  isUnknownStateMachine,
  isWebhookNameConflict,
  WebhooksRepository,
  type WebhookRecord,
} from './webhooks.repository.js';

/** Also for an id that is not a UUID: no hook could have it. */
export function webhookNotFound(id: string): AppError {
  return AppError.notFound(`Webhook ${id} not found`);
}

function refuse(problems: readonly ErrorDetail[]): void {
  if (problems.length === 0) return;
  const message = problems.map((problem) => `${problem.path} ${problem.message}`).join('; ');
  throw AppError.badUserInput(message, { details: problems });
}

/**
 * Webhooks for both transports: create (the secret generated here and shown once), update,
 * rotate, delete, read. Every change records its act in its own transaction; the secret is never
 * in an answer but those of create and rotate, and never in an audit row.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: WebhooksRepository,
    private readonly cipher: WebhookSecretCipher,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(input: CreateWebhookInput, act?: AuditedAct): Promise<CreatedWebhook> {
    const transform = emptyAsNull(input.inputTransform);
    refuse(
      webhookFieldProblems({
        name: input.name,
        description: input.description ?? null,
        inputTransform: transform,
        idempotencyHeader: input.idempotencyHeader,
      }),
    );
    if (!isUuid(input.stateMachineId)) throw stateMachineNotFound(input.stateMachineId);
    const secret = generateWebhookSecret();
    try {
      const hook = await this.dataSource.transaction(async (manager) => {
        const inserted = await this.repository.insert(manager, {
          name: input.name,
          description: input.description ?? null,
          stateMachineId: input.stateMachineId,
          signature: input.signature,
          secretEncrypted: this.cipher.seal(secret),
          inputTransform: transform,
          idempotencyHeader: input.idempotencyHeader,
          enabled: input.enabled,
        });
        // A soft-deleted machine still satisfies the foreign key.
        if (!inserted.stateMachineLive) throw stateMachineNotFound(input.stateMachineId);
        await this.audit.recordAct(manager, act, [inserted.id, inserted.stateMachineId]);
        return inserted;
      });
      return { webhook: this.view(hook), secret };
    } catch (error) {
      if (isWebhookNameConflict(error))
        throw AppError.conflict(`A webhook named ${input.name} already exists`);
      if (isUnknownStateMachine(error)) throw stateMachineNotFound(input.stateMachineId);
      throw error;
    }
  }

  async update(id: string, input: UpdateWebhookInput, act?: AuditedAct): Promise<Webhook> {
    const changes = {
      ...(input.enabled === undefined || input.enabled === null ? {} : { enabled: input.enabled }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.inputTransform === undefined ? {} : { inputTransform: emptyAsNull(input.inputTransform) }),
      ...(input.idempotencyHeader === undefined || input.idempotencyHeader === null
        ? {}
        : { idempotencyHeader: input.idempotencyHeader }),
    };
    refuse(webhookFieldProblems(changes));
    if (!isUuid(id)) throw webhookNotFound(id);
    const hook = await this.dataSource.transaction(async (manager) => {
      if (!(await this.repository.update(manager, id, changes))) throw webhookNotFound(id);
      await this.audit.recordAct(manager, act, [id]);
      return (await this.repository.find(manager, id))!;
    });
    return this.view(hook);
  }

  /**
   * A new secret, shown once; the current one keeps verifying for `overlapSeconds` (at most a
   * week), so that senders can switch without losing calls. A current secret the server cannot
   * decrypt (its key changed) is replaced without overlap.
   */
  async rotateSecret(id: string, overlapSeconds: number, act?: AuditedAct): Promise<CreatedWebhook> {
    if (
      !Number.isInteger(overlapSeconds) ||
      overlapSeconds < 0 ||
      overlapSeconds > MAX_ROTATION_OVERLAP_SECONDS
    )
      refuse([
        { path: 'overlapSeconds', message: `must be an integer from 0 to ${MAX_ROTATION_OVERLAP_SECONDS}` },
      ]);
    if (!isUuid(id)) throw webhookNotFound(id);
    const secret = generateWebhookSecret();
    const hook = await this.dataSource.transaction(async (manager) => {
      const current = await this.repository.find(manager, id);
      if (!current) throw webhookNotFound(id);
      // A secret this key cannot open verifies no call, so it gets no overlap: the new one replaces it.
      const overlap = this.cipher.tryOpen(current.secretEncrypted) === undefined ? 0 : overlapSeconds;
      if (!(await this.repository.rotate(manager, id, this.cipher.seal(secret), overlap)))
        throw webhookNotFound(id);
      await this.audit.recordAct(manager, act, [id]);
      return (await this.repository.find(manager, id))!;
    });
    return { webhook: this.view(hook), secret };
  }

  /** Deletes a hook and its delivery records; its executions stay, naming it. */
  async delete(id: string, act?: AuditedAct): Promise<boolean> {
    if (!isUuid(id)) throw webhookNotFound(id);
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.repository.delete(manager, id))) throw webhookNotFound(id);
      await this.audit.recordAct(manager, act, [id]);
    });
    return true;
  }

  async get(id: string): Promise<Webhook> {
    const hook = isUuid(id) ? await this.repository.find(this.dataSource.manager, id) : undefined;
    if (!hook) throw webhookNotFound(id);
    return this.view(hook);
  }

  /** Newest first. */
  async list(page: { first: number; after?: string | null }): Promise<ConnectionPage<Webhook>> {
    const after = page.after ? decodeCursor(page.after, CREATED_AT_ID_KEYSET) : undefined;
    if (after && !(isUuid(after.id) && isDateTimeString(after.createdAt)))
      throw AppError.badUserInput('Invalid cursor', {
        details: [
          { path: 'after', message: 'pass a cursor or pageInfo.endCursor returned by a previous page' },
        ],
      });
    const { rows, totalCount } = await this.repository.page(this.dataSource.manager, {
      limit: page.first,
      ...(after ? { after } : {}),
    });
    const keysets = new Map(rows.map((row) => [row.id, { createdAt: row.createdAtText, id: row.id }]));
    return connectionFromRows({
      rows: rows.map((row) => this.view(row)),
      first: page.first,
      totalCount,
      cursorOf: (node) => encodeCursor(keysets.get(node.id)!),
    });
  }

  /** `/hooks/<id>`, absolute under PUBLIC_URL when it is set. */
  urlOf(id: string): string {
    return `${this.config.publicUrl ?? ''}/hooks/${id}`;
  }

  private view(hook: WebhookRecord): Webhook {
    return {
      id: hook.id,
      name: hook.name,
      description: hook.description,
      url: this.urlOf(hook.id),
      stateMachine: { id: hook.stateMachineId, name: hook.stateMachineName },
      enabled: hook.enabled,
      signature: hook.signature as WebhookSignature,
      inputTransform: hook.inputTransform,
      idempotencyHeader: hook.idempotencyHeader,
      previousSecretExpiresAt: hook.previousSecretExpiresAt,
      createdAt: hook.createdAt,
      updatedAt: hook.updatedAt,
    };
  }
}

function stateMachineNotFound(id: string): AppError {
  return AppError.notFound(`State machine ${id} not found`);
}

/** An empty transform means none. */
function emptyAsNull(transform: string | null | undefined): string | null {
  return transform === undefined || transform === null || transform.trim() === '' ? null : transform;
}
