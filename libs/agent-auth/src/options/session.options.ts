import { IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import type { SessionStore } from '../sessions/session-store.interface.js';
import { OidcLoginOptions } from './oidc-login.options.js';
import { IsDuration, IsSessionStore } from './option-validators.js';

/**
 * Browser sessions: the `session` strategy authenticates an opaque, HttpOnly, SameSite=Lax cookie against a
 * server-side store; unsafe requests it authenticates must come from {@link origin}.
 * @example session: { login: { issuer, clientId, clientSecret, redirectUri: 'https://chat.example.com/auth/callback' } }
 */
export class SessionOptions {
  /**
   * This app's origin as browsers see it (`https://chat.example.com`): cookie-authenticated unsafe requests must come
   * from it, and the cookie is `Secure` (and `__Host-` prefixed) unless it is `http:` on a loopback host.
   * @default the origin of `login.redirectUri`
   */
  @IsOptional()
  @IsString()
  origin?: string;

  /** Name of the session cookie (`__Host-` is prefixed when it is Secure). @default 'agent-auth-session' */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: '$property must be 1 to 64 letters, digits, _ or -' })
  cookieName?: string;

  /** A session unused for this long is over (seconds, or `'30m'`, `'2h'`). @default '2h' */
  @IsOptional()
  @IsDuration()
  idleTimeout?: number | string;

  /** A session is over this long after login, however active. @default '12h' */
  @IsOptional()
  @IsDuration()
  absoluteTimeout?: number | string;

  /** Where sessions are kept. @default an in-memory store (one process) */
  @IsOptional()
  @IsSessionStore()
  store?: SessionStore;

  /** OpenID Connect login; without it the login routes are off and sessions can only be started by the app. */
  @IsOptional()
  @ValidateNested()
  login?: OidcLoginOptions;
}
