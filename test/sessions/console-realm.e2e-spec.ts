import { describe, expect, it } from '@jest/globals';
import { Controller, Get } from '@nestjs/common';
import { AgentAuthModule, AuthContext, BrowserSessions, generateApiKey, Public, type AgentAuthModuleOptions } from 'nest-agent-auth';
import { PLATFORMS, withTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';
import { ChatFixtureController } from './session-fixture.js';

/** Console routes: admin statistics, and traces a developer marked public (the realm keeps them closed). */
@Controller()
class ConsoleFixtureController {
  @Get('admin/stats')
  stats(@AuthContext() auth: AuthContext): object {
    return { userId: auth.userId, method: auth.method };
  }

  @Public()
  @Get('observability/traces')
  traces(): object {
    return { traces: [] };
  }
}

const secret = newSecret();
const consoleKey = generateApiKey();
const userKey = generateApiKey();
const ORIGIN = 'https://console.example.test';
const options: AgentAuthModuleOptions = {
  jwt: { secret },
  apiKey: { keys: [{ id: 'user-key', key: userKey }] },
  strategies: ['jwt', 'api-key', 'session'],
  session: { origin: ORIGIN },
  console: { routes: ['/admin/**', '/observability/**'], keys: [{ id: 'ops-console', key: consoleKey }], operatorRoles: ['operator'] },
};
const fixture = { imports: [AgentAuthModule.forRoot(options)], controllers: [ConsoleFixtureController, ChatFixtureController] };

async function get(server: TestApp, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe.each(PLATFORMS)('the console realm (%s)', (platform) => {
  it('opens console routes to console keys only, never to end-user tokens or API keys, and public ones stay closed', async () => {
    await withTestApp(platform, fixture, async (server) => {
      expect(await get(server, '/admin/stats', { 'x-console-key': consoleKey })).toEqual({
        status: 200,
        body: { userId: 'ops-console', method: 'console' },
      });
      const userToken = signToken(secret, { sub: 'ann', roles: ['operator', 'admin'] });
      const bearer = await get(server, '/admin/stats', { authorization: `Bearer ${userToken}` });
      expect({ status: bearer.status, code: bearer.body.code }).toEqual({ status: 401, code: 'invalid_scheme' });
      expect((await get(server, '/admin/stats', { 'x-api-key': userKey })).body.code).toBe('missing_credentials');
      expect((await get(server, '/ADMIN/stats', { authorization: `Bearer ${userToken}` })).status).toBe(platform === 'express' ? 401 : 404);
      expect((await get(server, '/observability/traces')).status).toBe(401);
      expect((await get(server, '/admin/stats', { 'x-console-key': generateApiKey() })).body.code).toBe('invalid_api_key');
    });
  });

  it('never lets a console key into the end users’ routes', async () => {
    await withTestApp(platform, fixture, async (server) => {
      expect((await get(server, '/me', { 'x-console-key': consoleKey })).status).toBe(401);
      expect((await get(server, '/me', { authorization: `ConsoleKey ${consoleKey}` })).status).toBe(401);
      expect((await get(server, '/me', { 'x-api-key': consoleKey })).body.code).toBe('invalid_api_key');
      expect((await get(server, '/me', { 'x-api-key': userKey })).status).toBe(200);
    });
  });

  it('lets an operator’s browser session in, and no one else’s', async () => {
    await withTestApp(platform, fixture, async (server) => {
      const sessions = server.app.get(BrowserSessions);
      const cookieOf = async (roles: string[]) =>
        (await sessions.start({ userId: roles[0] ?? 'nobody', method: 'session', roles, scopes: [], claims: {} })).cookie.split(';')[0];
      expect(await get(server, '/admin/stats', { cookie: await cookieOf(['operator']) })).toEqual({
        status: 200,
        body: { userId: 'operator', method: 'session' },
      });
      const viewer = await get(server, '/admin/stats', { cookie: await cookieOf(['viewer']) });
      expect({ status: viewer.status, code: viewer.body.code }).toEqual({ status: 403, code: 'insufficient_role' });
    });
  });

  it('is validated at boot', async () => {
    const { validateAgentAuthOptions } = await import('nest-agent-auth/options/validate-options.js');
    expect(() =>
      validateAgentAuthOptions({ apiKey: { keys: [userKey] }, console: { routes: ['/admin/**'], header: 'X-Api-Key', operatorRoles: ['op'] } }),
    ).toThrow(/console.operatorRoles: needs the session option[\s\S]*console.header: must differ from apiKey.header/);
    expect(() => validateAgentAuthOptions({ console: { routes: [] } } as never)).toThrow(/console.routes/);
  });
});
