import type { EntityManager } from 'typeorm';

/** Who asked for an act the engine performs later: a user or an API key. */
export interface EngineAuditActor {
  readonly kind: 'user' | 'apiKey';
  readonly id: string;
}

/**
 * One audit row of an act of the engine itself (the sweeper's repairs, a bulk operation's failed
 * items). Never put a secret here: the fields are stored as given and shown to admins.
 */
export interface EngineAuditEntry {
  /** Whose request the act carries out; undefined for the engine acting on its own. */
  readonly actor: EngineAuditActor | undefined;
  readonly operation: string;
  readonly targetIds: readonly string[];
  readonly outcome: 'success' | 'failed';
  /** The error code of a failed act. */
  readonly errorCode?: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Writes an engine act's audit row in the act's transaction (`manager`). The engine declares it
 * and the audit module provides it under {@link ENGINE_AUDIT}, so the engine does not depend on audit.
 */
export interface EngineAudit {
  record(manager: EntityManager, entry: EngineAuditEntry): Promise<void>;
}

export const ENGINE_AUDIT = Symbol('ENGINE_AUDIT');
