import { Controller, Get, Inject, Logger, Optional, Post, Query, Redirect, Req, Res, type OnModuleInit } from '@nestjs/common';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import type { AuthContext as Principal, AuthRequest } from '../auth-context.js';
import { Public } from '../decorators/public.decorator.js';
import { AuthError, type AuthErrorCode } from '../errors/auth-error.js';
import { AuthHttpException } from '../errors/auth-http-exception.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import { isSameOriginPath } from '../util/same-origin-path.js';
import { BrowserSessions } from './browser-sessions.service.js';

/** The response headers the routes set: Express's `res` and Fastify's `reply` both have `header(name, value)`. */
interface HttpResponse {
  header(name: string, value: string | string[]): unknown;
}

/** Where a redirect goes and with which status (Nest's `@Redirect()` return value). */
interface RedirectTo {
  readonly url: string;
  readonly statusCode: number;
}

/** What `GET /auth/session` tells the page about its user: no provider token, only who they are and the CSRF token. */
export interface SessionView {
  readonly userId: string;
  readonly name?: string;
  readonly email?: string;
  readonly roles: readonly string[];
  readonly permissions: readonly string[];
  readonly tenantId?: string;
  /** Send it as `x-csrf-token` (or the `_csrf` form field) on unsafe requests. */
  readonly csrfToken?: string;
}

/**
 * Browser login and logout: `GET /auth/login?returnTo=/chat` (to the identity provider, with state, nonce and
 * PKCE), `GET /auth/callback` (checks them, starts the session, back to `returnTo`), `GET /auth/session` (who
 * the session is), `POST /auth/logout` (revokes, ends the session, clears the cookie). Registered with
 * `AgentAuthModule.forRoot({ …, sessionRoutes: true })`; answers 404 `not_found` when `session.login` is not configured.
 */
@Controller('auth')
export class SessionController implements OnModuleInit {
  private readonly realm: string;
  private readonly errorBody?: (error: AuthError) => object;
  private readonly postLoginPath: string;

  constructor(
    @Inject(AGENT_AUTH_OPTIONS) options: AgentAuthModuleOptions,
    @Optional() @Inject(BrowserSessions) private readonly sessions?: BrowserSessions,
  ) {
    this.realm = options.realm ?? 'api';
    this.errorBody = options.errorBody;
    this.postLoginPath = options.session?.login?.postLoginPath ?? '/';
  }

  /** Redirects to the identity provider; `returnTo` must be a path of this app (else `postLoginPath` is used). */
  @Public()
  @Get('login')
  @Redirect()
  async login(@Query('returnTo') returnTo: unknown, @Res({ passthrough: true }) response: HttpResponse): Promise<RedirectTo> {
    const sessions = this.loginOn();
    const target = typeof returnTo === 'string' && isSameOriginPath(returnTo) ? returnTo : this.postLoginPath;
    const started = await sessions.login!.begin(target).catch((error: unknown) => {
      throw this.refusal(error instanceof AuthError ? error : 'identity_provider_unavailable');
    });
    response.header('Set-Cookie', sessions.rememberLogin(started.pending));
    response.header('Cache-Control', 'no-store');
    return { url: started.url, statusCode: 302 };
  }

  /** Completes the login: 400 `invalid_login` for a missing, replayed or mismatched state or nonce; 503 when the provider is down. */
  @Public()
  @Get('callback')
  @Redirect()
  async callback(@Req() request: AuthRequest, @Res({ passthrough: true }) response: HttpResponse): Promise<RedirectTo> {
    const sessions = this.loginOn();
    response.header('Cache-Control', 'no-store');
    const pending = sessions.takeLogin(request);
    if (pending === undefined) {
      response.header('Set-Cookie', sessions.clearedLoginCookie());
      throw this.refusal('invalid_login');
    }
    const callbackUrl = new URL(sessions.login!.redirectUri);
    callbackUrl.search = new URL(request.url ?? '/', 'http://callback').search;
    try {
      const { auth, tokens } = await sessions.login!.complete(callbackUrl, pending);
      const started = await sessions.start(auth, tokens, request);
      response.header('Set-Cookie', [started.cookie, sessions.clearedLoginCookie()]);
      return { url: pending.returnTo, statusCode: 302 };
    } catch (error) {
      response.header('Set-Cookie', sessions.clearedLoginCookie());
      throw this.refusal(error instanceof AuthError ? error : 'identity_provider_unavailable');
    }
  }

  /** Who the session is, with the CSRF token the page sends on unsafe requests. */
  @Public()
  @Get('session')
  async session(@Req() request: AuthRequest, @Res({ passthrough: true }) response: HttpResponse): Promise<SessionView> {
    response.header('Cache-Control', 'no-store');
    const auth = await this.signedIn(request, response);
    const claim = (name: string) => (typeof auth.claims[name] === 'string' ? (auth.claims[name] as string) : undefined);
    return {
      userId: auth.userId,
      name: claim('name'),
      email: claim('email'),
      roles: auth.roles,
      permissions: auth.permissions ?? [],
      tenantId: auth.tenantId,
      csrfToken: await this.sessions!.csrfToken(request),
    };
  }

  /**
   * Ends the session (same-origin only, with the CSRF token): tokens revoked at the provider, session removed, cookie
   * cleared. Answers `{ redirectTo }`: the provider's end-session URL when it has one, else `postLogoutPath`.
   */
  @Public()
  @Post('logout')
  async logout(@Req() request: AuthRequest, @Res({ passthrough: true }) response: HttpResponse): Promise<{ redirectTo: string }> {
    await this.signedIn(request, response);
    const ended = await this.sessions!.end(request).catch((error: unknown) => {
      throw this.refusal(error instanceof AuthError ? error : 'session_store_unavailable');
    });
    response.header('Set-Cookie', ended.cookie);
    response.header('Cache-Control', 'no-store');
    return { redirectTo: ended.location };
  }

  /** Says at boot that the login routes are off when `session` is not configured (BrowserSessions says it otherwise). */
  onModuleInit(): void {
    if (this.sessions === undefined)
      new Logger('AgentAuth').log('Browser login off: the session option is not configured (GET /auth/login answers 404)');
  }

  /**
   * The request's session principal, checked here rather than by the guard (these routes exist whether or not
   * `session` is configured, and a route naming an unconfigured strategy would stop the app from booting): 404
   * without sessions, 401 without a live session (its cookie cleared), 403 for a cross-site unsafe request.
   */
  private async signedIn(request: AuthRequest, response: HttpResponse): Promise<Principal> {
    if (this.sessions === undefined) throw this.refusal('not_found');
    const outcome = await this.sessions.authenticate(request);
    if (outcome === undefined) throw this.refusal('missing_credentials');
    if (outcome instanceof AuthError) {
      if (outcome.clearCookie !== undefined) response.header('Set-Cookie', outcome.clearCookie);
      throw this.refusal(outcome);
    }
    return outcome;
  }

  private loginOn(): BrowserSessions {
    if (this.sessions?.login === undefined) throw this.refusal('not_found');
    return this.sessions;
  }

  private refusal(error: AuthError | AuthErrorCode): AuthHttpException {
    return new AuthHttpException(typeof error === 'string' ? new AuthError(error) : error, this.realm, this.errorBody);
  }
}
