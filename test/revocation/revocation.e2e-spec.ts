import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AgentAuthModule, generateApiKey, RevocationService, type AgentAuthModuleOptions, type RevocationStore } from 'nest-agent-auth';
import { AgentsFixtureController } from '../fixtures/agents.fixture.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, nowSeconds, signToken } from '../support/tokens.js';

const secret = newSecret();
const apiKey = generateApiKey();
const doomedKey = generateApiKey();
const options: AgentAuthModuleOptions = {
  jwt: { secret },
  apiKey: {
    keys: [
      { id: 'ci-bot', key: apiKey },
      { id: 'doomed', key: doomedKey },
    ],
  },
};
const token = (claims: Record<string, unknown> = {}) => signToken(secret, { jti: randomUUID(), ...claims });

describe.each(PLATFORMS)('revocation on %s (in-memory store)', (platform) => {
  let server: TestApp;
  let revocations: RevocationService;
  beforeAll(async () => {
    server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ ...options, revocationRoute: true })],
      controllers: [AgentsFixtureController],
    });
    revocations = server.app.get(RevocationService);
  });
  afterAll(() => server.close());

  const get = (headers: Record<string, string>) => request(server.url).get('/agents').set(headers);
  const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
  const expectRevoked = async (value: string) => {
    const response = await get(bearer(value));
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code: 'token_revoked' });
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(response.text + JSON.stringify(response.headers)).not.toContain(value);
  };

  it('refuses a JWT revoked by jti with 401 token_revoked, even once it sat in the verified-token cache', async () => {
    const jti = randomUUID();
    const revoked = token({ jti });
    for (let i = 0; i < 3; i++) expect((await get(bearer(revoked))).status).toBe(200);
    await revocations.revokeToken(jti, (nowSeconds() + 3600) * 1000);
    await expectRevoked(revoked);
    expect((await get(bearer(token()))).status).toBe(200);
  });

  it('logs a subject out everywhere: its tokens issued before the instant are refused, others are not', async () => {
    const early = token({ sub: 'alice', iat: nowSeconds() - 10 });
    const bob = token({ sub: 'bob', iat: nowSeconds() - 10 });
    expect((await get(bearer(early))).status).toBe(200);
    await revocations.revokeSubject('alice');
    await expectRevoked(early);
    expect((await get(bearer(bob))).status).toBe(200);
    expect((await get(bearer(token({ sub: 'alice', iat: nowSeconds() + 2 })))).status).toBe(200);
  });

  it('refuses an API key revoked by id with 401 invalid_api_key', async () => {
    for (let i = 0; i < 2; i++) expect((await get({ 'x-api-key': doomedKey })).status).toBe(200);
    await revocations.revokeApiKey('doomed');
    const response = await get({ 'x-api-key': doomedKey });
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code: 'invalid_api_key' });
  });

  describe('POST /auth/revoke (RFC 7009 request shape)', () => {
    it('lets a caller revoke its own token, form-encoded or JSON', async () => {
      const own = token({ sub: 'carol' });
      const form = await request(server.url).post('/auth/revoke').set(bearer(own)).type('form').send({ token: own, token_type_hint: 'access_token' });
      expect(form.status).toBe(200);
      await expectRevoked(own);

      const other = token({ sub: 'carol' });
      const caller = token({ sub: 'carol' });
      expect((await request(server.url).post('/auth/revoke').set(bearer(caller)).send({ token: other })).status).toBe(200);
      await expectRevoked(other);
      expect((await get(bearer(caller))).status).toBe(200);
    });

    it("refuses to revoke another principal's token (403 identity_mismatch), and it keeps working", async () => {
      const victim = token({ sub: 'dave' });
      const response = await request(server.url)
        .post('/auth/revoke')
        .set(bearer(token({ sub: 'eve' })))
        .send({ token: victim });
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 403, code: 'identity_mismatch' });
      expect((await get(bearer(victim))).status).toBe(200);
    });

    it('answers 200 for an invalid token (RFC 7009 §2.2), 400 without a token, 401 without credentials', async () => {
      const caller = bearer(token());
      expect((await request(server.url).post('/auth/revoke').set(caller).send({ token: 'not-a-token' })).status).toBe(200);
      const missing = await request(server.url).post('/auth/revoke').set(caller).send({});
      expect({ status: missing.status, code: missing.body.code }).toEqual({ status: 400, code: 'invalid_request' });
      expect((await request(server.url).post('/auth/revoke').send({ token: 'x' })).status).toBe(401);
    });

    it('revokes an API key sent as the token by its own holder', async () => {
      const response = await request(server.url)
        .post('/auth/revoke')
        .set('x-api-key', apiKey)
        .type('form')
        .send({ token: apiKey, token_type_hint: 'api_key' });
      expect(response.status).toBe(200);
      const after = await get({ 'x-api-key': apiKey });
      expect({ status: after.status, code: after.body.code }).toEqual({ status: 401, code: 'invalid_api_key' });
    });

    it('answers 400 invalid_request for a JWT without jti (it cannot be revoked alone)', async () => {
      const bare = signToken(secret, { sub: 'frank' });
      const response = await request(server.url).post('/auth/revoke').set(bearer(bare)).send({ token: bare });
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'invalid_request' });
    });
  });
});

describe.each(PLATFORMS)('a revocation store that fails, on %s', (platform) => {
  let server: TestApp;
  const failing: RevocationStore = {
    revoke: () => Promise.reject(new Error('store down')),
    isRevoked: () => Promise.reject(new Error('store down')),
  };
  beforeAll(async () => {
    server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ ...options, revocation: { store: failing }, revocationRoute: true })],
      controllers: [AgentsFixtureController],
    });
  });
  afterAll(() => server.close());

  it('fails closed: 503 auth_unavailable with Retry-After, never 200 and never 500', async () => {
    for (const headers of [{ authorization: `Bearer ${token()}` }, { 'x-api-key': apiKey }]) {
      const response = await request(server.url).get('/agents').set(headers);
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 503, code: 'auth_unavailable' });
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    }
  });
});
