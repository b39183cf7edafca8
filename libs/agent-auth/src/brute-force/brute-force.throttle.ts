import { Inject, Injectable, Logger } from '@nestjs/common';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import type { AuthRequest } from '../auth-context.js';
import type { AuthStrategy } from '../authentication/auth-strategy.interface.js';
import { StrategyRegistry } from '../authentication/strategy.registry.js';
import { AuthError } from '../errors/auth-error.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import { BRUTE_FORCE_DEFAULTS } from '../options/brute-force.options.js';
import { AUTH_UNAVAILABLE } from '../revocation/revocation-check.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import { ACTIVE_FAILURE_STORE } from './active-failure-store.provider.js';
import type { FailurePolicy, FailureStore } from './failure-store.interface.js';
import { throttleKey } from './throttle-key.js';

type Blocked = AuthError | undefined | Promise<AuthError | undefined>;

/**
 * Brute-force throttling (`bruteForce` option): refusals of a credential that was sent are counted per client IP
 * (an IPv6 client by its /64, see {@link throttleKey}) and per credential key (an API key's prefix, see
 * {@link AuthStrategy.failureKey}). A client or credential over the limit gets 429 `too_many_failures` before any
 * strategy runs, whatever it sends, so the answer never tells a valid credential from an invalid one. A successful
 * request costs one store lookup per key and no write.
 */
@Injectable()
export class BruteForceThrottle {
  /** Whether `bruteForce` is configured; when false the guard never calls the throttle. */
  readonly enabled: boolean;
  private readonly policy: FailurePolicy;
  /** Configured strategies that derive a key from the credential they read (the API key strategy). */
  private readonly keyed: readonly AuthStrategy[];
  /** What a failed lookup answers: nothing (fail open, the default) or 503 `auth_unavailable` (`failClosed`). */
  private readonly onStoreFailure: AuthError | undefined;
  private readonly logger = new Logger('AgentAuthModule');

  constructor(
    @Inject(AGENT_AUTH_OPTIONS) options: AgentAuthModuleOptions,
    @Inject(ACTIVE_FAILURE_STORE) private readonly store: FailureStore,
    strategies: StrategyRegistry,
  ) {
    const settings = options.bruteForce;
    this.enabled = settings !== undefined;
    this.policy = {
      maxFailures: settings?.maxFailures ?? BRUTE_FORCE_DEFAULTS.maxFailures,
      windowMs: (settings?.windowSeconds ?? BRUTE_FORCE_DEFAULTS.windowSeconds) * 1000,
      blockMs: (settings?.blockSeconds ?? BRUTE_FORCE_DEFAULTS.blockSeconds) * 1000,
    };
    this.keyed = strategies.configured().filter((strategy) => strategy.failureKey !== undefined);
    this.onStoreFailure = settings?.failClosed === true ? AUTH_UNAVAILABLE : undefined;
  }

  /**
   * The 429 refusal when the client IP, or the credential the request carries, is blocked; undefined otherwise.
   * A store that fails lets the request through to the strategies (logged): throttling is a second line of defence,
   * never a reason to refuse every client; with `bruteForce.failClosed` it answers 503 `auth_unavailable` instead.
   */
  check(request: AuthRequest, route: RoutePolicy, clientIp: string | undefined, now: number): Blocked {
    const byIp = clientIp === undefined ? undefined : this.lookup(throttleKey(clientIp), now);
    if (this.keyed.length === 0) return byIp;
    return orElse(byIp, () => this.checkCredential(request, route, now, 0));
  }

  /**
   * Counts a refusal against the client IP and the credential the request carries, when a credential was sent and
   * refused (any 400/401 but `missing_credentials`; never a 403 or a 429).
   */
  recordFailure(request: AuthRequest, route: RoutePolicy, clientIp: string | undefined, refusal: AuthError, now: number): void {
    if ((refusal.status !== 401 && refusal.status !== 400) || refusal.code === 'missing_credentials') return;
    if (clientIp !== undefined) this.record(throttleKey(clientIp), now);
    for (const strategy of this.keyed) {
      const key = route.strategies.includes(strategy.name) ? strategy.failureKey?.(request) : undefined;
      if (key !== undefined) this.record(key, now);
    }
  }

  private checkCredential(request: AuthRequest, route: RoutePolicy, now: number, from: number): Blocked {
    for (let i = from; i < this.keyed.length; i++) {
      const strategy = this.keyed[i];
      const key = route.strategies.includes(strategy.name) ? strategy.failureKey?.(request) : undefined;
      if (key === undefined) continue;
      const blocked = this.lookup(key, now);
      if (blocked instanceof Promise) return orElse(blocked, () => this.checkCredential(request, route, now, i + 1));
      if (blocked !== undefined) return blocked;
    }
    return undefined;
  }

  private lookup(key: string, now: number): Blocked {
    try {
      const until = this.store.blockedUntil(key, now);
      if (!(until instanceof Promise)) return blockedRefusal(until, now);
      return until.then(
        (settled) => blockedRefusal(settled, now),
        (error: unknown) => this.lookupFailed(error),
      );
    } catch (error) {
      return this.lookupFailed(error);
    }
  }

  private record(key: string, now: number): void {
    try {
      const recorded = this.store.recordFailure(key, now, this.policy);
      if (recorded instanceof Promise) recorded.catch((error: unknown) => this.storeFailed('recordFailure', error));
    } catch (error) {
      this.storeFailed('recordFailure', error);
    }
  }

  private lookupFailed(error: unknown): AuthError | undefined {
    this.storeFailed('blockedUntil', error);
    return this.onStoreFailure;
  }

  private storeFailed(method: string, error: unknown): void {
    this.logger.error(`FailureStore.${method} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `first` when it is a refusal, else what `next` answers (waiting for `first` when it is pending). */
function orElse(first: Blocked, next: () => Blocked): Blocked {
  if (first instanceof Promise) return first.then((settled) => settled ?? next());
  return first ?? next();
}

function blockedRefusal(until: number | undefined, now: number): AuthError | undefined {
  if (until === undefined || until <= now) return undefined;
  return new AuthError('too_many_failures', { retryAfterSeconds: Math.ceil((until - now) / 1000) });
}
