import type { IncomingHttpHeaders } from 'node:http';
import { parse } from 'node:querystring';
import type { AuthRequest } from '../auth-context.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import { requestPath } from '../streaming/stream-path.js';

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
 * A WebSocket upgrade seen as a GET request the strategies can read: the headers (every line as received), the
 * target, the peer address and, for a gateway that accepts query credentials, the parsed query (values are
 * strings, or lists when repeated).
 */
export function upgradeRequest(
  upgrade: {
    readonly headers: IncomingHttpHeaders;
    readonly url?: string;
    readonly rawHeaders: readonly string[];
    readonly socket: { readonly remoteAddress?: string };
  },
  gateway: RoutePolicy,
): AuthRequest {
  const { headers, url, rawHeaders } = upgrade;
  const query = gateway.queryToken === undefined || url === undefined ? undefined : parseQuery(url);
  return { headers, method: 'GET', url, query, rawHeaders, ip: upgrade.socket.remoteAddress };
}

/**
 * A socket.io handshake seen as a GET request: `auth.token` stands for a Bearer `Authorization` header (sent with
 * one too, it makes the handshake ambiguous: 400 `invalid_request`, like two header lines), then an opted-in
 * query credential. Its path is the engine's path joined with the namespace (`/socket.io/chat`, `/socket.io` for
 * the main namespace): the path a stream ticket for this namespace is issued for.
 */
export function socketIoRequest(handshake: SocketIoHandshake, namespace: string, gateway: RoutePolicy): AuthRequest {
  const token = handshake.auth !== null && typeof handshake.auth === 'object' ? Reflect.get(handshake.auth, 'token') : undefined;
  const header = handshake.headers.authorization;
  const bearer = typeof token === 'string' && token !== '' ? `Bearer ${token}` : undefined;
  const headers = bearer === undefined ? handshake.headers : { ...handshake.headers, authorization: header ?? bearer };
  const rawHeaders = bearer !== undefined && header !== undefined ? ['authorization', header, 'authorization', bearer] : undefined;
  const target = handshake.url ?? '/';
  const queryStart = target.indexOf('?');
  const path = requestPath(target).replace(/\/+$/, '') + (namespace === '/' ? '' : namespace);
  return {
    headers,
    rawHeaders,
    method: 'GET',
    url: queryStart === -1 ? path : path + target.slice(queryStart),
    query: gateway.queryToken === undefined ? undefined : handshake.query,
    ip: handshake.address,
  };
}

function parseQuery(url: string): NodeJS.Dict<string | string[]> {
  const start = url.indexOf('?');
  return start === -1 ? {} : parse(url.slice(start + 1));
}
