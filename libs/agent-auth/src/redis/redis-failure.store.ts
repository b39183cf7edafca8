import type { Redis } from 'ioredis';
import type { FailurePolicy, FailureStore } from '../brute-force/failure-store.interface.js';

/**
 * Counts one failure atomically: nothing while blocked; the first failure of a window opens it (PEXPIRE); reaching the
 * limit replaces the window by a block. KEYS: window, block. ARGV: windowMs, maxFailures, blockedUntil, blockMs.
 */
const RECORD_FAILURE = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local failures = redis.call('INCR', KEYS[1])
if failures == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if failures >= tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
end
return failures`;

/**
 * A {@link FailureStore} on Redis, shared by every instance: one counting window and one block per client key,
 * each expiring by itself (PX), counted atomically by a Lua script. A lookup is one GET. When Redis fails, the
 * throttle lets requests through (logged) unless `bruteForce.failClosed` makes it answer 503.
 */
export class RedisFailureStore implements FailureStore {
  constructor(
    private readonly client: Redis,
    private readonly keyPrefix: string,
  ) {}

  /** Until when `key` is blocked: one GET. */
  async blockedUntil(key: string): Promise<number | undefined> {
    const until = await this.client.get(`${this.keyPrefix}blocked:${key}`);
    return until === null ? undefined : Number(until);
  }

  /** Counts one failure of `key` (one script run). */
  async recordFailure(key: string, now: number, policy: FailurePolicy): Promise<void> {
    await this.client.eval(
      RECORD_FAILURE,
      2,
      `${this.keyPrefix}failures:${key}`,
      `${this.keyPrefix}blocked:${key}`,
      policy.windowMs,
      policy.maxFailures,
      now + policy.blockMs,
      policy.blockMs,
    );
  }
}
