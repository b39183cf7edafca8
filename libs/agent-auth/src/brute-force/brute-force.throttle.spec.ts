import { describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { AuthStrategy } from '../authentication/auth-strategy.interface.js';
import type { StrategyRegistry } from '../authentication/strategy.registry.js';
import { AuthError } from '../errors/auth-error.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import { routePolicy } from '../../../../test/support/route-policy.js';
import { BruteForceThrottle } from './brute-force.throttle.js';
import type { FailureStore } from './failure-store.interface.js';

const NOW = 1_700_000_000_000;
const route = (strategies: string[]): RoutePolicy => routePolicy({ strategies, handler: 'C.h' });
const request = { headers: { 'x-api-key': 'ak_abcdefghijklmnop' } };
const keyed: AuthStrategy = { name: 'api-key', authenticate: () => undefined, failureKey: () => 'api-key:prefix' };

/** A store that blocks the keys it is given and records what it was asked. */
function fakeStore(blocked: Record<string, number> = {}): FailureStore & { recorded: string[]; looked: string[] } {
  const store = {
    recorded: [] as string[],
    looked: [] as string[],
    blockedUntil: (key: string) => {
      store.looked.push(key);
      return blocked[key];
    },
    recordFailure: (key: string) => {
      store.recorded.push(key);
    },
  };
  return store;
}

const throttle = (store: FailureStore, strategies: AuthStrategy[] = [keyed]) =>
  new BruteForceThrottle({ bruteForce: { maxFailures: 2 } }, store, { configured: () => strategies } as unknown as StrategyRegistry);

describe('BruteForceThrottle', () => {
  it('is off without the bruteForce option', () => {
    expect(new BruteForceThrottle({}, fakeStore(), { configured: () => [] } as unknown as StrategyRegistry).enabled).toBe(false);
  });

  it('refuses a blocked IP with 429 and the seconds left, rounded up', () => {
    const refusal = throttle(fakeStore({ '10.0.0.1': NOW + 1_500 })).check(request, route(['jwt']), '10.0.0.1', NOW);
    expect(refusal).toBeInstanceOf(AuthError);
    expect(refusal).toMatchObject({ code: 'too_many_failures', status: 429, retryAfterSeconds: 2 });
  });

  it('checks the credential key only on routes that run the strategy deriving it', () => {
    const store = fakeStore({ 'api-key:prefix': NOW + 60_000 });
    expect(throttle(store).check(request, route(['jwt']), '10.0.0.1', NOW)).toBeUndefined();
    expect(throttle(store).check(request, route(['jwt', 'api-key']), '10.0.0.1', NOW)).toMatchObject({ code: 'too_many_failures' });
    expect(store.looked).toEqual(['10.0.0.1', '10.0.0.1', 'api-key:prefix']);
  });

  it('counts refusals of a sent credential only, under the IP and the credential key', () => {
    const store = fakeStore();
    const limiter = throttle(store);
    for (const code of ['invalid_token', 'invalid_api_key', 'invalid_scheme', 'invalid_request'] as const) {
      limiter.recordFailure(request, route(['api-key']), '10.0.0.1', new AuthError(code), NOW);
    }
    for (const code of ['missing_credentials', 'insufficient_role', 'insufficient_scope', 'too_many_failures'] as const) {
      limiter.recordFailure(request, route(['api-key']), '10.0.0.1', new AuthError(code), NOW);
    }
    expect(store.recorded).toEqual(Array.from({ length: 4 }, () => ['10.0.0.1', 'api-key:prefix']).flat());
  });

  it('fails open when the store throws', () => {
    Logger.overrideLogger(false);
    const broken: FailureStore = {
      blockedUntil: () => {
        throw new Error('down');
      },
      recordFailure: () => {
        throw new Error('down');
      },
    };
    const limiter = throttle(broken, []);
    expect(limiter.check(request, route(['jwt']), '10.0.0.1', NOW)).toBeUndefined();
    expect(() => limiter.recordFailure(request, route(['jwt']), '10.0.0.1', new AuthError('invalid_token'), NOW)).not.toThrow();
  });

  it('fails closed with bruteForce.failClosed: 503 auth_unavailable with Retry-After, for a throwing or a rejecting store', async () => {
    Logger.overrideLogger(false);
    const registry = { configured: () => [] } as unknown as StrategyRegistry;
    const throwing: FailureStore = {
      blockedUntil: () => {
        throw new Error('down');
      },
      recordFailure: () => undefined,
    };
    const rejecting: FailureStore = { blockedUntil: () => Promise.reject(new Error('down')), recordFailure: () => undefined };
    for (const store of [throwing, rejecting]) {
      const limiter = new BruteForceThrottle({ bruteForce: { failClosed: true } }, store, registry);
      expect(await limiter.check(request, route(['jwt']), '10.0.0.1', NOW)).toMatchObject({
        code: 'auth_unavailable',
        status: 503,
        retryAfterSeconds: 1,
      });
    }
  });

  it('skips the IP when it is unknown', () => {
    const store = fakeStore();
    expect(throttle(store, []).check(request, route(['jwt']), undefined, NOW)).toBeUndefined();
    expect(store.looked).toEqual([]);
  });
});
