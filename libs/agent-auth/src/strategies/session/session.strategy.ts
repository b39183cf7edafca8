import type { AuthRequest } from '../../auth-context.js';
import type { AuthStrategy, StrategyOutcome } from '../../authentication/auth-strategy.interface.js';
import type { BrowserSessions } from '../../sessions/browser-sessions.service.js';

/** Name of the strategy that authenticates browser session cookies. */
export const SESSION_STRATEGY = 'session';

/**
 * Authenticates the opaque session cookie against the session store (`method: 'session'`); steps aside when the
 * request has no session cookie, so a Bearer client is unaffected.
 */
export class SessionStrategy implements AuthStrategy {
  readonly name = SESSION_STRATEGY;

  constructor(private readonly sessions: BrowserSessions) {}

  /** The session's principal, or its refusal (`invalid_session`, `cross_site_request`, `session_store_unavailable`). */
  authenticate(request: AuthRequest): StrategyOutcome | Promise<StrategyOutcome> {
    return this.sessions.authenticate(request);
  }

  /** Discovers the identity provider of `session.login`, if any (the app does not boot if that fails). */
  prepare(): Promise<void> {
    return this.sessions.prepare();
  }
}
