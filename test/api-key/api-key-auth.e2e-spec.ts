import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { AgentAuthModule, generateApiKey, hashApiKey, type ApiKeyOptions } from 'nest-agent-auth';
import { CiFixtureController } from '../fixtures/api-key.fixture.js';
import { AgentsFixtureController } from '../fixtures/agents.fixture.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const secret = newSecret();
const ciKey = generateApiKey();
const plainKey = generateApiKey();
const hashedKey = generateApiKey();
const expiredKey = generateApiKey();
const futureKey = generateApiKey();
/** Every RegExp metacharacter a key may hold (visible ASCII, no comma). */
const regexKey = `^(a+)+$.*[x]{2}|\\?${generateApiKey()}`;
const unknownKey = generateApiKey();
const allKeys = [ciKey, plainKey, hashedKey, expiredKey, futureKey, regexKey, unknownKey];

const apiKey: ApiKeyOptions = {
  keys: [
    { id: 'ci-bot', key: ciKey, roles: ['operator'], scopes: ['agents:execute', 'agents:read'], tenantId: 'acme' },
    plainKey,
    { id: 'hashed', hash: hashApiKey(hashedKey) },
    { id: 'old', key: expiredKey, expiresAt: new Date(Date.now() - 60_000) },
    { id: 'until-2999', key: futureKey, expiresAt: '2999-01-01T00:00:00.000Z' },
    { id: 'regex', key: regexKey },
  ],
};

/** Asserts a refusal: status, code, and that no key (nor its hash) shows up anywhere in the response. */
function expectRefusal(response: request.Response, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.body.code).toBe(code);
  const everything = response.text + JSON.stringify(response.headers);
  for (const key of allKeys) {
    expect(everything).not.toContain(key);
    expect(everything).not.toContain(createHash('sha256').update(key).digest('hex'));
  }
  expect(everything).not.toMatch(/at .*\.(js|ts):\d+/);
}

