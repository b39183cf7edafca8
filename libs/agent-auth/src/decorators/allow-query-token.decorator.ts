import { SetMetadata } from '@nestjs/common';
import { STREAM_TICKET_PARAM } from '../streaming/stream-ticket.constants.js';

/** Metadata key of {@link AllowQueryToken}. */
export const ALLOW_QUERY_TOKEN_KEY = 'agent-auth:query-token';

/**
 * Lets a GET route (an `@Sse()` stream, or a gateway's handshake) accept its credential from the query string,
 * for clients that cannot send headers (EventSource, browser WebSocket): a bearer JWT as `?<param>=` and a
 * single-use stream ticket as `?ticket=`. Only one credential may be sent (400 `invalid_request` otherwise),
 * and the route's responses carry `Cache-Control: no-store`.
 * @example @AllowQueryToken() @Sse(':id/events') events() {}
 */
export const AllowQueryToken = (param = 'token'): MethodDecorator & ClassDecorator => {
  if (param === '' || param === STREAM_TICKET_PARAM) {
    throw new Error(`@AllowQueryToken(): the query parameter must be a non-empty name other than "${STREAM_TICKET_PARAM}"`);
  }
  return SetMetadata(ALLOW_QUERY_TOKEN_KEY, param);
};
