import type { AuthRequest } from '../auth-context.js';

/** Where the handshake binder keeps, on a WebSocket client, the handshake it was admitted with. */
const HANDSHAKE = Symbol('agent-auth:handshake');

/** A client no handshake check admitted (its gateway is `@Public()`): nothing to read, no principal. */
const NO_HANDSHAKE: AuthRequest = Object.freeze({ headers: Object.freeze({}) });

/** A WebSocket client (a `ws` socket, a socket.io socket) as the library sees it. */
type Client = AuthRequest & { [HANDSHAKE]?: AuthRequest };

/**
 * Records the handshake a client was admitted with and attaches its principal to the client, for
 * `@AuthContext()`/`@AuthUser()` and for the check of every message it sends.
 */
export function openConnection(client: AuthRequest, handshake: AuthRequest): void {
  Object.defineProperty(client, HANDSHAKE, { value: handshake });
  client.auth = handshake.auth;
  client.user = handshake.user;
}

/** The handshake a client was admitted with (its headers, query, address and principal). */
export function connectionOf(client: AuthRequest): AuthRequest {
  return (client as Client)[HANDSHAKE] ?? NO_HANDSHAKE;
}
