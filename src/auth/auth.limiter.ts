import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RATE_LIMIT_STORE, type RateLimitStore } from '../http/rate-limit/rate-limit.store.js';
import { RateLimitedError } from '../http/rate-limit/rate-limited.error.js';

/** The window of the per-minute attempt limits. */
const ATTEMPT_WINDOW_MS = 60_000;
/** Failures are remembered this long; the delay grows with their number inside it. */
const FAILURE_WINDOW_MS = 15 * 60_000;
/** The first delay after the free failures; each further failure doubles it. */
const FIRST_DELAY_MS = 1000;
/** The delay never grows beyond this. */
const MAX_DELAY_MS = 15 * 60_000;
/** Failures an account may have before delays start: a typo or two costs nothing. */
const FREE_ACCOUNT_FAILURES = 3;
/** Failures one address may have before delays start: an office behind one NAT mistypes too. */
const FREE_IP_FAILURES = 10;

/** One login or refresh attempt: the account it names (an email, a session) and where it comes from. */
export interface AuthAttempt {
  /** Anything that names the account; hashed before it becomes a key. */
  readonly account: string;
  readonly ip: string | undefined;
}

/** The delay after `excess` failures beyond the free ones: 1 s, 2 s, 4 s… up to 15 minutes. */
export function failureDelayMs(excess: number): number {
  return Math.min(FIRST_DELAY_MS * 2 ** (excess - 1), MAX_DELAY_MS);
}

/**
 * Limits on login and refresh (docs/testing.md S13, S18): per account and per address, a cap on attempts
 * per minute, and after repeated failures a block that doubles with each further one. Keys hold a
 * hash of the account, never the email itself. An unknown account is limited exactly like a known
 * one, so the limits reveal nothing about which accounts exist.
 */
@Injectable()
export class AuthLimiter {
  constructor(
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Throws a RateLimitedError when the account or the address must wait; counts the attempt otherwise. */
  async admit(attempt: AuthAttempt): Promise<void> {
    const keys = this.keys(attempt);
    const blockedMs = Math.max(
      await this.store.blockedForMs(keys.accountBlock),
      keys.ipBlock ? await this.store.blockedForMs(keys.ipBlock) : 0,
    );
    if (blockedMs > 0) throw tooMany('Too many failed attempts', blockedMs);
    const { perAccount, perIp } = this.limits();
    const account = await this.store.hit(keys.accountRate, ATTEMPT_WINDOW_MS);
    if (account.count > perAccount) throw tooMany('Too many attempts for this account', account.msLeft);
    if (!keys.ipRate) return;
    const ip = await this.store.hit(keys.ipRate, ATTEMPT_WINDOW_MS);
    if (ip.count > perIp) throw tooMany('Too many attempts from this address', ip.msLeft);
  }

  /** Counts a failure; past the free ones, blocks the account and/or the address for a growing delay. */
  async failed(attempt: AuthAttempt): Promise<void> {
    const keys = this.keys(attempt);
    await this.countFailure(keys.accountFailures, keys.accountBlock, FREE_ACCOUNT_FAILURES);
    if (keys.ipFailures && keys.ipBlock)
      await this.countFailure(keys.ipFailures, keys.ipBlock, FREE_IP_FAILURES);
  }

  /** A success forgets the account's failures (not the address's: one success must not unlock a spray). */
  async succeeded(attempt: AuthAttempt): Promise<void> {
    await this.store.reset(this.keys(attempt).accountFailures);
  }

  private async countFailure(counterKey: string, blockKey: string, free: number): Promise<void> {
    const { count } = await this.store.hit(counterKey, FAILURE_WINDOW_MS);
    if (count > free) await this.store.block(blockKey, failureDelayMs(count - free));
  }

  private limits() {
    return {
      perAccount: this.config.rateLimits.authPerAccountPerMinute,
      perIp: this.config.rateLimits.authPerIpPerMinute,
    };
  }

  private keys(attempt: AuthAttempt) {
    const account = createHash('sha256').update(attempt.account).digest('hex').slice(0, 32);
    const ip = attempt.ip;
    return {
      accountRate: `auth:rate:acct:${account}`,
      accountFailures: `auth:fail:acct:${account}`,
      accountBlock: `auth:block:acct:${account}`,
      ipRate: ip && `auth:rate:ip:${ip}`,
      ipFailures: ip && `auth:fail:ip:${ip}`,
      ipBlock: ip && `auth:block:ip:${ip}`,
    };
  }
}

function tooMany(message: string, retryAfterMs: number): RateLimitedError {
  return new RateLimitedError(`${message}; retry after the time in Retry-After`, retryAfterMs);
}
