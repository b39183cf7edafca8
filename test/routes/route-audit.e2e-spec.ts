import { describe, expect, it } from '@jest/globals';
import { Controller, Get } from '@nestjs/common';
import { AgentAuthModule, TenantScoped, Permissions, Public, Roles, RoutePolicyRegistry, Scopes, type AgentAuthModuleOptions } from 'nest-agent-auth';
import { AgentsFixtureController, DocsFixtureController, PatternFixtureController } from '../fixtures/agents.fixture.js';
import type { CapturedLogger } from '../support/captured-logger.js';
import { PLATFORMS, withTestApp, type Platform, type TestApp } from '../support/test-app.js';
import { newSecret } from '../support/tokens.js';

const secret = newSecret();

/** Handlers that are `@Public()` and demand roles, scopes or authorization at the same level: likely mistakes. */
@Controller('conflicts')
class ConflictFixtureController {
  @Public()
  @Roles('admin')
  @Get('roles')
  roles() {
    return {};
  }

  @Public()
  @Scopes('agents:read')
  @Get('scopes')
  scopes() {
    return {};
  }

  @Public()
  @Permissions('agents:{id}:read')
  @TenantScoped({ header: 'x-tenant' })
  @Get('agents/:id')
  agent() {
    return {};
  }
}

@Roles('operator')
@Controller('operators')
class RoleControllerWithPublicHandler {
  @Public()
  @Get()
  index() {
    return {};
  }
}

/** Boots the fixture apps with these options, recording what the library logs; closes the app after `use`. */
function withApp(
  platform: Platform,
  options: AgentAuthModuleOptions,
  controllers: Array<new (...args: never[]) => unknown>,
  use: (server: TestApp, logger: CapturedLogger) => Promise<void> | void,
): Promise<void> {
  return withTestApp(platform, { imports: [AgentAuthModule.forRoot({ jwt: { secret }, ...options })], controllers }, use);
}

