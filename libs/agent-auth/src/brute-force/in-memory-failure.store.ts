import type { FailurePolicy, FailureStore } from './failure-store.interface.js';

/** Clients tracked at most by {@link InMemoryFailureStore}; the oldest entry is dropped to make room. */
export const FAILURE_STORE_SIZE = 100_000;

interface FailureCount {
  failures: number;
  /** Epoch ms the current counting window ends. */
  windowEnds: number;
  /** Epoch ms the client stays blocked until (0 when not blocked). */
  blockedUntil: number;
}

/**
 * The default {@link FailureStore}: a size-capped map of fixed counting windows. The window opens at a client's
 * first failure; reaching the limit blocks the client and a fresh window opens when the block ends.
 */
export class InMemoryFailureStore implements FailureStore {
  private readonly counts = new Map<string, FailureCount>();

  constructor(private readonly maxEntries = FAILURE_STORE_SIZE) {}

  /** Until when `key` is blocked: one map lookup, no write. */
  blockedUntil(key: string, now: number): number | undefined {
    const count = this.counts.get(key);
    return count !== undefined && count.blockedUntil > now ? count.blockedUntil : undefined;
  }

  /** Counts one failure; opens a new window when there is none live. */
  recordFailure(key: string, now: number, policy: FailurePolicy): void {
    let count = this.counts.get(key);
    if (count === undefined || (count.windowEnds <= now && count.blockedUntil <= now)) {
      this.counts.delete(key);
      if (this.counts.size >= this.maxEntries) this.counts.delete(this.counts.keys().next().value as string);
      count = { failures: 0, windowEnds: now + policy.windowMs, blockedUntil: 0 };
      this.counts.set(key, count);
    }
    if (count.blockedUntil > now) return;
    if (++count.failures >= policy.maxFailures) {
      count.blockedUntil = now + policy.blockMs;
      count.windowEnds = count.blockedUntil;
      count.failures = 0;
    }
  }

  /** How many clients are tracked. */
  get size(): number {
    return this.counts.size;
  }
}
