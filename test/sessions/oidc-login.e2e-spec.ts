import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BrowserSessions, type AgentAuthModuleOptions } from 'nest-agent-auth';
import { CookieBrowser, type SeenResponse } from '../support/browser-login.js';
import { CapturedLogger } from '../support/captured-logger.js';
import { freePort } from '../support/free-port.js';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';
import { sessionFixture } from './session-fixture.js';

const COOKIE = 'agent-auth-session';

describe.each(PLATFORMS)('OpenID Connect login into a cookie session (%s)', (platform) => {
  let provider: TestOidcProvider;
  let server: TestApp;
  /** The last test stops the provider. */
  let providerClosed = false;
  const secret = newSecret();
  const logger = new CapturedLogger();
  /** Every provider access token the tests saw; none may be logged. */
  const accessTokens: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({
      browserClient: {
        redirectUris: [`${origin}/auth/callback`],
        postLogoutRedirectUris: [`${origin}/`],
        accessTokenTtl: 30,
        accounts: { ada: { roles: ['operator'], tenantId: 'acme' }, vic: { roles: ['viewer'] } },
      },
    });
    const options: AgentAuthModuleOptions = {
      jwt: { secret },
      session: {
        login: {
          issuer: provider.issuer,
          clientId: provider.browserClient!.clientId,
          clientSecret: provider.browserClient!.clientSecret,
          redirectUri: `${origin}/auth/callback`,
          scopes: ['openid', 'profile', 'email', 'roles'],
          postLoginPath: '/chat',
        },
      },
    };
    server = await startTestApp(platform, sessionFixture(options) as never, { port, logger });
  });

  afterAll(async () => {
    await server?.close();
    if (!providerClosed) await provider?.close();
  });

  /** Logs `login` in and returns the browser and the callback's answer. */
  async function loggedIn(login: string, returnTo = '/chat'): Promise<{ browser: CookieBrowser; callback: SeenResponse }> {
    const browser = new CookieBrowser();
    const callback = await browser.login(`${server.url}/auth/login?returnTo=${encodeURIComponent(returnTo)}`, login);
    return { browser, callback };
  }

  function sameOrigin(browser: CookieBrowser, csrfToken?: string): Record<string, string> {
    return { origin: server.url, ...(csrfToken === undefined ? {} : { 'x-csrf-token': csrfToken }), cookie: browser.cookieHeader(server.url) };
  }

  async function csrfOf(browser: CookieBrowser): Promise<string> {
    const view = await browser.request(`${server.url}/auth/session`);
    return (JSON.parse(view.body) as { csrfToken: string }).csrfToken;
  }

  it('redirects to the provider with state, nonce and an S256 PKCE challenge, and a short-lived login cookie', async () => {
    const response = await new CookieBrowser().request(`${server.url}/auth/login`);
    expect(response.status).toBe(302);
    const url = new URL(response.location!);
    expect(url.origin).toBe(provider.issuer);
    for (const parameter of ['state', 'nonce', 'code_challenge']) expect(url.searchParams.get(parameter)).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(response.setCookies[0]).toMatch(new RegExp(`^${COOKIE}-login=[\\w-]{43}; Path=/; Max-Age=600; HttpOnly; SameSite=Lax$`));
  });

  it('logs in through the provider, rotates the cookie, and the session is method "session" with the provider roles', async () => {
    const { browser, callback } = await loggedIn('ada');
    expect(callback.status).toBe(302);
    expect(callback.location).toBe(`${server.url}/chat`);
    const session = callback.setCookies.find((line) => line.startsWith(`${COOKIE}=`));
    expect(session).toMatch(new RegExp(`^${COOKIE}=[\\w-]{43}; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax$`));
    const me = await browser.request(`${server.url}/me`);
    expect(JSON.parse(me.body)).toEqual({ userId: 'ada', method: 'session', roles: ['operator'], tenantId: 'acme' });
    const first = browser.cookie(server.url, COOKIE);
    const again = await browser.login(`${server.url}/auth/login`, 'ada');
    expect(again.status).toBe(302);
    expect(browser.cookie(server.url, COOKIE)).not.toBe(first);
    const old = await fetch(`${server.url}/me`, { headers: { cookie: `${COOKIE}=${first}` } });
    expect(old.status).toBe(401);
  });

  it('never sends a provider token to the browser', async () => {
    const { browser, callback } = await loggedIn('ada');
    const accessToken = await server.app.get(BrowserSessions).providerAccessToken({ headers: { cookie: browser.cookieHeader(server.url) } });
    accessTokens.push(accessToken);
    const pages = [callback, await browser.request(`${server.url}/auth/session`), await browser.request(`${server.url}/me`)];
    for (const page of pages) {
      const seen = `${page.body} ${page.setCookies.join(' ')} ${page.location ?? ''}`;
      expect(seen).not.toContain(accessToken);
      expect(seen).not.toMatch(/eyJ[\w-]+\.eyJ/);
    }
  });

  it('only redirects to paths of this app after login', async () => {
    for (const target of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const { callback } = await loggedIn('ada', target);
      expect(callback.location).toBe(`${server.url}/chat`);
    }
    expect((await loggedIn('ada', '/agents?tab=1')).callback.location).toBe(`${server.url}/agents?tab=1`);
  });

  it('runs an agent from the same origin with the CSRF token, and refuses it cross-site, without the token or without the role', async () => {
    const { browser } = await loggedIn('ada');
    const csrf = await csrfOf(browser);
    const run = `${server.url}/agents/support/run`;
    const ok = await fetch(run, { method: 'POST', headers: sameOrigin(browser, csrf) });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toEqual({ ran: true, by: 'ada', method: 'session' });
    const json = await fetch(run, { method: 'POST', headers: { ...sameOrigin(browser), 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(201);
    const refusals = [
      { ...sameOrigin(browser, csrf), origin: 'https://evil.example' },
      { ...sameOrigin(browser, csrf), 'sec-fetch-site': 'cross-site' },
      { cookie: browser.cookieHeader(server.url), 'x-csrf-token': csrf },
      sameOrigin(browser),
      { ...sameOrigin(browser), 'content-type': 'application/x-www-form-urlencoded' },
      { ...sameOrigin(browser, 'x'.repeat(43)) },
    ];
    for (const headers of refusals) {
      const refused = await fetch(run, { method: 'POST', headers });
      expect({ status: refused.status, code: ((await refused.json()) as { code: string }).code }).toEqual({
        status: 403,
        code: 'cross_site_request',
      });
    }
    const viewer = await loggedIn('vic');
    const forbidden = await fetch(run, { method: 'POST', headers: sameOrigin(viewer.browser, await csrfOf(viewer.browser)) });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { code: string }).code).toBe('insufficient_role');
  });

  it('leaves a Bearer client alone, whatever its Origin', async () => {
    const token = signToken(secret, { sub: 'api-client', roles: ['operator'] });
    const response = await fetch(`${server.url}/agents/support/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, origin: 'https://evil.example' },
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { method: string }).method).toBe('jwt');
  });

  it('answers a forged session cookie with 401 invalid_session and clears it', async () => {
    for (const value of ['A'.repeat(43), 'not-even-opaque']) {
      const response = await fetch(`${server.url}/me`, { headers: { cookie: `${COOKIE}=${value}` } });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { code: string }).code).toBe('invalid_session');
      expect(response.headers.get('set-cookie')).toMatch(new RegExp(`^${COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`));
    }
  });

  it('refuses a replayed callback and a mismatched state with 400 invalid_login', async () => {
    const browser = new CookieBrowser();
    const callback = await browser.login(`${server.url}/auth/login`, 'ada');
    expect(callback.status).toBe(302);
    const { url, cookie } = browser.lastCallback!;
    const replay = await fetch(url, { headers: { cookie }, redirect: 'manual' });
    expect({ status: replay.status, code: ((await replay.json()) as { code: string }).code }).toEqual({ status: 400, code: 'invalid_login' });
    const replayer = new CookieBrowser();
    const started = await replayer.request(`${server.url}/auth/login`);
    const state = new URL(started.location!).searchParams.get('state');
    const mismatched = await replayer.request(`${server.url}/auth/callback?code=abc&state=${state}x`);
    expect({ status: mismatched.status, code: JSON.parse(mismatched.body).code }).toEqual({ status: 400, code: 'invalid_login' });
    const replayed = await replayer.request(`${server.url}/auth/callback?code=abc&state=${state}`);
    expect({ status: replayed.status, code: JSON.parse(replayed.body).code }).toEqual({ status: 400, code: 'invalid_login' });
    const noCookie = await fetch(`${server.url}/auth/callback?code=abc&state=${state}`);
    expect(noCookie.status).toBe(400);
  });

  it('refreshes the provider access token before it expires, once for concurrent callers', async () => {
    const { browser } = await loggedIn('ada');
    const request = { headers: { cookie: browser.cookieHeader(server.url) } };
    const sessions = server.app.get(BrowserSessions);
    const tokensBefore = provider.count('/token');
    const [first, second, third] = await Promise.all([1, 2, 3].map(() => sessions.providerAccessToken(request)));
    expect(new Set([first, second, third]).size).toBe(1);
    accessTokens.push(first);
    expect(provider.count('/token') - tokensBefore).toBe(1);
  });

  it('logs out: revokes at the provider, ends the session at its end-session endpoint, clears the cookie; the cookie is refused afterwards', async () => {
    const { browser } = await loggedIn('ada');
    const cookie = browser.cookieHeader(server.url);
    const csrf = await csrfOf(browser);
    const crossSite = await fetch(`${server.url}/auth/logout`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    const revocations = provider.count('/token/revocation');
    const logout = await browser.request(`${server.url}/auth/logout`, { method: 'POST', headers: { origin: server.url, 'x-csrf-token': csrf } });
    expect(logout.status).toBe(201);
    const { redirectTo } = JSON.parse(logout.body) as { redirectTo: string };
    expect(redirectTo.startsWith(`${provider.issuer}/session/end?`)).toBe(true);
    expect(new URL(redirectTo).searchParams.get('post_logout_redirect_uri')).toBe(`${server.url}/`);
    expect(provider.count('/token/revocation') - revocations).toBe(2);
    expect(logout.setCookies[0]).toMatch(new RegExp(`^${COOKIE}=; Path=/; Max-Age=0`));
    const after = await fetch(`${server.url}/me`, { headers: { cookie } });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { code: string }).code).toBe('invalid_session');
  });

  it('logs no provider token, nor any JWT, through all of the above', () => {
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(accessTokens.length).toBeGreaterThan(1);
    for (const line of logger.lines) {
      expect(line).not.toMatch(/eyJ[\w-]+\.eyJ/);
      for (const token of accessTokens) expect(line).not.toContain(token);
    }
  });

  it('answers 503 identity_provider_unavailable when the provider is down at the callback', async () => {
    const browser = new CookieBrowser();
    const started = await browser.request(`${server.url}/auth/login`);
    const state = new URL(started.location!).searchParams.get('state');
    await provider.close();
    providerClosed = true;
    const iss = encodeURIComponent(provider.issuer);
    const response = await browser.request(`${server.url}/auth/callback?code=abc&state=${state}&iss=${iss}`);
    expect({ status: response.status, code: JSON.parse(response.body).code }).toEqual({ status: 503, code: 'identity_provider_unavailable' });
  });
});