describe.each(PLATFORMS)('API key authentication on %s', (platform) => {
  let server: TestApp;
  const whoami = (headers: Record<string, string | string[]>, path = '/ci/whoami') => {
    const call = request(server.url).get(path);
    // superagent sends an array value as one header line per item (its typings only admit that for Cookie).
    for (const [name, value] of Object.entries(headers)) call.set(name, value as string);
    return call;
  };

  beforeAll(async () => {
    server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ jwt: { secret }, apiKey })],
      controllers: [CiFixtureController, AgentsFixtureController],
    });
  });
  afterAll(() => server.close());

  describe('accepted keys', () => {
    it('accepts a key in x-api-key and builds the principal from its definition', async () => {
      const response = await whoami({ 'x-api-key': ciKey });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        userId: 'ci-bot',
        method: 'api-key',
        roles: ['operator'],
        scopes: ['agents:execute', 'agents:read'],
        permissions: [],
        tenantId: 'acme',
        claims: { keyId: 'ci-bot' },
      });
    });

    it('names a key without id apikey_<first 12 hex of its sha256>', async () => {
      const response = await whoami({ 'x-api-key': plainKey });
      expect(response.status).toBe(200);
      expect(response.body.userId).toBe(`apikey_${createHash('sha256').update(plainKey).digest('hex').slice(0, 12)}`);
      expect(response.body).toMatchObject({ method: 'api-key', roles: [], scopes: [] });
    });

    it('accepts a key configured only by its sha256 hash', async () => {
      expect((await whoami({ 'x-api-key': hashedKey })).body.userId).toBe('hashed');
    });

    it('accepts a key whose expiry is ahead and tells when it expires', async () => {
      const response = await whoami({ 'x-api-key': futureKey });
      expect(response.status).toBe(200);
      expect(response.body.claims).toEqual({ keyId: 'until-2999', expiresAt: '2999-01-01T00:00:00.000Z' });
    });

    it('takes RegExp metacharacters in a key literally', async () => {
      expect((await whoami({ 'x-api-key': regexKey })).body.userId).toBe('regex');
      expect((await whoami({ Authorization: `ApiKey ${regexKey}` })).body.userId).toBe('regex');
      expectRefusal(await whoami({ 'x-api-key': regexKey.replace('(a+)', 'aaaa') }), 401, 'invalid_api_key');
    });

    it('reads the header name in any case', async () => {
      expect((await whoami({ 'X-API-KEY': ciKey })).status).toBe(200);
    });

    it.each([['ApiKey'], ['apikey'], ['APIKEY'], ['aPiKeY']])('accepts Authorization: %s <key>', async (scheme) => {
      const response = await whoami({ Authorization: `${scheme} ${ciKey}` });
      expect(response.status).toBe(200);
      expect(response.body.userId).toBe('ci-bot');
    });

    it('accepts a key surrounded by whitespace (HTTP strips it from header values)', async () => {
      expect((await whoami({ 'x-api-key': `  ${ciKey}\t` })).status).toBe(200);
    });

    it('keeps answering from its cache with the same principal', async () => {
      const first = await whoami({ 'x-api-key': ciKey });
      const second = await whoami({ 'x-api-key': ciKey });
      expect(second.body).toEqual(first.body);
    });
  });

  describe('refused keys', () => {
    const refused: Array<[string, () => Record<string, string | string[]>]> = [
      ['one character off (last)', () => ({ 'x-api-key': ciKey.slice(0, -1) + (ciKey.endsWith('A') ? 'B' : 'A') })],
      ['one character off (first after the prefix)', () => ({ 'x-api-key': `ak_${ciKey[3] === 'A' ? 'B' : 'A'}${ciKey.slice(4)}` })],
      ['a prefix of the key', () => ({ 'x-api-key': ciKey.slice(0, 20) })],
      ['the key minus its last character', () => ({ 'x-api-key': ciKey.slice(0, -1) })],
      ['the key plus one character', () => ({ 'x-api-key': `${ciKey}x` })],
      ['the key twice in a row', () => ({ 'x-api-key': ciKey + ciKey })],
      ['a key of another length', () => ({ 'x-api-key': 'ak_short' })],
      ['an unknown key', () => ({ 'x-api-key': unknownKey })],
      ['an expired key', () => ({ 'x-api-key': expiredKey })],
      ['an expired key in Authorization', () => ({ Authorization: `ApiKey ${expiredKey}` })],
      ['the hash instead of the key', () => ({ 'x-api-key': hashApiKey(hashedKey) })],
      ['an empty x-api-key header', () => ({ 'x-api-key': '' })],
      ['whitespace inside the key', () => ({ 'x-api-key': `${ciKey.slice(0, 10)} ${ciKey.slice(10)}` })],
      ['the key header sent twice (same key)', () => ({ 'x-api-key': [ciKey, ciKey] })],
      ['the key header sent twice (good, bad)', () => ({ 'x-api-key': [ciKey, unknownKey] })],
      ['the key header sent twice (bad, good)', () => ({ 'x-api-key': [unknownKey, ciKey] })],
      ['two keys joined by a comma', () => ({ 'x-api-key': `${ciKey},${plainKey}` })],
      ['a key far too long', () => ({ 'x-api-key': 'k'.repeat(600) })],
      ['a non-ASCII key', () => ({ 'x-api-key': `${ciKey.slice(0, -1)}\u00e9` })],
      ['Authorization: ApiKey without a key', () => ({ Authorization: 'ApiKey' })],
      ['Authorization: ApiKey with an empty key', () => ({ Authorization: 'ApiKey ' })],
      ['Authorization: ApiKey with two spaces', () => ({ Authorization: `ApiKey  ${ciKey}` })],
      ['Authorization: ApiKey with two keys', () => ({ Authorization: `ApiKey ${ciKey} ${ciKey}` })],
    ];

    it.each(refused)('refuses %s with 401 invalid_api_key', async (_name, headers) => {
      const response = await whoami(headers());
      expectRefusal(response, 401, 'invalid_api_key');
      expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'invalid_api_key', message: 'Invalid API key' });
      expect(response.headers['www-authenticate']).toBe('Bearer realm="api", error="invalid_token", error_description="Invalid API key"');
    });

    it('never reads a key from the query string', async () => {
      const query = ['api_key', 'apiKey', 'apikey', 'x-api-key', 'key', 'token', 'access_token']
        .map((name) => `${name}=${encodeURIComponent(ciKey)}`)
        .join('&');
      const response = await request(server.url).get(`/ci/whoami?${query}`);
      expectRefusal(response, 401, 'missing_credentials');
    });

    it('answers no key at all with 401 missing_credentials', async () => {
      expectRefusal(await whoami({}), 401, 'missing_credentials');
    });

    it('answers another Authorization scheme with 401 invalid_scheme naming ApiKey', async () => {
      const response = await whoami({ Authorization: `Basic ${Buffer.from(`u:${ciKey}`).toString('base64')}` });
      expectRefusal(response, 401, 'invalid_scheme');
      expect(response.body.message).toBe('Authorization header must use the ApiKey scheme');
    });

    it('does not read a Bearer value as a key unless acceptBearer is set', async () => {
      expectRefusal(await whoami({ Authorization: `Bearer ${ciKey}` }), 401, 'invalid_scheme');
    });

    it('refuses a key sent in the key header and in Authorization at once with 400 invalid_request', async () => {
      const response = await whoami({ 'x-api-key': ciKey, Authorization: `ApiKey ${ciKey}` });
      expectRefusal(response, 400, 'invalid_request');
    });
  });

  describe('roles, scopes and principal', () => {
    it('grants @Roles() from the key definition', async () => {
      const call = (key: string) => request(server.url).post('/agents/a1/deploy').set('x-api-key', key);
      expect((await call(ciKey)).status).toBe(200);
      expectRefusal(await call(plainKey), 403, 'insufficient_role');
    });

    it('grants @Scopes() from the key definition', async () => {
      const call = (key: string) => request(server.url).post('/agents/a1/execute').set('x-api-key', key);
      expect((await call(ciKey)).status).toBe(200);
      expectRefusal(await call(hashedKey), 403, 'insufficient_scope');
    });

    it('never puts the key or its hash in the principal handlers see', async () => {
      const response = await request(server.url).post('/agents/a1/text').set('x-api-key', ciKey).send({});
      expect(response.status).toBe(200);
      expect(response.body.user).toMatchObject({ userId: 'ci-bot', method: 'api-key', tenantId: 'acme' });
      expect(response.text).not.toContain(ciKey);
      expect(response.text).not.toContain(createHash('sha256').update(ciKey).digest('hex'));
    });
  });

  describe('composite [jwt, api-key]', () => {
    const agents = (headers: Record<string, string>) => whoami(headers, '/agents');

    it('tries jwt then api-key on routes without @UseAuth', async () => {
      expect((await agents({ 'x-api-key': ciKey })).body).toEqual({ userId: 'ci-bot', method: 'api-key' });
      expect((await agents({ Authorization: `Bearer ${signToken(secret, { sub: 'alice' })}` })).body).toEqual({ userId: 'alice', method: 'jwt' });
    });

    it('lets Authorization: ApiKey <key> succeed although jwt refuses the scheme', async () => {
      const response = await agents({ Authorization: `ApiKey ${ciKey}` });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ userId: 'ci-bot', method: 'api-key' });
    });

    it('answers a bad key without any JWT with invalid_api_key, not missing_credentials', async () => {
      expectRefusal(await agents({ 'x-api-key': unknownKey }), 401, 'invalid_api_key');
      expectRefusal(await agents({ Authorization: `ApiKey ${unknownKey}` }), 401, 'invalid_api_key');
    });

    it('uses the first strategy that succeeds and only its identity', async () => {
      const token = signToken(secret, { sub: 'alice' });
      expect((await agents({ Authorization: `Bearer ${token}`, 'x-api-key': ciKey })).body).toEqual({ userId: 'alice', method: 'jwt' });
      expect((await agents({ Authorization: `Bearer ${token}`, 'x-api-key': unknownKey })).body).toEqual({ userId: 'alice', method: 'jwt' });
      expect((await whoami({ Authorization: `Bearer ${token}`, 'x-api-key': ciKey }, '/ci/either')).body).toEqual({
        userId: 'ci-bot',
        method: 'api-key',
      });
    });

    it('falls back to a good key when the JWT is expired', async () => {
      const expired = signToken(secret, { exp: Math.floor(Date.now() / 1000) - 60 });
      expect((await agents({ Authorization: `Bearer ${expired}`, 'x-api-key': ciKey })).body).toEqual({ userId: 'ci-bot', method: 'api-key' });
      expectRefusal(await agents({ Authorization: `Bearer ${expired}` }), 401, 'token_expired');
    });

    it('enforces roles on a [jwt, api-key] route whichever authenticated', async () => {
      const run = (headers: Record<string, string>) => {
        const call = request(server.url).post('/ci/runs');
        for (const [name, value] of Object.entries(headers)) call.set(name, value);
        return call;
      };
      expect((await run({ 'x-api-key': ciKey })).body).toEqual({ startedBy: 'ci-bot', method: 'api-key' });
      expect((await run({ Authorization: `Bearer ${signToken(secret, { roles: ['operator'] })}` })).body).toEqual({ startedBy: 'u1', method: 'jwt' });
      expectRefusal(await run({ 'x-api-key': plainKey }), 403, 'insufficient_role');
    });

    it('does not accept keys on a jwt-only route', async () => {
      expectRefusal(await whoami({ 'x-api-key': ciKey }, '/agents/a1/jwt-only'), 401, 'missing_credentials');
    });
  });
});
