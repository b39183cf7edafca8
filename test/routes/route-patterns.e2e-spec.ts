import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AgentAuthModule } from 'nest-agent-auth';
import { AgentsFixtureController, HookFixtureController, PatternFixtureController } from '../fixtures/agents.fixture.js';
import { rawRequest, type RawResponse } from '../support/raw-http.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const secret = newSecret();
const controllers = [PatternFixtureController, AgentsFixtureController];

/** Paths that try to reach the private `/agents` handlers through a public-looking URL. */
const PATH_TRICKS = [
  '/health/../agents',
  '/health/%2e%2e/agents',
  '/health/%2E%2E/agents',
  '/health/..%2fagents',
  '/health%2f..%2fagents',
  '//agents',
  '/./agents',
  '/AGENTS',
  '/Agents/',
  '/agents/',
  '/agents;/health',
  '/agents?next=/health',
  '/agents%23/health',
  '/agents/a1/text/../../../health',
  '/status/x/details/../../../agents',
  '/files/../agents',
];

/**
 * A trick either fails (400/401/404) or lands on a public handler (200 without a principal in the body);
 * a private handler reached without a principal would answer 500 (it reads `auth.userId`) or echo `userId`.
 */
function expectNoPrivateHandler(response: RawResponse): void {
  expect([200, 400, 401, 404]).toContain(response.status);
  expect(response.body).not.toContain('userId');
}

describe.each(PLATFORMS)('route patterns on %s', (platform) => {
  describe('publicRoutes with defaultPrivate', () => {
    let server: TestApp;
    beforeAll(async () => {
      server = await startTestApp(platform, {
        imports: [
          AgentAuthModule.forRoot({
            jwt: { secret },
            publicRoutes: ['GET /health', 'GET /status/*/details', 'GET /files/**'],
          }),
        ],
        controllers,
      });
    });
    afterAll(() => server.close());

    it('serves a route matched by an exact pattern without credentials', async () => {
      expect((await request(server.url).get('/health')).status).toBe(200);
    });

    it('lets a GET pattern cover HEAD', async () => {
      expect((await request(server.url).head('/health')).status).toBe(200);
    });

    it('does not let a GET pattern cover POST on the same path', async () => {
      const response = await request(server.url).post('/health');
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('missing_credentials');
    });

    it('matches one segment with *', async () => {
      expect((await request(server.url).get('/status/db/details')).status).toBe(200);
    });

    it('matches any depth with **', async () => {
      expect((await request(server.url).get('/files/a/b/c.txt')).status).toBe(200);
    });

    it('keeps every other route private', async () => {
      expect((await request(server.url).get('/agents')).status).toBe(401);
    });

    it.each(PATH_TRICKS)('never reaches a private handler through %s', async (path) => {
      expectNoPrivateHandler(await rawRequest(server.url, 'GET', path));
    });

    it.each(PATH_TRICKS)('never reaches a private handler through HEAD %s', async (path) => {
      expectNoPrivateHandler(await rawRequest(server.url, 'HEAD', path));
    });
  });

  describe('protectedRoutes with defaultPrivate: false', () => {
    let server: TestApp;
    beforeAll(async () => {
      server = await startTestApp(platform, {
        imports: [AgentAuthModule.forRoot({ jwt: { secret }, defaultPrivate: false, protectedRoutes: ['/agents/**'] })],
        controllers,
      });
    });
    afterAll(() => server.close());

    it('serves unmatched routes without credentials', async () => {
      expect((await request(server.url).get('/status/db/details')).status).toBe(200);
    });

    it('protects routes matched by ** including the bare prefix (zero segments)', async () => {
      expect((await request(server.url).get('/agents')).status).toBe(401);
      expect((await request(server.url).get('/agents/a1')).status).toBe(401);
      expect(
        (
          await request(server.url)
            .get('/agents/a1')
            .set('Authorization', `Bearer ${signToken(secret)}`)
        ).status,
      ).toBe(200);
    });

    it('still protects routes that carry @Roles outside the patterns', async () => {
      expect((await request(server.url).post('/agents/a1/deploy')).status).toBe(401);
    });

    it.each(PATH_TRICKS)('never reaches a protected handler through %s', async (path) => {
      expectNoPrivateHandler(await rawRequest(server.url, 'GET', path));
    });
  });

  describe('method patterns and an @All() handler', () => {
    const start = (options: { publicRoutes?: string[]; protectedRoutes?: string[]; defaultPrivate?: boolean; strict?: boolean }) =>
      startTestApp(platform, { imports: [AgentAuthModule.forRoot({ jwt: { secret }, ...options })], controllers: [HookFixtureController] });

    it('protectedRoutes "POST /hooks/*" protects the @All() handler serving POST there (for every method: it is one handler)', async () => {
      const server = await start({ defaultPrivate: false, protectedRoutes: ['POST /hooks/*'], strict: true }); // and counts as used
      try {
        for (const method of ['post', 'get', 'delete'] as const) expect((await request(server.url)[method]('/hooks/deploy')).status).toBe(401);
        const signed = await request(server.url)
          .post('/hooks/deploy')
          .set('Authorization', `Bearer ${signToken(secret)}`);
        expect(signed.status).toBe(200);
      } finally {
        await server.close();
      }
    });

    it('publicRoutes "GET /hooks/*" does not make the @All() handler public: it serves POST too', async () => {
      const server = await start({ publicRoutes: ['GET /hooks/*'] });
      try {
        for (const method of ['get', 'post'] as const) expect((await request(server.url)[method]('/hooks/deploy')).status).toBe(401);
      } finally {
        await server.close();
      }
    });
  });

  describe('with a global prefix', () => {
    let server: TestApp;
    beforeAll(async () => {
      server = await startTestApp(
        platform,
        { imports: [AgentAuthModule.forRoot({ jwt: { secret }, publicRoutes: ['GET /api/health'] })], controllers },
        { configure: (app) => app.setGlobalPrefix('api') },
      );
    });
    afterAll(() => server.close());

    it('matches patterns against the prefixed declared route', async () => {
      expect((await request(server.url).get('/api/health')).status).toBe(200);
      expect((await request(server.url).get('/api/agents')).status).toBe(401);
      expect((await request(server.url).get('/health')).status).toBe(404);
    });

    it('does not make /api/health public through a pattern written without the prefix', async () => {
      const unprefixed = await startTestApp(
        platform,
        { imports: [AgentAuthModule.forRoot({ jwt: { secret }, publicRoutes: ['GET /health'] })], controllers },
        { configure: (app) => app.setGlobalPrefix('api') },
      );
      try {
        expect((await request(unprefixed.url).get('/api/health')).status).toBe(401);
      } finally {
        await unprefixed.close();
      }
    });

    it.each(['/api/health/../agents', '//api/agents', '/API/agents', '/api/%2e%2e/api/agents'])(
      'never reaches a private handler through %s',
      async (path) => {
        expectNoPrivateHandler(await rawRequest(server.url, 'GET', path));
      },
    );
  });
});
