import type { AuthRequest } from '../auth-context.js';
import type { StrategyOutcome } from '../authentication/auth-strategy.interface.js';
import { AuthError } from '../errors/auth-error.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import { credentialDeadline } from '../streaming/credential-deadline.js';

const EXPIRED = new AuthError('token_expired');
const OTHER_STRATEGY = new AuthError('missing_credentials', { message: 'The connection was not opened with a credential this handler accepts' });

/**
 * The principal a connection was opened with (a WebSocket handshake, a GraphQL subscription's `connection_init`),
 * as a call on that connection sees it: undefined when it was opened anonymously; refused once its credential has
 * expired, or when the handler does not accept the strategy that authenticated it (`@UseAuth()`).
 */
export function establishedPrincipal(connection: AuthRequest, route: RoutePolicy, toleranceSeconds: number): StrategyOutcome {
  const auth = connection.auth;
  if (auth === undefined) return undefined;
  if (!route.strategies.includes(auth.method)) return OTHER_STRATEGY;
  return (credentialDeadline(auth, toleranceSeconds) ?? Infinity) <= Date.now() ? EXPIRED : auth;
}
