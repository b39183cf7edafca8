import type { StrategyOutcome } from '../authentication/auth-strategy.interface.js';
import { AuthError, type AuthErrorCode } from '../errors/auth-error.js';

/** What one strategy made of a request: it authenticated it, refused its credential, or found none of its kind. */
export interface StrategyAttempt {
  /** The strategy's name (`jwt`, `api-key`, a Passport strategy). */
  readonly strategy: string;
  readonly outcome: 'authenticated' | 'refused' | 'absent';
  /** The refusal's code, when refused. */
  readonly code?: AuthErrorCode;
  /** The refusal's message as the client got it (`Token audience not accepted`): says why, never holds a credential. */
  readonly message?: string;
}

/** One authorization check of a call (beyond roles and scopes) and what it decided. Holds no credential. */
export interface AuthorizationDecision {
  /** `rule`: the predicate of a `rules` entry (a rule's permissions are `permission` decisions). */
  readonly check: 'permission' | 'tenant' | 'ownership' | 'identity' | 'rule';
  /** `bypassed`: ownership was not checked because the principal holds the requirement's bypass permission. */
  readonly outcome: 'granted' | 'refused' | 'bypassed';
  /** What was checked: the filled permission, `conversation c-42`, `param tenantId`, `body.userId`, a rule's pattern `POST /agents/:agent/run`. */
  readonly subject: string;
  /** Why, in words: `not held by the principal`, `owned by another principal`, `permission conversations:*:read`, `refused by AgentRunPolicy`. */
  readonly reason: string;
}

/**
 * One decision of the guard on a non-public route, given to `onAuthEvent` and logged. Holds no token, key, secret
 * or request URL: the route is the declared one (`GET /agents/:id`), so no query string ever appears.
 */
export interface AuthEvent {
  /** `authenticated`: a principal was let in; `anonymous`: an `@OptionalAuth()` route was reached without credentials; `refused`: answered with an error. */
  readonly outcome: 'authenticated' | 'anonymous' | 'refused';
  /** The refusal's status and code (only when refused). */
  readonly status?: number;
  readonly code?: AuthErrorCode;
  /** The refusal's message as the client got it (`Token audience not accepted`): says why, never holds a credential. */
  readonly message?: string;
  /** The declared route(s) of the handler, `GET /agents/:id` (the handler's name for non-HTTP handlers). */
  readonly route: string;
  /** `Controller.method` of the handler. */
  readonly handler: string;
  /** The strategy that decided: the one that authenticated the principal, or the one whose refusal was answered. */
  readonly strategy?: string;
  /** Every strategy tried, in order (empty when the request was refused before any ran: 429, repeated header). */
  readonly attempts: readonly StrategyAttempt[];
  /** The client's IP as the platform reports it (`req.ip`: proxies are trusted only as configured). */
  readonly clientIp?: string;
  /** The principal's `userId`, when one was authenticated (also on a 403). */
  readonly principalId?: string;
  /** The authorization checks made (`@Permissions`, `@TenantScoped`, `@BindIdentity`, `@OwnedResource`, rules), in order. */
  readonly decisions?: readonly AuthorizationDecision[];
  /** When the decision was made (epoch milliseconds). */
  readonly timestamp: number;
}

/** The {@link StrategyAttempt} of one strategy's outcome. */
export function strategyAttempt(strategy: string, outcome: StrategyOutcome): StrategyAttempt {
  if (outcome === undefined) return { strategy, outcome: 'absent' };
  if (outcome instanceof AuthError) return { strategy, outcome: 'refused', code: outcome.code };
  return { strategy, outcome: 'authenticated' };
}
