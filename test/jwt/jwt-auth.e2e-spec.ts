import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import request from 'supertest';
import { AgentAuthModule, type AuthContext } from 'nest-agent-auth';
import { StrategyRegistry } from 'nest-agent-auth/authentication/strategy.registry.js';
import type { JwtStrategy } from 'nest-agent-auth/strategies/jwt/jwt.strategy.js';
import { AgentsFixtureController, DocsFixtureController } from '../fixtures/agents.fixture.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, rawToken, signToken } from '../support/tokens.js';

const secret = newSecret();
const jwt = { secret, audience: 'agent-api', issuer: 'https://auth.test' };
const valid = (claims: Record<string, unknown> = {}, options = {}) =>
  signToken(secret, claims, { audience: 'agent-api', issuer: 'https://auth.test', ...options });
const now = () => Math.floor(Date.now() / 1000);

describe.each(PLATFORMS)('JWT authentication on %s', (platform) => {
  let server: TestApp;
  const get = (path: string, token?: string) => {
    const call = request(server.url).get(path);
    return token === undefined ? call : call.set('Authorization', `Bearer ${token}`);
  };
  const expectRefusal = (response: request.Response, status: number, code: string, token?: string) => {
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(response.body.statusCode).toBe(status);
    expect(response.text).not.toMatch(/at .*\.(js|ts):\d+/);
    if (token) expect(response.text + JSON.stringify(response.headers)).not.toContain(token);
  };

  beforeAll(async () => {
    server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ jwt, realm: 'agents' })],
      controllers: [AgentsFixtureController, DocsFixtureController],
    });
  });
  afterAll(() => server.close());

  describe('public and private routes', () => {
    it('serves a @Public() route without credentials', async () => {
      const response = await get('/agents/catalog');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ agents: ['support'] });
    });

    it('refuses a private route without credentials: 401 missing_credentials and a bare Bearer challenge', async () => {
      const response = await get('/agents');
      expectRefusal(response, 401, 'missing_credentials');
      expect(response.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        code: 'missing_credentials',
        message: 'Missing Authorization header',
      });
      expect(response.headers['www-authenticate']).toBe('Bearer realm="agents"');
    });

    it('serves a private route to a valid token and attaches the principal', async () => {
      const response = await get('/agents', valid({ sub: 'alice' }));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ userId: 'alice', method: 'jwt' });
    });

    it('keeps a @Roles() handler private inside a @Public() controller', async () => {
      expect((await get('/docs')).status).toBe(200);
      expectRefusal(await get('/docs/admin'), 401, 'missing_credentials');
      expect((await get('/docs/admin', valid({ roles: ['admin'] }))).status).toBe(200);
    });

    it('takes the subject from user_id or id when sub is absent', async () => {
      const token = signToken(secret, { sub: undefined, user_id: 'u-42' }, { audience: 'agent-api', issuer: 'https://auth.test' });
      expect((await get('/agents', token)).body.userId).toBe('u-42');
    });

    it('refuses a verified token that names no subject', async () => {
      const token = signToken(secret, { sub: undefined }, { audience: 'agent-api', issuer: 'https://auth.test' });
      expectRefusal(await get('/agents', token), 401, 'invalid_token', token);
    });
  });

  describe('header parsing', () => {
    it('answers another scheme with 401 invalid_scheme and no error= in the challenge', async () => {
      const response = await request(server.url).get('/agents').set('Authorization', 'Basic dXNlcjpwYXNz');
      expectRefusal(response, 401, 'invalid_scheme');
      expect(response.body.message).toBe('Authorization header must use the Bearer scheme');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="agents"');
    });

    it('accepts the scheme in any case', async () => {
      const response = await request(server.url).get('/agents').set('Authorization', `bEaReR ${valid()}`);
      expect(response.status).toBe(200);
    });

    it.each([['Bearer'], ['Bearer  x.y.z'], ['Bearer a b']])('refuses the malformed header %j with invalid_token', async (header) => {
      expectRefusal(await request(server.url).get('/agents').set('Authorization', header), 401, 'invalid_token');
    });
  });

  describe('token validation', () => {
    it('refuses an expired token with token_expired and an invalid_token challenge', async () => {
      const token = valid({ exp: now() - 60 });
      const response = await get('/agents', token);
      expectRefusal(response, 401, 'token_expired', token);
      expect(response.body.message).toBe('Token expired');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="agents", error="invalid_token", error_description="Token expired"');
    });

    const refused: Array<[string, () => string]> = [
      ['not yet valid (nbf)', () => valid({ nbf: now() + 600 })],
      ['for another audience', () => signToken(secret, {}, { audience: 'other-api', issuer: 'https://auth.test' })],
      ['from another issuer', () => signToken(secret, {}, { audience: 'agent-api', issuer: 'https://evil.test' })],
      ['without audience', () => signToken(secret, {}, { issuer: 'https://auth.test' })],
      ['signed with another secret', () => signToken(newSecret(), {}, { audience: 'agent-api', issuer: 'https://auth.test' })],
      ['signed with an algorithm that is not pinned (HS512)', () => valid({}, { algorithm: 'HS512' })],
      ['with alg none', () => rawToken({ alg: 'none', typ: 'JWT' }, { sub: 'u1', aud: 'agent-api', iss: 'https://auth.test' }, '')],
      ['with alg NoNe and a signature', () => rawToken({ alg: 'NoNe' }, { sub: 'u1', aud: 'agent-api', iss: 'https://auth.test' })],
      [
        'tampered (payload swapped)',
        () => {
          const [header, , signature] = valid({ roles: ['user'] }).split('.');
          const [, payload] = valid({ roles: ['admin'] }).split('.');
          return `${header}.${payload}.${signature.slice(0, -2)}AA`;
        },
      ],
      ['with its signature stripped', () => valid().split('.').slice(0, 2).join('.') + '.'],
      ['with a crit header', () => valid({}, { header: { alg: 'HS256', crit: ['exp'] } as never })],
      ['with an embedded jwk header', () => valid({}, { header: { alg: 'HS256', jwk: { kty: 'oct', k: 'AAAA' } } as never })],
      ['with a jku header', () => valid({}, { header: { alg: 'HS256', jku: 'http://127.0.0.1:1/keys' } as never })],
      ['nesting another JWT (cty: JWT)', () => valid({}, { header: { alg: 'HS256', cty: 'JWT' } as never })],
      ['with a string exp', () => rawToken({ alg: 'HS256' }, { sub: 'u1', exp: '9999999999' })],
      ['that is not a JWT at all', () => 'not-a-token'],
      ['that is far too long', () => 'a'.repeat(9000) + '.b.c'],
    ];

    it.each(refused)('refuses a token %s with 401 invalid_token', async (_name, make) => {
      const token = make();
      const response = await get('/agents', token);
      expectRefusal(response, 401, 'invalid_token', token.length > 20 ? token : undefined);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="agents", error="invalid_token", error_description="/);
    });

    it('refuses a token past its exp even once the verified-token cache served it', async () => {
      const jwtStrategy = server.app.get(StrategyRegistry).get('jwt') as JwtStrategy;
      // Two to three seconds of validity (exp counts whole seconds) for the three requests, even on a loaded machine.
      const exp = now() + 3;
      const token = valid({ sub: 'cached', exp });
      const cachedBefore = jwtStrategy.cachedTokens;
      // The cache admits a token on its second verification: the third request is answered from it.
      for (let i = 0; i < 3; i++) expect((await get('/agents', token)).body).toEqual({ userId: 'cached', method: 'jwt' });
      expect(jwtStrategy.cachedTokens).toBe(cachedBefore + 1);
      await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 100));
      expectRefusal(await get('/agents', token), 401, 'token_expired', token);
    });
  });

  describe('roles and scopes', () => {
    it('grants @Roles() to a principal holding any one of them', async () => {
      expect(
        (
          await request(server.url)
            .post('/agents/a1/deploy')
            .set('Authorization', `Bearer ${valid({ roles: ['admin'] })}`)
        ).status,
      ).toBe(200);
    });

    it('answers a missing role with 403 insufficient_role', async () => {
      const response = await request(server.url)
        .post('/agents/a1/deploy')
        .set('Authorization', `Bearer ${valid({ roles: ['viewer'] })}`);
      expectRefusal(response, 403, 'insufficient_role');
      expect(response.body.error).toBe('Forbidden');
    });

    it('does not treat a role string as a substring match', async () => {
      const response = await request(server.url)
        .post('/agents/a1/deploy')
        .set('Authorization', `Bearer ${valid({ roles: 'administrator' })}`);
      expectRefusal(response, 403, 'insufficient_role');
    });

    it('needs every role of @AllRoles()', async () => {
      expectRefusal(await get('/agents/a1/audit', valid({ roles: ['operator'] })), 403, 'insufficient_role');
      expect((await get('/agents/a1/audit', valid({ roles: ['operator', 'auditor'] }))).status).toBe(200);
    });

    it('needs every scope of @Scopes(), from scope or scp', async () => {
      const call = (claims: Record<string, unknown>) =>
        request(server.url)
          .post('/agents/a1/execute')
          .set('Authorization', `Bearer ${valid(claims)}`);
      expect((await call({ scope: 'agents:read agents:execute' })).status).toBe(200);
      expect((await call({ scp: ['agents:read', 'agents:execute'] })).status).toBe(200);
      const response = await call({ scope: 'agents:read' });
      expectRefusal(response, 403, 'insufficient_scope');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="agents", error="insufficient_scope", scope="agents:execute agents:read"');
    });

    it('answers 401, not 403, when a role-protected route gets no credentials', async () => {
      expectRefusal(await request(server.url).post('/agents/a1/deploy'), 401, 'missing_credentials');
    });
  });

  describe('optional auth and strategy selection', () => {
    it('lets an @OptionalAuth() route through without credentials', async () => {
      const response = await get('/agents/a1/preview');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ userId: null });
    });

    it('attaches the principal on an @OptionalAuth() route when the token is valid', async () => {
      expect((await get('/agents/a1/preview', valid({ sub: 'bob' }))).body).toEqual({ userId: 'bob' });
    });

    it('still refuses an invalid token on an @OptionalAuth() route', async () => {
      expectRefusal(await get('/agents/a1/preview', 'garbage'), 401, 'invalid_token');
    });

    it('runs the strategies named by @UseAuth()', async () => {
      expect((await get('/agents/a1/jwt-only', valid())).body).toEqual({ method: 'jwt' });
    });
  });

  describe('@AuthUser()', () => {
    it('gives the handler the principal and one field of it', async () => {
      expect((await get('/agents/a7', valid({ sub: 'carol' }))).body).toEqual({ id: 'a7', userId: 'carol' });
      const response = await request(server.url)
        .post('/agents/a7/text')
        .set('Authorization', `Bearer ${valid({ sub: 'carol', roles: ['operator'], tenant_id: 't1' })}`)
        .send({ input: 'hi' });
      const user = response.body.user as AuthContext;
      expect(user).toMatchObject({ userId: 'carol', method: 'jwt', roles: ['operator'], scopes: [], tenantId: 't1' });
      expect(user.claims).toMatchObject({ sub: 'carol', aud: 'agent-api' });
    });
  });
});

