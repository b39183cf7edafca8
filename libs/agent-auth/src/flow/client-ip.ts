import type { AuthRequest } from '../auth-context.js';

/** How the client address of a request is found (the guard's `getClientIp`, or {@link defaultClientIp}). */
export type ClientIpReader = (request: AuthRequest) => string | undefined;

/** The client address the library uses by default: `req.ip` (the platform's proxy trust applied), else the socket's peer. */
export function defaultClientIp(request: AuthRequest): string | undefined {
  return request.ip ?? request.socket?.remoteAddress;
}
