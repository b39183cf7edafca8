import { Inject, Injectable, Logger } from '@nestjs/common';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import { AuthError } from '../errors/auth-error.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import { BRUTE_FORCE_DEFAULTS } from '../options/brute-force.options.js';
import { FailureStore, type FailurePolicy } from './failure-store.interface.js';

/**
 * Brute-force throttling (`bruteForce` option): refusals of a credential that was sent are counted per client key;
 * a client over the limit gets 429 `too_many_failures` before any strategy runs, whatever it sends, so the answer
 * never tells a valid credential from an invalid one. Successful requests cost one store lookup and no write.
 */
@Injectable()
export class BruteForceThrottle {
  /** Whether `bruteForce` is configured; when false the guard never calls the throttle. */
  readonly enabled: boolean;
  private readonly policy: FailurePolicy;
  private readonly logger = new Logger('AgentAuthModule');

  constructor(
    @Inject(AGENT_AUTH_OPTIONS) options: AgentAuthModuleOptions,
    @Inject(FailureStore) private readonly store: FailureStore,
  ) {
    const settings = options.bruteForce;
    this.enabled = settings !== undefined;
    this.policy = {
      maxFailures: settings?.maxFailures ?? BRUTE_FORCE_DEFAULTS.maxFailures,
      windowMs: (settings?.windowSeconds ?? BRUTE_FORCE_DEFAULTS.windowSeconds) * 1000,
      blockMs: (settings?.blockSeconds ?? BRUTE_FORCE_DEFAULTS.blockSeconds) * 1000,
    };
  }

  /**
   * The 429 refusal when `clientKey` is blocked, undefined otherwise (or when the client's key is unknown). A store that fails lets the request through
   * to the strategies (logged): throttling is a second line of defence, never a reason to refuse every client.
   */
  check(clientKey: string | undefined, now: number): AuthError | undefined | Promise<AuthError | undefined> {
    if (clientKey === undefined) return undefined;
    try {
      const until = this.store.blockedUntil(clientKey, now);
      if (!(until instanceof Promise)) return blockedRefusal(until, now);
      return until.then(
        (settled) => blockedRefusal(settled, now),
        (error: unknown) => this.storeFailed('blockedUntil', error),
      );
    } catch (error) {
      return this.storeFailed('blockedUntil', error);
    }
  }

  /** Counts a refusal against `clientKey` when a credential was sent and refused (any 400/401 but `missing_credentials`). */
  recordFailure(clientKey: string, refusal: AuthError, now: number): void {
    if ((refusal.status !== 401 && refusal.status !== 400) || refusal.code === 'missing_credentials') return;
    try {
      const recorded = this.store.recordFailure(clientKey, now, this.policy);
      if (recorded instanceof Promise) recorded.catch((error: unknown) => this.storeFailed('recordFailure', error));
    } catch (error) {
      this.storeFailed('recordFailure', error);
    }
  }

  private storeFailed(method: string, error: unknown): undefined {
    this.logger.error(`FailureStore.${method} failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function blockedRefusal(until: number | undefined, now: number): AuthError | undefined {
  if (until === undefined || until <= now) return undefined;
  return new AuthError('too_many_failures', { retryAfterSeconds: Math.ceil((until - now) / 1000) });
}
