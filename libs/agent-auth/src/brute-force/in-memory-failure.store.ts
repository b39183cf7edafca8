import { BoundedCache } from '../util/bounded-cache.js';
import type { FailurePolicy, FailureStore } from './failure-store.interface.js';

/** Clients counted at most by {@link InMemoryFailureStore}, and blocked clients at most (each kept apart). */
export const FAILURE_STORE_SIZE = 100_000;

/** The failures of one client in its open counting window. */
interface FailureWindow {
  failures: number;
}

/**
 * The default {@link FailureStore}: fixed counting windows, opened by a client's first failure; reaching the limit
 * blocks the client, and its next failure after the block opens a fresh window. Counting windows and blocks are held
 * in two size-capped maps, so a flood of new addresses only ever pushes out other counting windows, never a block;
 * when blocks themselves overflow, the oldest (the nearest to their end) go first.
 */
export class InMemoryFailureStore implements FailureStore {
  private readonly windows: BoundedCache<FailureWindow>;
  /** Blocked clients → the epoch ms their block ends. */
  private readonly blocks: BoundedCache<number>;

  constructor(maxEntries = FAILURE_STORE_SIZE) {
    this.windows = new BoundedCache(maxEntries);
    this.blocks = new BoundedCache(maxEntries);
  }

  /** Until when `key` is blocked: one map lookup. */
  blockedUntil(key: string, now: number): number | undefined {
    return this.blocks.get(key, now);
  }

  /** Counts one failure; opens a new window when there is none live, ignores failures while blocked. */
  recordFailure(key: string, now: number, policy: FailurePolicy): void {
    if (this.blocks.get(key, now) !== undefined) return;
    let window = this.windows.get(key, now);
    if (window === undefined) {
      window = { failures: 0 };
      this.windows.set(key, window, now + policy.windowMs);
    }
    if (++window.failures >= policy.maxFailures) {
      this.windows.take(key, now);
      this.blocks.set(key, now + policy.blockMs, now + policy.blockMs);
    }
  }

  /** How many clients are tracked (counting or blocked). */
  get size(): number {
    return this.windows.size + this.blocks.size;
  }
}
