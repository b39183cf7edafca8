import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import request from 'supertest';
import { AgentAuthModule, AllRoles, RoutePolicyRegistry, Roles, Scopes } from 'nest-agent-auth';
import { CapturedLogger } from '../support/captured-logger.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const secret = newSecret();

/** A controller whose class demands a role and a scope, with handlers that demand more. */
@Roles('operator')
@Scopes('agents:read')
@Controller('ops')
class OperationsController {
  @Get()
  index() {
    return { ops: true };
  }

  @Roles('admin')
  @Post('deploy')
  @HttpCode(200)
  deploy() {
    return { deployed: true };
  }

  @AllRoles('auditor', 'security')
  @Get('audit')
  audit() {
    return { audited: true };
  }

  @Scopes('agents:write')
  @Post('write')
  @HttpCode(200)
  write() {
    return { written: true };
  }
}

describe.each(PLATFORMS)("a handler's @Roles/@AllRoles/@Scopes add to its class's on %s", (platform) => {
  let server: TestApp;
  const logger = new CapturedLogger();
  beforeAll(async () => {
    server = await startTestApp(
      platform,
      { imports: [AgentAuthModule.forRoot({ jwt: { secret }, logRoutes: true })], controllers: [OperationsController] },
      { configure: (app) => app.useLogger(logger) },
    );
  });
  afterAll(() => server.close());

  const call = (method: 'get' | 'post', path: string, claims: Record<string, unknown>) => {
    const agent = request(server.url);
    const token = signToken(secret, { sub: 'u1', scope: 'agents:read', ...claims });
    return (method === 'get' ? agent.get(path) : agent.post(path)).set('Authorization', `Bearer ${token}`);
  };
  const expectForbidden = async (response: request.Response, code: string) => {
    expect(response.status).toBe(403);
    expect(response.body.code).toBe(code);
  };

  it("keeps the class's requirement on a handler without its own", async () => {
    expect((await call('get', '/ops', { roles: ['operator'] })).status).toBe(200);
    await expectForbidden(await call('get', '/ops', { roles: ['admin'] }), 'insufficient_role');
  });

  it("needs the class's role and the handler's @Roles: the handler's alone is not enough", async () => {
    await expectForbidden(await call('post', '/ops/deploy', { roles: ['admin'] }), 'insufficient_role');
    await expectForbidden(await call('post', '/ops/deploy', { roles: ['operator'] }), 'insufficient_role');
    expect((await call('post', '/ops/deploy', { roles: ['operator', 'admin'] })).body).toEqual({ deployed: true });
  });

  it("needs the class's role and every role of the handler's @AllRoles", async () => {
    await expectForbidden(await call('get', '/ops/audit', { roles: ['auditor', 'security'] }), 'insufficient_role');
    await expectForbidden(await call('get', '/ops/audit', { roles: ['operator', 'auditor'] }), 'insufficient_role');
    expect((await call('get', '/ops/audit', { roles: ['operator', 'auditor', 'security'] })).status).toBe(200);
  });

  it("needs the class's scopes and the handler's, and names them all in the challenge", async () => {
    const response = await call('post', '/ops/write', { roles: ['operator'], scope: 'agents:write' });
    await expectForbidden(response, 'insufficient_scope');
    expect(response.headers['www-authenticate']).toBe('Bearer realm="api", error="insufficient_scope", scope="agents:read agents:write"');
    expect((await call('post', '/ops/write', { roles: ['operator'], scope: 'agents:read agents:write' })).status).toBe(200);
  });

  it('shows the combined requirement in the route audit and its table', async () => {
    const entries = server.app.get(RoutePolicyRegistry).list();
    const entry = (route: string) => entries.find((candidate) => candidate.route === route);
    expect(entry('GET /ops')).toMatchObject({ roles: [{ roles: ['operator'], match: 'any' }], scopes: ['agents:read'] });
    expect(entry('POST /ops/deploy')?.roles).toEqual([
      { roles: ['operator'], match: 'any' },
      { roles: ['admin'], match: 'any' },
    ]);
    expect(entry('GET /ops/audit')?.roles).toEqual([
      { roles: ['operator'], match: 'any' },
      { roles: ['auditor', 'security'], match: 'all' },
    ]);
    expect(entry('POST /ops/write')?.scopes).toEqual(['agents:read', 'agents:write']);
    const [table] = logger.fromLibrary('log').filter((line) => line.message.startsWith('Route policies:'));
    expect(table.message).toMatch(
      /POST \/ops\/deploy\s+required\s+jwt\s+any of operator and any of admin\s+agents:read\s+-\s+-\s+-\s+OperationsController\.deploy/,
    );
    expect(table.message).toMatch(/GET \/ops\/audit\s+required\s+jwt\s+any of operator and all of auditor, security\s+agents:read\s/);
    expect(table.message).toMatch(/POST \/ops\/write\s+required\s+jwt\s+any of operator\s+agents:read agents:write\s/);
  });
});

describe('an empty @Roles(), @AllRoles() or @Scopes()', () => {
  it.each([
    ['@Roles()', Roles, '@Roles() on EmptyController.handler names no role'],
    ['@AllRoles()', AllRoles, '@AllRoles() on EmptyController.handler names no role'],
    ['@Scopes()', Scopes, '@Scopes() on EmptyController.handler names no scope'],
  ])('%s on a handler is an error naming the handler', (_name, decorator, message) => {
    expect(() => {
      @Controller('empty')
      class EmptyController {
        @decorator()
        @Get()
        handler() {
          return {};
        }
      }
      return EmptyController;
    }).toThrow(message);
  });

  it.each([
    ['@Roles()', Roles, '@Roles() on EmptyClassController names no role'],
    ['@AllRoles()', AllRoles, '@AllRoles() on EmptyClassController names no role'],
    ['@Scopes()', Scopes, '@Scopes() on EmptyClassController names no scope'],
  ])('%s on a class is an error naming the class', (_name, decorator, message) => {
    expect(() => {
      @decorator()
      @Controller('empty')
      class EmptyClassController {}
      return EmptyClassController;
    }).toThrow(message);
  });
});
