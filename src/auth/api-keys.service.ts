import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuditedAct } from '../audit/audited-act.js';
import type { ApiKeyPrincipal, Principal } from '../identity/principal.js';
import { AppError } from '../common/app-error.js';
import {
  AccessKeySecretCipher,
  ACCESS_KEY_ID_PATTERN,
  generateAccessKeyId,
  generateSecretAccessKey,
} from './access-key.js';
import type { ApiKeyEntity } from './api-key.entity.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { API_KEY_PREFIX } from '../common/identifiers.js';
import { JWT_SECRET } from './auth.constants.js';
import type { CreateApiKeyInput } from './dto/create-api-key.input.js';
import { apiKeyOf, type ApiKey, type CreatedApiKey } from './models/api-key.model.js';

/** Random bytes in a key: 256 bits. */
const API_KEY_BYTES = 32;
/** `last_used_at` is written at most this often per key, so a busy worker does not write per request. */
const LAST_USE_WRITE_INTERVAL_MS = 60_000;
/** Keys whose last write this process remembers; more are forgotten oldest first. */
const LAST_USE_MEMORY = 10_000;
const INVALID_KEY = 'Invalid or revoked API key';

/**
 * What a signed request's access key id comes to: no live key with a usable secret (unknown,
 * revoked, created before access keys existed, or sealed under a JWT secret since rotated), a
 * signature that does not match, or the key's principal.
 */
export type AccessKeyVerdict =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'verified'; readonly principal: ApiKeyPrincipal };

/**
 * API keys. A key is 256 random bits, so a slow password hash would add nothing but latency on
 * every request: what is stored is HMAC-SHA-256(key) under a key derived from the JWT secret. A
 * leaked table alone then cannot even confirm a guessed key, and a lookup is one index probe.
 * Rotating JWT_SECRET therefore invalidates every API key (docs/security.md).
 *
 * Each key also has an AWS-style access key pair for Signature Version 4, whose secret is kept
 * encrypted since the signature's HMAC needs it (src/auth/access-key.ts).
 */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly hmacKey: Buffer;
  private readonly lastWrites = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeysRepository,
    private readonly audit: AuditService,
    private readonly accessKeyCipher: AccessKeySecretCipher,
    @Inject(JWT_SECRET) secret: string,
  ) {
    this.hmacKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'stepgraph api-key hmac', 32));
  }

  /**
   * Creates a key, with its access key pair, for `creator`; `act` is recorded in the same
   * transaction (never the key or the secret).
   */
  async create(
    input: CreateApiKeyInput,
    creator: Principal | undefined,
    act?: AuditedAct,
  ): Promise<CreatedApiKey> {
    const key = API_KEY_PREFIX + randomBytes(API_KEY_BYTES).toString('base64url');
    const accessKeyId = generateAccessKeyId();
    const secretAccessKey = generateSecretAccessKey();
    const entity = await this.dataSource.transaction(async (manager) => {
      const inserted = await this.keys.insert(manager, {
        name: input.name,
        role: input.role,
        keyHmac: this.digest(key),
        accessKeyId,
        secretAccessKeyEncrypted: this.accessKeyCipher.seal(secretAccessKey),
        createdBy: creator?.kind === 'user' ? creator.id : null,
      });
      await this.audit.recordAct(manager, act, [inserted.id]);
      return inserted;
    });
    return { key, accessKeyId, secretAccessKey, apiKey: apiKeyOf(entity) };
  }

  /** Revokes a key at once; `act` is recorded in the same transaction. */
  async revoke(id: string, act?: AuditedAct): Promise<boolean> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.keys.revoke(manager, id))) throw AppError.notFound(`API key ${id} not found`);
      await this.audit.recordAct(manager, act, [id]);
    });
    return true;
  }

  async list(): Promise<ApiKey[]> {
    return (await this.keys.listLive(this.dataSource.manager)).map(apiKeyOf);
  }

  /** The principal of a presented key; UNAUTHENTICATED when it is unknown or revoked. */
  async authenticate(key: string): Promise<ApiKeyPrincipal> {
    const entity = await this.keys.findLiveByHmac(this.dataSource.manager, this.digest(key));
    if (!entity) throw AppError.unauthenticated(INVALID_KEY);
    return this.used(entity);
  }

  /**
   * The principal of a request signed with `accessKeyId`, when `matches` says the signature it
   * computes with the key's secret is the one presented. The secret stays here and in `matches`.
   */
  async verifySigned(
    accessKeyId: string,
    matches: (secretAccessKey: string) => Promise<boolean>,
  ): Promise<AccessKeyVerdict> {
    if (!ACCESS_KEY_ID_PATTERN.test(accessKeyId)) return { kind: 'unknown' };
    const entity = await this.keys.findLiveByAccessKeyId(this.dataSource.manager, accessKeyId);
    const secret =
      entity?.secretAccessKeyEncrypted && this.accessKeyCipher.tryOpen(entity.secretAccessKeyEncrypted);
    if (!entity || !secret) return { kind: 'unknown' };
    if (!(await matches(secret))) return { kind: 'mismatch' };
    return { kind: 'verified', principal: this.used(entity) };
  }

  /** The principal again, for an open subscription: null once the key was revoked. */
  async revalidate(principal: ApiKeyPrincipal): Promise<ApiKeyPrincipal | null> {
    const entity = await this.keys.findLiveById(this.dataSource.manager, principal.id);
    return entity ? { ...principal, role: entity.role } : null;
  }

  /** The principal of an authenticated key, in the one shape both credential forms give. */
  private used(entity: ApiKeyEntity): ApiKeyPrincipal {
    this.recordUse(entity.id);
    return { kind: 'apiKey', id: entity.id, name: entity.name, role: entity.role };
  }

  private digest(key: string): Buffer {
    return createHmac('sha256', this.hmacKey).update(key, 'utf8').digest();
  }

  /** Fire-and-forget: the request does not wait for, or fail because of, this bookkeeping. */
  private recordUse(id: string): void {
    const now = Date.now();
    if (now - (this.lastWrites.get(id) ?? 0) < LAST_USE_WRITE_INTERVAL_MS) return;
    this.lastWrites.delete(id);
    this.lastWrites.set(id, now);
    if (this.lastWrites.size > LAST_USE_MEMORY) this.lastWrites.delete(this.lastWrites.keys().next().value!);
    this.keys.touch(this.dataSource.manager, id, LAST_USE_WRITE_INTERVAL_MS).catch((error: Error) => {
      this.logger.warn(`Could not record the use of API key ${id}: ${error.message}`);
    });
  }
}
