import { describe, expect, it } from '@jest/globals';
import { BrowserSessions, InMemorySessionStore, type AuthContext } from 'nest-agent-auth';
import { PLATFORMS, withTestApp } from '../support/test-app.js';
import { sessionFixture } from './session-fixture.js';

const ORIGIN = 'https://chat.example.test';
const ADA: AuthContext = { userId: 'ada', method: 'session', roles: ['operator'], scopes: [], claims: {} };

/** The `name=value` part of a `Set-Cookie` line. */
function cookiePair(setCookie: string): string {
  return setCookie.split(';')[0];
}

/** A store whose every call fails, as one whose database is down. */
class DownStore extends InMemorySessionStore {
  override find(): never {
    throw new Error('connection refused');
  }
}

describe.each(PLATFORMS)('cookie sessions without an identity provider (%s)', (platform) => {
  it('serves no login (404 not_found) and says so at boot', async () => {
    await withTestApp(platform, sessionFixture({ session: { origin: ORIGIN } }) as never, async (server, logger) => {
      const login = await fetch(`${server.url}/auth/login`, { redirect: 'manual' });
      expect(login.status).toBe(404);
      expect(((await login.json()) as { code: string }).code).toBe('not_found');
      expect(logger.entries.some((entry) => /Browser login off/.test(String(entry.message)))).toBe(true);
    });
  });

  it('uses a Secure, __Host- prefixed cookie off loopback', async () => {
    await withTestApp(platform, sessionFixture({ session: { origin: ORIGIN } }) as never, async (server) => {
      const { cookie } = await server.app.get(BrowserSessions).start(ADA);
      expect(cookie).toMatch(/^__Host-agent-auth-session=[\w-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax; Secure$/);
      const me = await fetch(`${server.url}/me`, { headers: { cookie: cookiePair(cookie) } });
      expect(me.status).toBe(200);
      const unsafe = await fetch(`${server.url}/agents/support/run`, {
        method: 'POST',
        headers: { cookie: cookiePair(cookie), origin: 'http://127.0.0.1' },
      });
      expect(unsafe.status).toBe(403);
    });
  });

  it('ends a session left idle, and one past its absolute lifetime, with 401 invalid_session', async () => {
    const options = { session: { origin: ORIGIN, idleTimeout: 1, absoluteTimeout: '1h' } };
    await withTestApp(platform, sessionFixture(options) as never, async (server) => {
      const { cookie } = await server.app.get(BrowserSessions).start(ADA);
      expect((await fetch(`${server.url}/me`, { headers: { cookie: cookiePair(cookie) } })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const idle = await fetch(`${server.url}/me`, { headers: { cookie: cookiePair(cookie) } });
      expect(idle.status).toBe(401);
      expect(idle.headers.get('set-cookie')).toMatch(/^__Host-agent-auth-session=; Path=\/; Max-Age=0/);
    });
    await withTestApp(platform, sessionFixture({ session: { origin: ORIGIN, absoluteTimeout: 1 } }) as never, async (server) => {
      const { cookie } = await server.app.get(BrowserSessions).start(ADA);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await fetch(`${server.url}/me`, { headers: { cookie: cookiePair(cookie) } })).status).toBe(401);
    });
  });

  it('lists a user’s sessions and ends them all (logout everywhere)', async () => {
    await withTestApp(platform, sessionFixture({ session: { origin: ORIGIN } }) as never, async (server) => {
      const sessions = server.app.get(BrowserSessions);
      const cookies = [await sessions.start(ADA), await sessions.start(ADA)].map(({ cookie }) => cookiePair(cookie));
      expect(await sessions.listFor('ada')).toHaveLength(2);
      expect(await sessions.endAllFor('ada')).toBe(2);
      for (const cookie of cookies) expect((await fetch(`${server.url}/me`, { headers: { cookie } })).status).toBe(401);
    });
  });

  it('fails closed with 503 session_store_unavailable when the store fails', async () => {
    await withTestApp(platform, sessionFixture({ session: { origin: ORIGIN, store: new DownStore() } }) as never, async (server) => {
      const response = await fetch(`${server.url}/me`, { headers: { cookie: `__Host-agent-auth-session=${'a'.repeat(43)}` } });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'session_store_unavailable',
        message: 'The session store is unavailable',
      });
    });
  });
});

describe('session options', () => {
  it('are validated at boot, every problem in one error', async () => {
    const { validateAgentAuthOptions } = await import('nest-agent-auth/options/validate-options.js');
    const options = {
      session: {
        origin: 'http://chat.example.test',
        idleTimeout: 'soon',
        login: { issuer: 'ftp://x', clientId: '', redirectUri: 'nope', postLoginPath: '//evil.example' },
      },
    };
    let message = '';
    try {
      validateAgentAuthOptions(options as never);
    } catch (error) {
      message = (error as Error).message;
    }
    for (const problem of [
      'session.idleTimeout: ',
      'session.login.clientId: ',
      'session.login.postLoginPath: ',
      'session.login.issuer: must use https',
      'session.login.redirectUri: must be an absolute http(s) URL',
      'session.origin: must use https',
    ]) {
      expect(message).toContain(problem);
    }
  });
});
