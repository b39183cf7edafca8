import type { AuthContext, AuthRequest } from '../auth-context.js';

/**
 * Attaches a principal to what it authenticated (an HTTP request, a WebSocket client or handshake):
 * `auth`, and `user` as `mapUser` makes it (the AuthContext itself without `mapUser`).
 * @returns true, or a promise of it when `mapUser` is asynchronous.
 */
export function attachPrincipal(target: AuthRequest, auth: AuthContext, mapUser: ((auth: AuthContext) => unknown) | undefined): true | Promise<true> {
  target.auth = auth;
  if (mapUser === undefined) {
    target.user = auth;
    return true;
  }
  return Promise.resolve(mapUser(auth)).then((user) => {
    target.user = user;
    return true;
  });
}
