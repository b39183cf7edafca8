import type { AuthRequest } from '../auth-context.js';
import { AuthError } from '../errors/auth-error.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import { STREAM_TICKET_PARAM } from '../streaming/stream-ticket.constants.js';

/** A credential read from the query string of a route that opted in with `@AllowQueryToken()`. */
export interface QueryCredential {
  /** `token`: a bearer JWT in the route's parameter; `ticket`: a stream ticket in `?ticket=`. */
  readonly kind: 'token' | 'ticket';
  readonly value: string;
}

const MULTIPLE = new AuthError('invalid_request');
const REPEATED = new AuthError('invalid_request', { message: 'Credential parameter sent more than once' });

/**
 * The credential in the query string of a GET request to a route that accepts one, read from the parsed
 * `query` object (Express `req.query`, Fastify `request.query`, a handshake's query) without any RegExp.
 * @returns undefined when the route did not opt in, the method is not GET or no query credential was sent;
 * an `invalid_request` error when a parameter is repeated or more than one credential was sent
 * (Authorization header, token and ticket count as one each).
 */
export function readQueryCredential(request: AuthRequest, route: RoutePolicy): QueryCredential | AuthError | undefined {
  const param = route.queryToken;
  if (param === undefined || request.method !== 'GET') return undefined;
  const query = request.query;
  if (typeof query !== 'object' || query === null) return undefined;
  const token = ownValue(query, param);
  const ticket = ownValue(query, STREAM_TICKET_PARAM);
  if (token instanceof AuthError || ticket instanceof AuthError) return REPEATED;
  if (token === undefined && ticket === undefined) return undefined;
  const header = request.headers.authorization;
  if ((token !== undefined && ticket !== undefined) || (header !== undefined && header !== '')) return MULTIPLE;
  return token !== undefined ? { kind: 'token', value: token } : { kind: 'ticket', value: ticket as string };
}

/** A query parameter's single value: undefined when absent or empty, {@link REPEATED} for a list or an object. */
function ownValue(query: object, name: string): string | AuthError | undefined {
  if (!Object.hasOwn(query, name)) return undefined;
  const value: unknown = (query as Record<string, unknown>)[name];
  if (typeof value === 'string') return value === '' ? undefined : value;
  return value === undefined ? undefined : REPEATED;
}
