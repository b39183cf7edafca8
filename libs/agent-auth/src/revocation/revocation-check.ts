import { Logger } from '@nestjs/common';
import type { AuthContext } from '../auth-context.js';
import { AuthError } from '../errors/auth-error.js';
import type { RevocationQuery, RevocationStore } from './revocation-store.interface.js';

/** Seconds a client is told to wait (`Retry-After`) when a fail-closed check cannot reach its store. */
export const UNAVAILABLE_RETRY_SECONDS = 1;
/** The refusal of a fail-closed check whose store is unreachable. */
export const AUTH_UNAVAILABLE = new AuthError('auth_unavailable', { retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS });

/**
 * Asks the {@link RevocationStore} about each credential a strategy verified, and drops the strategies' caches of
 * verified credentials whenever a revocation happens (here, or on another instance through the store's
 * `subscribe`): a cached credential is answered with no store round trip, and a revoked one is never in a cache.
 * A store that fails refuses the credential with 503 `auth_unavailable` (fail closed).
 */
export class RevocationCheck {
  private readonly caches: (() => void)[] = [];
  private readonly logger = new Logger('AgentAuthModule');
  /** Bumped by every invalidation: an answer the store gave before one must not be cached after it. */
  private generation = 0;
  /** Whether the last check failed: an outage is logged once, not once per request. */
  private failing = false;

  constructor(readonly store: RevocationStore) {
    store.subscribe?.(() => this.invalidate());
  }

  /** Registers a cache of verified credentials to drop at every revocation. */
  register(forget: () => void): void {
    this.caches.push(forget);
  }

  /** Drops every registered cache (a revocation happened, or revocations may have been missed). */
  invalidate(): void {
    this.generation++;
    for (const forget of this.caches) forget();
  }

  /**
   * The verified principal when its credential is not revoked, `revoked` when it is, 503 `auth_unavailable` when the
   * store failed. `cache` is called with an admitted principal only when no revocation happened meanwhile.
   */
  admit(
    auth: AuthContext,
    query: RevocationQuery,
    revoked: AuthError,
    cache: (auth: AuthContext) => void,
  ): AuthContext | AuthError | Promise<AuthContext | AuthError> {
    const generation = this.generation;
    const settle = (isRevoked: boolean): AuthContext | AuthError => {
      if (this.failing) this.recovered();
      if (isRevoked) return revoked;
      if (generation === this.generation) cache(auth);
      return auth;
    };
    try {
      const answer = this.store.isRevoked(query);
      return answer instanceof Promise ? answer.then(settle, (error: unknown) => this.unavailable(error)) : settle(answer);
    } catch (error) {
      return this.unavailable(error);
    }
  }

  private unavailable(error: unknown): AuthError {
    if (!this.failing) {
      this.failing = true;
      this.logger.error(
        `RevocationStore.isRevoked failed (answering 503 auth_unavailable until it answers again): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return AUTH_UNAVAILABLE;
  }

  private recovered(): void {
    this.failing = false;
    this.logger.log('RevocationStore answers again');
  }
}