describe.each(PLATFORMS)('module options on %s', (platform) => {
  it('gives handlers what mapUser returns', async () => {
    const server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ jwt: { secret }, mapUser: async (auth) => ({ name: `user ${auth.userId}` }) })],
      controllers: [AgentsFixtureController],
    });
    try {
      const response = await request(server.url)
        .post('/agents/a1/text')
        .set('Authorization', `Bearer ${signToken(secret)}`)
        .send({});
      expect(response.body.user).toEqual({ name: 'user u1' });
    } finally {
      await server.close();
    }
  });

  it('reshapes error bodies with errorBody', async () => {
    const server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ jwt: { secret }, errorBody: (error) => ({ ok: false, reason: error.code }) })],
      controllers: [AgentsFixtureController],
    });
    try {
      const response = await request(server.url).get('/agents');
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ ok: false, reason: 'missing_credentials' });
    } finally {
      await server.close();
    }
  });

  it('lets everything through with enabled: false', async () => {
    const server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ enabled: false, jwt: { secret } })],
      controllers: [AgentsFixtureController],
    });
    try {
      expect((await request(server.url).get('/agents/a1/preview')).body).toEqual({ userId: null });
      expect((await request(server.url).post('/agents/a1/deploy')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('configures itself from forRootAsync with an injected factory', async () => {
    const server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRootAsync({ useFactory: async () => ({ jwt: { secret } }) })],
      controllers: [AgentsFixtureController],
    });
    try {
      expect((await request(server.url).get('/agents')).status).toBe(401);
      expect(
        (
          await request(server.url)
            .get('/agents')
            .set('Authorization', `Bearer ${signToken(secret)}`)
        ).status,
      ).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('guards every route when a module switch is given as undefined (from an unset setting): only false turns one off', async () => {
    const unset: boolean | undefined = undefined;
    const server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ jwt: { secret }, globalGuard: unset, isGlobal: unset, principalContext: unset })],
      controllers: [AgentsFixtureController],
    });
    try {
      expect((await request(server.url).post('/agents/a1/deploy')).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('does not guard anything with globalGuard: false', async () => {
    const server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ jwt: { secret }, globalGuard: false })],
      controllers: [AgentsFixtureController],
    });
    try {
      expect((await request(server.url).post('/agents/a1/deploy')).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
