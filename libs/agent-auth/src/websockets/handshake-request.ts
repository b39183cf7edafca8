import type { IncomingHttpHeaders } from 'node:http';
import { parse } from 'node:querystring';
import type { AuthRequest } from '../auth-context.js';
import type { RoutePolicy } from '../policy/route-policy.js';

/** What the library reads from a socket.io handshake (`socket.handshake`). */
export interface SocketIoHandshake {
  readonly headers: IncomingHttpHeaders;
  readonly query?: unknown;
  readonly url?: string;
  /** The client's `auth` payload: `io(url, { auth: { token } })`. */
  readonly auth?: unknown;
  /** The client's address (the connection's peer). */
  readonly address?: string;
}

/**
 * A WebSocket upgrade seen as a GET request the strategies can read: the headers, the target and, for a gateway
 * that accepts query credentials, the parsed query (values are strings, or lists when repeated).
 */
export function upgradeRequest(headers: IncomingHttpHeaders, url: string | undefined, gateway: RoutePolicy): AuthRequest {
  const query = gateway.queryToken === undefined || url === undefined ? undefined : parseQuery(url);
  return { headers, method: 'GET', url, query };
}

/**
 * A socket.io handshake seen as a GET request: `auth.token` comes first and stands for the Authorization header,
 * then the header itself, then an opted-in query credential (two of them at once are `invalid_request`).
 */
export function socketIoRequest(handshake: SocketIoHandshake, gateway: RoutePolicy): AuthRequest {
  const token = handshake.auth !== null && typeof handshake.auth === 'object' ? Reflect.get(handshake.auth, 'token') : undefined;
  const headers = typeof token === 'string' && token !== '' ? { ...handshake.headers, authorization: `Bearer ${token}` } : handshake.headers;
  return { headers, method: 'GET', url: handshake.url, query: gateway.queryToken === undefined ? undefined : handshake.query };
}

function parseQuery(url: string): NodeJS.Dict<string | string[]> {
  const start = url.indexOf('?');
  return start === -1 ? {} : parse(url.slice(start + 1));
}
