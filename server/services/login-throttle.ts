/**
 * Failed logins counted per client address, so one address cannot try password after password across
 * many accounts (password spraying). Only failures count, and only per address: the owner of an account
 * can still sign in from anywhere else while an attacker's address waits. Hand-written because
 * @fastify/rate-limit counts requests, not failures, and the login page and the API must share one count.
 * Kept in this process's memory (bounded); with several processes each keeps its own.
 */
import { LruCache } from '../../core/lru-cache.ts';

export interface LoginThrottleOptions { maxFailures: number; windowMs: number; maxAddresses: number }

export const LOGIN_THROTTLE_DEFAULTS: LoginThrottleOptions = { maxFailures: 20, windowMs: 15 * 60_000, maxAddresses: 50_000 };

export class LoginThrottle {
  readonly #options: LoginThrottleOptions;
  readonly #failures: LruCache<string, { count: number; until: number }>;

  constructor(options: Partial<LoginThrottleOptions> = {}) {
    this.#options = { ...LOGIN_THROTTLE_DEFAULTS, ...options };
    this.#failures = new LruCache({ maxEntries: this.#options.maxAddresses });
  }

  /** Seconds the address must wait before its next try; 0 when it may try now. */
  retryAfter(address: string, now = Date.now()): number {
    const entry = this.#failures.get(address);
    if (!entry || entry.until <= now) return 0;
    return entry.count >= this.#options.maxFailures ? Math.ceil((entry.until - now) / 1000) : 0;
  }

  failed(address: string, now = Date.now()): void {
    const entry = this.#failures.get(address);
    if (!entry || entry.until <= now) this.#failures.set(address, { count: 1, until: now + this.#options.windowMs });
    else entry.count += 1;
  }
}
