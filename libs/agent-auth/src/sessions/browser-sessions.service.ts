import { Logger } from '@nestjs/common';
import type { AuthContext, AuthRequest } from '../auth-context.js';
import type { StrategyOutcome } from '../authentication/auth-strategy.interface.js';
import { AuthError } from '../errors/auth-error.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import { BoundedCache } from '../util/bounded-cache.js';
import { crossSiteProblem } from './cross-site-check.js';
import { OidcLogin, type PendingLogin } from './oidc-login.js';
import { clearedCookie, readCookie, sendsCookie, setCookie } from './session-cookie.js';
import { newOpaqueValue, sessionKey } from './session-id.js';
import { resolveSessionSettings, type SessionSettings } from './session-settings.js';
import type { ProviderTokens, SessionStore, SessionSummary, StoredSession } from './session-store.interface.js';

/** Activity is written to the store at most this often per session (idle expiry is that coarse). */
const TOUCH_INTERVAL_MS = 60_000;
/** The access token is refreshed when it expires within this margin. */
const REFRESH_MARGIN_MS = 60_000;
/** How long a browser has to come back from the provider. */
const LOGIN_TTL_SECONDS = 600;
/** Logins pending at most (the oldest is dropped beyond it). */
const MAX_PENDING_LOGINS = 10_000;

/** A session just started: the `Set-Cookie` value to send, and its CSRF token. */
export interface StartedSession {
  readonly cookie: string;
  readonly csrfToken: string;
}

/**
 * Browser sessions: starts them (a new opaque id, so a login always rotates the cookie), authenticates their
 * cookie (idle and absolute expiry, CSRF on unsafe methods), keeps and refreshes the provider's tokens server-side
 * (one refresh at a time per session), and ends them (revoked at the provider, removed from the store). Provided
 * (inject `BrowserSessions`) only when `session` is configured.
 */
export class BrowserSessions {
  /** The resolved settings (origin, cookie names, lifetimes). */
  readonly settings: SessionSettings;
  /** The OpenID Connect login, when `session.login` is configured. */
  readonly login?: OidcLogin;
  private readonly pending = new BoundedCache<PendingLogin>(MAX_PENDING_LOGINS);
  private readonly refreshing = new Map<string, Promise<ProviderTokens>>();
  private readonly postLogoutPath: string;
  private readonly logger = new Logger('AgentAuth');
  /** How often activity is written: once a minute, or twice per idle timeout when it is shorter. */
  private readonly touchIntervalMs: number;

  constructor(
    options: AgentAuthModuleOptions,
    private readonly store: SessionStore,
  ) {
    const session = options.session!;
    this.settings = resolveSessionSettings(session);
    this.login = session.login === undefined ? undefined : new OidcLogin(session.login);
    this.postLogoutPath = session.login?.postLogoutPath ?? '/';
    this.touchIntervalMs = Math.min(TOUCH_INTERVAL_MS, this.settings.idleMs / 2);
  }

  /** Discovers the identity provider (the app does not boot if that fails); says at boot whether login is on. */
  async prepare(): Promise<void> {
    if (this.login === undefined) {
      this.logger.log('Browser login off: no session.login identity provider configured (GET /auth/login answers 404)');
      return;
    }
    await this.login.prepare();
    this.logger.log(`Browser login on: GET /auth/login redirects to the identity provider (sessions for ${this.settings.origin})`);
  }

  /**
   * The principal of the request's session cookie: undefined without one; 401 `invalid_session` (with the cookie
   * cleared) when it is forged, expired or revoked; 403 `cross_site_request` for an unsafe request from another
   * origin or without the CSRF token; 503 `session_store_unavailable` when the store fails.
   */
  authenticate(request: AuthRequest): StrategyOutcome | Promise<StrategyOutcome> {
    const value = readCookie(request.headers, this.settings.cookieName);
    if (value === undefined) return sendsCookie(request.headers, this.settings.cookieName) ? this.invalid() : undefined;
    return this.sessionOf(request, sessionKey(value));
  }

  /** Starts a session for `auth` (new id; the old session, if the request has one, is removed), returning its cookie. */
  async start(auth: AuthContext, tokens?: ProviderTokens, request?: AuthRequest): Promise<StartedSession> {
    const previous = request === undefined ? undefined : readCookie(request.headers, this.settings.cookieName);
    const value = newOpaqueValue();
    const now = Date.now();
    const session: StoredSession = {
      auth: Object.freeze({ ...auth, method: 'session' }),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + this.settings.absoluteMs,
      csrfToken: newOpaqueValue(),
      tokens,
    };
    await this.guarded(async () => {
      if (previous !== undefined) await this.store.delete(sessionKey(previous));
      await this.store.save(sessionKey(value), session);
    });
    return { cookie: setCookie(this.settings, this.settings.cookieName, value, this.settings.absoluteMs / 1000), csrfToken: session.csrfToken };
  }