/** The boot error of an app that must not start (undefined when it did start, after closing it). */
async function bootError(
  platform: Platform,
  options: AgentAuthModuleOptions,
  controllers: Array<new (...args: never[]) => unknown>,
): Promise<string | undefined> {
  try {
    await withApp(platform, options, controllers, () => undefined);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const fixtures = [AgentsFixtureController, DocsFixtureController, PatternFixtureController];

describe.each(PLATFORMS)('route audit on %s', (platform) => {
  it('lists every declared route with its effective access, strategies, requirements and handler', async () => {
    await withApp(platform, { publicRoutes: ['GET /health'] }, fixtures, (server) => {
      const entries = server.app.get(RoutePolicyRegistry).list();
      const entry = (route: string) => entries.find((candidate) => candidate.route === route);
      expect(entry('GET /health')).toEqual({
        route: 'GET /health',
        handler: 'PatternFixtureController.health',
        access: 'public',
        strategies: [],
        roles: [],
        scopes: [],
        permissions: [],
        ownership: [],
        identity: [],
        rules: [],
      });
      expect(entry('POST /health')).toMatchObject({ access: 'required', strategies: ['jwt'] });
      expect(entry('POST /agents/:id/deploy')).toMatchObject({
        handler: 'AgentsFixtureController.deploy',
        access: 'required',
        strategies: ['jwt'],
        roles: [{ roles: ['operator', 'admin'], match: 'any' }],
      });
      expect(entry('GET /agents/:id/audit')?.roles).toEqual([{ roles: ['operator', 'auditor'], match: 'all' }]);
      expect(entry('POST /agents/:id/execute')?.scopes).toEqual(['agents:execute', 'agents:read']);
      expect(entry('GET /agents/:id/preview')?.access).toBe('optional');
      expect(entry('GET /docs')?.access).toBe('public');
      expect(entry('GET /docs/admin')).toMatchObject({ access: 'required', roles: [{ roles: ['admin'], match: 'any' }] });
      expect(entries.every((candidate) => Object.isFrozen(candidate))).toBe(true);
    });
  });

  it('logs the table with logRoutes: true, and not without it', async () => {
    await withApp(platform, { publicRoutes: ['GET /health'], logRoutes: true }, fixtures, (_server, logger) => {
      const [table] = logger.fromLibrary('log').filter((line) => line.message.startsWith('Route policies:'));
      expect(table.message).toMatch(/ROUTE\s+ACCESS\s+STRATEGIES\s+ROLES\s+SCOPES\s+PERMISSIONS\s+CHECKS\s+RULES\s+HANDLER/);
      expect(table.message).toMatch(/GET \/health\s+public(?:\s+-){6}\s+PatternFixtureController\.health/);
      expect(table.message).toMatch(
        /POST \/agents\/:id\/deploy\s+required\s+jwt\s+any of operator, admin(?:\s+-){4}\s+AgentsFixtureController\.deploy/,
      );
      expect(table.message).toMatch(/POST \/agents\/:id\/execute\s+required\s+jwt\s+-\s+agents:execute agents:read/);
    });
    await withApp(platform, { publicRoutes: ['GET /health'] }, fixtures, (_server, logger) => {
      expect(logger.fromLibrary().some((line) => line.message.startsWith('Route policies:'))).toBe(false);
    });
  });

  it('warns about a publicRoutes or protectedRoutes pattern that matches no declared route', async () => {
    await withApp(platform, { publicRoutes: ['GET /health', 'GET /helth'], protectedRoutes: ['/agent/**'] }, fixtures, async (server, logger) => {
      expect(logger.fromLibrary('warn').map((line) => line.message)).toEqual([
        'publicRoutes pattern "GET /helth" matches no declared route',
        'protectedRoutes pattern "/agent/**" matches no declared route',
      ]);
      expect(server.app.get(RoutePolicyRegistry).list().length).toBeGreaterThan(0);
    });
  });

  it('does not warn when every pattern matches a route (a method-less or ** pattern included)', async () => {
    await withApp(
      platform,
      { publicRoutes: ['GET /health', '/docs/**', 'GET /status/*/details'], protectedRoutes: ['POST /agents/:id/text'] },
      fixtures,
      (_server, logger) => {
        expect(logger.fromLibrary('warn')).toEqual([]);
      },
    );
  });

  it('warns about a handler that is @Public() and has requirements, naming them; not about @Roles() inside a @Public() class', async () => {
    await withApp(platform, {}, [...fixtures, ConflictFixtureController, RoleControllerWithPublicHandler], (server, logger) => {
      expect(logger.fromLibrary('warn').map((line) => line.message)).toEqual([
        'ConflictFixtureController.roles is @Public() but also needs roles: it stays private',
        'ConflictFixtureController.scopes is @Public() but also needs scopes: it stays private',
        'ConflictFixtureController.agent is @Public() but also needs permissions, a tenant: it stays private',
        'RoleControllerWithPublicHandler.index is @Public() but also needs roles: it stays private',
      ]);
      expect(
        server.app
          .get(RoutePolicyRegistry)
          .list()
          .find((entry) => entry.route === 'GET /conflicts/roles')?.access,
      ).toBe('required');
    });
  });

  it('refuses to boot with strict: true, listing every problem at once', async () => {
    const message = await bootError(platform, { strict: true, publicRoutes: ['GET /helth'], protectedRoutes: ['/agent/**'] }, [
      ...fixtures,
      ConflictFixtureController,
    ]);
    expect(message).toContain('AgentAuthModule (strict): the route audit failed');
    expect(message).toContain('publicRoutes pattern "GET /helth" matches no declared route');
    expect(message).toContain('protectedRoutes pattern "/agent/**" matches no declared route');
    expect(message).toContain('ConflictFixtureController.roles is @Public() but also needs roles');
  });

  it('boots with strict: true when the audit is clean', async () => {
    expect(await bootError(platform, { strict: true, publicRoutes: ['GET /health'] }, fixtures)).toBeUndefined();
  });
});
