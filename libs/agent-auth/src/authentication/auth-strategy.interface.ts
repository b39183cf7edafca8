import type { AuthContext, AuthRequest } from '../auth-context.js';
import type { AuthError } from '../errors/auth-error.js';
import type { RoutePolicy } from '../policy/route-policy.js';

/**
 * What one strategy made of one request: the principal, the reason it refused the credential,
 * or `undefined` when it found no credential of its kind and steps aside.
 */
export type StrategyOutcome = AuthContext | AuthError | undefined;

/** A strategy the composite guard can run; built-in ones wrap a Passport strategy. */
export interface AuthStrategy {
  /** The name routes list in `@UseAuth()` and `strategies`. */
  readonly name: string;
  /** Authenticates a request; returns synchronously where it can (a cached credential, a missing one). */
  authenticate(request: AuthRequest, route: RoutePolicy): StrategyOutcome | Promise<StrategyOutcome>;
  /** Startup work (fetching remote configuration), awaited before the app serves; the app does not boot if it rejects. */
  prepare?(): Promise<void>;
  /**
   * The key under which brute-force throttling also counts failures of the credential a request carries (an API
   * key's prefix, hashed), or undefined. Never the credential itself: the key may be kept in a shared store.
   */
  failureKey?(request: AuthRequest): string | undefined;
}
