import { describe, expect, it } from '@jest/globals';
import { Controller, Get } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AgentAuthModule, AuthContext, RoutePolicyRegistry, type AgentAuthModuleOptions } from 'nest-agent-auth';
import type { CapturedLogger } from '../support/captured-logger.js';
import { withTestApp, type Platform, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const secret = newSecret();

/** Two handlers a case-sensitive router keeps apart: a status page, and an operator's one a letter away. */
@Controller()
class StatusPagesController {
  @Get('status')
  status() {
    return { page: 'status' };
  }

  @Get('Status')
  operatorStatus(@AuthContext() auth: AuthContext) {
    return { page: 'Status', userId: auth.userId };
  }
}

/** One handler declared with a capital letter: a case-insensitive router serves it at `/status` too. */
@Controller()
class CapitalStatusController {
  @Get('Status')
  status() {
    return { page: 'Status' };
  }
}

/** Serves `controllers` with a router of that case rule (undefined: the platform's default), recording the library's log. */
function withApp(
  platform: Platform,
  caseSensitive: boolean | undefined,
  options: AgentAuthModuleOptions,
  controllers: Array<new (...args: never[]) => unknown>,
  use: (server: TestApp, logger: CapturedLogger) => Promise<void>,
): Promise<void> {
  return withTestApp(platform, { imports: [AgentAuthModule.forRoot({ jwt: { secret }, ...options })], controllers }, use, { caseSensitive });
}

const accessOf = (server: TestApp, route: string) =>
  server.app
    .get(RoutePolicyRegistry)
    .list()
    .find((entry) => entry.route === route)?.access;

/** Fastify's router is case-sensitive unless told otherwise; Express's is not unless `case sensitive routing` is set. */
const CASE_SENSITIVE: ReadonlyArray<[string, Platform, boolean | undefined]> = [
  ['fastify (its default)', 'fastify', undefined],
  ["express with 'case sensitive routing'", 'express', true],
];
const CASE_INSENSITIVE: ReadonlyArray<[string, Platform, boolean | undefined]> = [
  ['express (its default)', 'express', undefined],
  ['fastify with caseSensitive: false', 'fastify', false],
];

describe.each(CASE_SENSITIVE)('route patterns under a case-sensitive router: %s', (_name, platform, caseSensitive) => {
  it('keeps a handler declared at GET /Status private when publicRoutes names GET /status, even with strict: true', async () => {
    await withApp(platform, caseSensitive, { publicRoutes: ['GET /status'], strict: true }, [StatusPagesController], async (server) => {
      expect((await request(server.url).get('/status')).body).toEqual({ page: 'status' });
      const anonymous = await request(server.url).get('/Status');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('missing_credentials');
      expect((await request(server.url).head('/Status')).status).toBe(401);
      const authenticated = await request(server.url)
        .get('/Status')
        .set('Authorization', `Bearer ${signToken(secret, { sub: 'op' })}`);
      expect(authenticated.body).toEqual({ page: 'Status', userId: 'op' });
      expect([accessOf(server, 'GET /status'), accessOf(server, 'GET /Status')]).toEqual(['public', 'required']);
    });
  });

  it('protects only the routes a protectedRoutes pattern names in their own case', async () => {
    await withApp(platform, caseSensitive, { defaultPrivate: false, protectedRoutes: ['GET /Status'] }, [StatusPagesController], async (server) => {
      expect((await request(server.url).get('/status')).status).toBe(200);
      expect((await request(server.url).get('/Status')).status).toBe(401);
    });
  });

  it('reports a pattern that matches a route only in another case as matching no route (a boot error with strict)', async () => {
    await withApp(platform, caseSensitive, { publicRoutes: ['GET /STATUS'] }, [CapitalStatusController], async (server, logger) => {
      expect(logger.fromLibrary('warn').map((line) => line.message)).toEqual(['publicRoutes pattern "GET /STATUS" matches no declared route']);
      expect((await request(server.url).get('/Status')).status).toBe(401);
    });
    await expect(
      withApp(platform, caseSensitive, { publicRoutes: ['GET /STATUS'], strict: true }, [CapitalStatusController], async () => undefined),
    ).rejects.toThrow('publicRoutes pattern "GET /STATUS" matches no declared route');
  });
});

describe.each(CASE_INSENSITIVE)('route patterns under a case-insensitive router: %s', (_name, platform, caseSensitive) => {
  it('lets GET /status cover a handler declared at GET /Status, which the router serves in any case', async () => {
    await withApp(platform, caseSensitive, { publicRoutes: ['GET /status'], strict: true }, [CapitalStatusController], async (server, logger) => {
      for (const path of ['/status', '/Status', '/STATUS']) expect((await request(server.url).get(path)).body).toEqual({ page: 'Status' });
      expect(accessOf(server, 'GET /Status')).toBe('public');
      expect(logger.fromLibrary('warn')).toEqual([]);
    });
  });

  it('lets a protectedRoutes pattern protect the route in whatever case it was declared', async () => {
    await withApp(platform, caseSensitive, { defaultPrivate: false, protectedRoutes: ['/STATUS'] }, [CapitalStatusController], async (server) => {
      for (const path of ['/status', '/Status']) expect((await request(server.url).get(path)).status).toBe(401);
    });
  });
});

describe('route patterns in an app without an HTTP router (an application context)', () => {
  it('matches publicRoutes case-sensitively and protectedRoutes in any case: each pattern covers the fewest routes it could open', async () => {
    const policies = async (options: AgentAuthModuleOptions) => {
      const moduleRef = await Test.createTestingModule({
        imports: [AgentAuthModule.forRoot({ jwt: { secret }, ...options })],
        controllers: [StatusPagesController],
      }).compile();
      await moduleRef.init();
      try {
        return Object.fromEntries(
          moduleRef
            .get(RoutePolicyRegistry)
            .list()
            .map((entry) => [entry.route, entry.access]),
        );
      } finally {
        await moduleRef.close();
      }
    };
    expect(await policies({ publicRoutes: ['GET /status'] })).toEqual({ 'GET /status': 'public', 'GET /Status': 'required' });
    expect(await policies({ defaultPrivate: false, protectedRoutes: ['GET /STATUS'] })).toEqual({
      'GET /status': 'required',
      'GET /Status': 'required',
    });
  });
});
