import type { Configuration } from 'openid-client';
import type { AuthContext } from '../auth-context.js';
import { AuthError } from '../errors/auth-error.js';
import type { OidcLoginOptions } from '../options/oidc-login.options.js';
import { jwtAuthContext } from '../strategies/jwt/jwt-claims.js';
import { loginFailure } from './login-failure.js';
import type { ProviderTokens } from './session-store.interface.js';

type OpenIdClient = typeof import('openid-client');

const DEFAULT_SCOPES = ['openid', 'profile', 'email'];
/** Claims read from the ID token and user info, as for JWTs: `roles`, `scope`, `permissions`, the tenant claims. */
const CLAIM_PATHS = { roles: ['roles'], scopes: ['scope'], permissions: ['permissions'], tenant: undefined };

/** What the callback needs from the login that sent the browser to the provider. */
export interface PendingLogin {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** The same-origin path to send the browser to afterwards. */
  readonly returnTo: string;
}

/** A completed login: the principal and the provider's tokens. */
export interface CompletedLogin {
  readonly auth: AuthContext;
  readonly tokens: ProviderTokens;
}

/**
 * The OpenID Connect relying party, on openid-client (an optional peer, imported at startup only when login is
 * configured): discovery, the authorization URL with state, nonce and PKCE (S256), the code exchange with all three
 * checked, user info, refresh, revocation (RFC 7009) and the end-session URL.
 */
export class OidcLogin {
  private client?: OpenIdClient;
  private config?: Configuration;

  constructor(private readonly options: OidcLoginOptions) {}

  /** The callback URL registered at the provider. */
  get redirectUri(): string {
    return this.options.redirectUri;
  }

  /** Imports openid-client and discovers the provider; rejects (the app does not boot) when either fails. */
  async prepare(): Promise<void> {
    const client = await import('openid-client').catch((cause: unknown) => {
      throw new Error('AgentAuthModule: session.login needs the openid-client package (npm install openid-client)', { cause });
    });
    const { issuer, clientId, clientSecret } = this.options;
    const insecure = new URL(issuer).protocol === 'http:';
    try {
      this.config = await client.discovery(
        new URL(issuer),
        clientId,
        undefined,
        clientSecret === undefined ? client.None() : client.ClientSecretBasic(clientSecret),
        insecure ? { execute: [client.allowInsecureRequests] } : undefined,
      );
    } catch (cause) {
      throw new Error(`AgentAuthModule: OpenID Connect discovery of ${issuer} failed for session.login`, { cause });
    }
    this.client = client;
  }

  /** Starts a login: the provider URL to redirect to, and what the callback must check. */
  async begin(returnTo: string): Promise<{ url: string; pending: PendingLogin }> {
    const { client, config } = this.ready();
    const pending = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier(), returnTo };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri,
      scope: (this.options.scopes ?? DEFAULT_SCOPES).join(' '),
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  /**
   * Completes a login from the callback URL: checks state, exchanges the code with the PKCE verifier, checks the
   * ID token and its nonce, reads user info.
   * @throws AuthError `invalid_login` (400) or `identity_provider_unavailable` (503).
   */
  async complete(callbackUrl: URL, pending: PendingLogin): Promise<CompletedLogin> {
    const { client, config } = this.ready();
    if (callbackUrl.searchParams.get('state') !== pending.state)
      throw new AuthError('invalid_login', { message: 'Login state mismatched; start the login again' });
    try {
      const response = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idClaims = response.claims();
      if (idClaims === undefined) throw new AuthError('invalid_login');
      const userInfo = config.serverMetadata().userinfo_endpoint ? await client.fetchUserInfo(config, response.access_token, idClaims.sub) : {};
      const claims: Record<string, unknown> = { ...userInfo, ...withoutTokenFields(idClaims) };
      const auth: AuthContext = { ...jwtAuthContext(claims, CLAIM_PATHS), method: 'session' };
      return { auth: Object.freeze(auth), tokens: tokensOf(response) };
    } catch (error) {
      throw loginFailure(error);
    }
  }

  /**
   * New tokens for a refresh token (the provider may rotate it; the old one is kept when it does not).
   * @throws AuthError `invalid_session` when the provider refuses it, `identity_provider_unavailable` when unreachable.
   */
  async refresh(tokens: ProviderTokens): Promise<ProviderTokens> {
    const { client, config } = this.ready();
    try {
      const response = await client.refreshTokenGrant(config, tokens.refreshToken as string);
      const refreshed = tokensOf(response);
      return { ...refreshed, refreshToken: refreshed.refreshToken ?? tokens.refreshToken, idToken: refreshed.idToken ?? tokens.idToken };
    } catch (error) {
      const failure = loginFailure(error);
      throw failure.code === 'invalid_login' ? new AuthError('invalid_session', { cause: error }) : failure;
    }
  }

  /** Revokes the session's tokens at the provider (RFC 7009), the refresh token first; a no-op without a revocation endpoint. */
  async revoke(tokens: ProviderTokens): Promise<void> {
    const { client, config } = this.ready();
    if (config.serverMetadata().revocation_endpoint === undefined) return;
    if (tokens.refreshToken !== undefined) await client.tokenRevocation(config, tokens.refreshToken, { token_type_hint: 'refresh_token' });
    await client.tokenRevocation(config, tokens.accessToken, { token_type_hint: 'access_token' });
  }

  /** The provider's end-session URL (RP-initiated logout) back to `postLogoutUrl`, or undefined when it has none. */
  endSessionUrl(tokens: ProviderTokens | undefined, postLogoutUrl: string): string | undefined {
    const { client, config } = this.ready();
    if (config.serverMetadata().end_session_endpoint === undefined) return undefined;
    const parameters: Record<string, string> = { post_logout_redirect_uri: postLogoutUrl, client_id: this.options.clientId };
    if (tokens?.idToken !== undefined) parameters.id_token_hint = tokens.idToken;
    return client.buildEndSessionUrl(config, parameters).href;
  }

  private ready(): { client: OpenIdClient; config: Configuration } {
    if (this.client === undefined || this.config === undefined) throw new Error('OidcLogin used before prepare()');
    return { client: this.client, config: this.config };
  }
}

/** The provider's token response as kept with the session. */
function tokensOf(response: { access_token: string; refresh_token?: string; id_token?: string; expiresIn(): number | undefined }): ProviderTokens {
  const expiresIn = response.expiresIn();
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token,
    idToken: response.id_token,
    accessTokenExpiresAt: expiresIn === undefined ? undefined : Date.now() + expiresIn * 1000,
  };
}

/** ID token claims without the ones that only concern the token (`nonce`, `at_hash`, `c_hash`, `s_hash`). */
function withoutTokenFields(claims: Record<string, unknown>): Record<string, unknown> {
  const { nonce: _nonce, at_hash: _atHash, c_hash: _cHash, s_hash: _sHash, ...rest } = claims;
  return rest;
}
