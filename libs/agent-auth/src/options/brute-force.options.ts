import { IsBoolean, IsInt, IsOptional, Min } from 'class-validator';
import type { FailureStore } from '../brute-force/failure-store.interface.js';
import { IsFailureStore } from './option-validators.js';

/** Defaults of {@link BruteForceOptions}. */
export const BRUTE_FORCE_DEFAULTS = { maxFailures: 10, windowSeconds: 60, blockSeconds: 300 } as const;

/**
 * Brute-force throttling: a client (by IP; an IPv6 client by its /64 prefix) whose credentials are refused `maxFailures` times within
 * `windowSeconds` gets 429 `too_many_failures` with `Retry-After` for `blockSeconds`, whatever it sends.
 * @example bruteForce: { maxFailures: 10, windowSeconds: 60, blockSeconds: 300 }
 */
export class BruteForceOptions {
  /** Refused credentials allowed per client within one window. @default 10 */
  @IsOptional()
  @IsInt()
  @Min(1)
  maxFailures?: number;

  /** Length of the counting window, opened by a client's first failure. @default 60 */
  @IsOptional()
  @IsInt()
  @Min(1)
  windowSeconds?: number;

  /** How long a client over the limit is refused. @default 300 */
  @IsOptional()
  @IsInt()
  @Min(1)
  blockSeconds?: number;

  /**
   * What a store that fails (Redis unreachable, say) means: `false` lets requests through to the strategies (logged),
   * `true` refuses them with 503 `auth_unavailable` and `Retry-After`. @default false (fail open)
   */
  @IsOptional()
  @IsBoolean()
  failClosed?: boolean;

  /** Where failures are counted. @default an in-memory store of at most 100,000 clients (one process) */
  @IsOptional()
  @IsFailureStore()
  store?: FailureStore;
}
