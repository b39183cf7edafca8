import type { AuthRequest } from '../../auth-context.js';
import type { AuthStrategy, StrategyOutcome } from '../../authentication/auth-strategy.interface.js';
import { readQueryCredential } from '../../credentials/query-credential.js';
import { AuthError } from '../../errors/auth-error.js';
import type { RoutePolicy } from '../../policy/route-policy.js';
import { TICKET_STRATEGY } from '../../streaming/stream-ticket.constants.js';
import { requestPath } from '../../streaming/stream-path.js';
import type { StreamTicketService } from '../../streaming/stream-ticket.service.js';

/**
 * The `ticket` strategy: redeems a single-use stream ticket sent as `?ticket=` on a GET route that opted in
 * with `@AllowQueryToken()`, for the exact path it was issued for; steps aside when there is none.
 */
export class TicketStrategy implements AuthStrategy {
  readonly name = TICKET_STRATEGY;

  constructor(private readonly tickets: StreamTicketService) {}

  /** Redeems the request's ticket against the request's raw path. */
  authenticate(request: AuthRequest, route: RoutePolicy): StrategyOutcome | Promise<StrategyOutcome> {
    if (route.queryToken === undefined) return undefined;
    const query = readQueryCredential(request, route);
    if (query === undefined || query instanceof AuthError) return query;
    if (query.kind !== 'ticket') return undefined;
    return this.tickets.redeem(query.value, requestPath(request.originalUrl ?? request.url ?? ''));
  }
}