  /**
   * Ends the request's session: its provider tokens revoked (RFC 7009), the session removed. Returns where the
   * browser goes next (the provider's end-session URL when it has one, else `postLogoutPath`) and the clearing cookie.
   */
  async end(request: AuthRequest): Promise<{ location: string; cookie: string }> {
    const value = readCookie(request.headers, this.settings.cookieName);
    const key = value === undefined ? undefined : sessionKey(value);
    const session = key === undefined ? undefined : await this.guarded(() => this.store.find(key));
    if (key !== undefined) await this.guarded(() => this.store.delete(key));
    if (session?.tokens !== undefined && this.login !== undefined) {
      await this.login.revoke(session.tokens).catch((error: unknown) => {
        this.logger.warn(`Revoking a session's tokens at the identity provider failed: ${(error as Error).name}`);
      });
    }
    const after = `${this.settings.origin}${this.postLogoutPath}`;
    const location = (session?.tokens && this.login?.endSessionUrl(session.tokens, after)) || this.postLogoutPath;
    return { location, cookie: clearedCookie(this.settings, this.settings.cookieName) };
  }

  /** The live sessions of a user (without their tokens). */
  listFor(userId: string): Promise<SessionSummary[]> {
    return this.guarded(async () => this.store.listByUser(userId));
  }

  /** Ends every session of a user (logout everywhere); returns how many there were. */
  endAllFor(userId: string): Promise<number> {
    return this.guarded(async () => this.store.deleteByUser(userId));
  }

  /** The CSRF token of the request's session, for pages that render forms; undefined without a live session. */
  async csrfToken(request: AuthRequest): Promise<string | undefined> {
    const value = readCookie(request.headers, this.settings.cookieName);
    return value === undefined ? undefined : (await this.guarded(async () => this.store.find(sessionKey(value))))?.csrfToken;
  }

  /**
   * The provider access token of the request's session, for calling APIs on the user's behalf: refreshed with the
   * refresh token when it expires within a minute (one refresh at a time per session). Never send it to the browser.
   * @throws AuthError `invalid_session` (no live session, refresh refused), `identity_provider_unavailable`, `session_store_unavailable`.
   */
  async providerAccessToken(request: AuthRequest): Promise<string> {
    const value = readCookie(request.headers, this.settings.cookieName);
    const key = value === undefined ? undefined : sessionKey(value);
    const session = key === undefined ? undefined : await this.guarded(async () => this.store.find(key));
    if (key === undefined || session?.tokens === undefined) throw this.invalid();
    const { tokens } = session;
    const fresh = tokens.accessTokenExpiresAt === undefined || tokens.accessTokenExpiresAt - Date.now() > REFRESH_MARGIN_MS;
    if (fresh || tokens.refreshToken === undefined || this.login === undefined) return tokens.accessToken;
    return (await this.refreshOnce(key, tokens)).accessToken;
  }

  /** Remembers a login on its way to the provider; returns the `Set-Cookie` that ties its callback to this browser. */
  rememberLogin(pending: PendingLogin): string {
    const attempt = newOpaqueValue();
    this.pending.set(sessionKey(attempt), pending, Date.now() + LOGIN_TTL_SECONDS * 1000);
    return setCookie(this.settings, this.settings.loginCookieName, attempt, LOGIN_TTL_SECONDS);
  }

  /** Takes the pending login of this browser's callback (once: a replayed callback finds none). */
  takeLogin(request: AuthRequest): PendingLogin | undefined {
    const attempt = readCookie(request.headers, this.settings.loginCookieName);
    return attempt === undefined ? undefined : this.pending.take(sessionKey(attempt), Date.now());
  }

  /** The `Set-Cookie` that removes the login cookie. */
  clearedLoginCookie(): string {
    return clearedCookie(this.settings, this.settings.loginCookieName);
  }

  private async sessionOf(request: AuthRequest, key: string): Promise<StrategyOutcome> {
    let session: StoredSession | undefined;
    try {
      session = await this.store.find(key);
      const now = Date.now();
      if (session === undefined) return this.invalid();
      if (session.expiresAt <= now || now - session.lastSeenAt > this.settings.idleMs) {
        await this.store.delete(key);
        return this.invalid();
      }
      if (now - session.lastSeenAt > this.touchIntervalMs) await this.store.touch(key, now);
    } catch (cause) {
      return new AuthError('session_store_unavailable', { cause });
    }
    const problem = crossSiteProblem(request, this.settings.origin, session.csrfToken);
    return problem === undefined
      ? session.auth
      : new AuthError('cross_site_request', { message: `Cross-site request refused for a cookie session (${problem})` });
  }

  private refreshOnce(key: string, tokens: ProviderTokens): Promise<ProviderTokens> {
    let running = this.refreshing.get(key);
    if (running === undefined) {
      running = (async () => {
        try {
          const refreshed = await (this.login as OidcLogin).refresh(tokens);
          await this.guarded(async () => this.store.updateTokens(key, refreshed));
          return refreshed;
        } catch (error) {
          if (error instanceof AuthError && error.code === 'invalid_session') await this.guarded(async () => this.store.delete(key));
          throw error;
        } finally {
          this.refreshing.delete(key);
        }
      })();
      this.refreshing.set(key, running);
    }
    return running;
  }

  private invalid(): AuthError {
    return new AuthError('invalid_session', { clearCookie: clearedCookie(this.settings, this.settings.cookieName) });
  }

  /** Runs a store call, failing closed: a store error becomes 503 `session_store_unavailable`. */
  private async guarded<T>(call: () => T | Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (cause) {
      throw cause instanceof AuthError ? cause : new AuthError('session_store_unavailable', { cause });
    }
  }
}
