/** How many failures a client may make in a window, and how long it is blocked once it made them. */
export interface FailurePolicy {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly blockMs: number;
}

/**
 * Where failed authentications are counted, per client key (an IP address). The in-memory default suits one
 * process; give your own (Redis, say) to share counts between instances: as `bruteForce.store`, or as a provider of
 * the {@link FailureStore} token in a module `AgentAuthModule` can see (the `imports` of `forRootAsync`, or a
 * global module). Either method may answer synchronously or with a promise.
 */
export interface FailureStore {
  /**
   * Until when (epoch milliseconds) `key` is blocked, or undefined when it is not. Called before the strategies
   * run on every guarded request: keep it to one lookup, and never write here.
   */
  blockedUntil(key: string, now: number): number | undefined | Promise<number | undefined>;
  /** Counts one failed authentication of `key`; reaching `policy.maxFailures` in a window blocks it for `policy.blockMs`. */
  recordFailure(key: string, now: number, policy: FailurePolicy): void | Promise<void>;
}

/** Injection token under which an app provides its {@link FailureStore} (used when `bruteForce` is set). */
export const FailureStore = Symbol('FailureStore');
