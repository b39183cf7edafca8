import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Global, Injectable, Module } from '@nestjs/common';
import request from 'supertest';
import { AgentAuthModule, ApiKeyStore, generateApiKey, hashApiKey, type ApiKeyRecord } from 'nest-agent-auth';
import { AgentsFixtureController } from '../fixtures/agents.fixture.js';
import { CiFixtureController } from '../fixtures/api-key.fixture.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

/** The keys the test store holds, by hash; tests add and revoke them. */
const records = new Map<string, ApiKeyRecord>();
/** Every hash the test store was asked about. */
const lookups: string[] = [];
const failingKey = generateApiKey();

/** A store kept "elsewhere" (a database, say): async, looked up by hash only. */
@Injectable()
class TestApiKeyStore implements ApiKeyStore {
  async findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    lookups.push(hash);
    if (hash === hashApiKey(failingKey)) throw new Error('database down');
    return records.get(hash);
  }
}

/** How a user provides the store: a module that exports the ApiKeyStore token, imported by forRootAsync. */
@Module({ providers: [{ provide: ApiKeyStore, useClass: TestApiKeyStore }], exports: [ApiKeyStore] })
class ApiKeyStoreModule {}

/** The other way: a global module providing the token, next to a plain forRoot. */
@Global()
@Module({ providers: [{ provide: ApiKeyStore, useClass: TestApiKeyStore }], exports: [ApiKeyStore] })
class GlobalApiKeyStoreModule {}

const controllers = [CiFixtureController, AgentsFixtureController];
/** The fixtures also have jwt routes, so every app configures jwt too. */
const jwt = { secret: newSecret() };

function send(server: TestApp, path: string, headers: Record<string, string>): request.Test {
  const call = request(server.url).get(path);
  for (const [name, value] of Object.entries(headers)) call.set(name, value);
  return call;
}

describe.each(PLATFORMS)('API keys from an ApiKeyStore provider on %s', (platform) => {
  let server: TestApp;
  const key = generateApiKey();
  const whoami = (apiKey: string) => send(server, '/ci/whoami', { 'x-api-key': apiKey });

  beforeAll(async () => {
    server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRootAsync({ imports: [ApiKeyStoreModule], useFactory: () => ({ jwt, apiKey: { cacheTtl: 0 } }) })],
      controllers,
    });
  });
  beforeEach(() => {
    records.clear();
    lookups.length = 0;
    records.set(hashApiKey(key), { id: 'db-bot', roles: ['operator'], tenantId: 'acme', metadata: { owner: 'ci@acme.test' } });
  });
  afterAll(() => server.close());

  it('authenticates a key the store knows, with its record and metadata', async () => {
    const response = await whoami(key);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      userId: 'db-bot',
      method: 'api-key',
      roles: ['operator'],
      scopes: [],
      permissions: [],
      tenantId: 'acme',
      claims: { owner: 'ci@acme.test', keyId: 'db-bot' },
    });
  });

  it('asks the store by sha256 hash, never by key', async () => {
    await whoami(key);
    expect(lookups).toEqual([hashApiKey(key)]);
    expect(lookups[0]).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('stops accepting a key as soon as the store revokes it (cacheTtl: 0)', async () => {
    expect((await whoami(key)).status).toBe(200);
    records.delete(hashApiKey(key));
    const response = await whoami(key);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_api_key');
  });

  it.each([
    ['expired', new Date(Date.now() - 1000)],
    ['with an unreadable expiry', 'not a date'],
  ])('refuses a stored key that is %s', async (_name, expiresAt) => {
    records.set(hashApiKey(key), { id: 'db-bot', expiresAt });
    const response = await whoami(key);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_api_key');
  });

  it('refuses a key the store does not know', async () => {
    const response = await whoami(generateApiKey());
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_api_key');
  });

  it('fails closed with 503 auth_unavailable (Retry-After) that shows neither key nor cause when the store fails', async () => {
    const response = await whoami(failingKey);
    expect(response.status).toBe(503);
    expect(response.body.code).toBe('auth_unavailable');
    expect(response.headers['retry-after']).toBe('1');
    expect(response.text).not.toContain(failingKey);
    expect(response.text).not.toContain('database down');
    expect(response.text).not.toMatch(/at .*\.(js|ts):\d+/);
  });
});

describe.each(PLATFORMS)('API key store wiring on %s', (platform) => {
  const key = generateApiKey();
  let server: TestApp | undefined;
  beforeEach(() => {
    records.clear();
    lookups.length = 0;
    records.set(hashApiKey(key), { id: 'db-bot' });
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('uses an ApiKeyStore provided by a global module next to forRoot', async () => {
    server = await startTestApp(platform, { imports: [GlobalApiKeyStoreModule, AgentAuthModule.forRoot({ jwt, apiKey: {} })], controllers });
    expect((await send(server, '/ci/whoami', { 'x-api-key': key })).body.userId).toBe('db-bot');
  });

  it('uses the store given as apiKey.store', async () => {
    server = await startTestApp(platform, { imports: [AgentAuthModule.forRoot({ jwt, apiKey: { store: new TestApiKeyStore() } })], controllers });
    expect((await send(server, '/ci/whoami', { 'x-api-key': key })).body.userId).toBe('db-bot');
  });

  it('caches a verified key for cacheTtl instead of asking the store on every request', async () => {
    server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ jwt, apiKey: { store: new TestApiKeyStore(), cacheTtl: '5m' } })],
      controllers,
    });
    for (let i = 0; i < 3; i++) expect((await send(server, '/ci/whoami', { 'x-api-key': key })).status).toBe(200);
    expect(lookups).toHaveLength(1);
  });

  it.each([
    ['apiKey without keys or store', () => ({ imports: [AgentAuthModule.forRoot({ jwt, apiKey: {} })] }), 'apiKey: no keys'],
    [
      'apiKey with keys and an ApiKeyStore provider',
      () => ({ imports: [GlobalApiKeyStoreModule, AgentAuthModule.forRoot({ jwt, apiKey: { keys: [key] } })] }),
      'apiKey.keys: cannot be combined with an ApiKeyStore',
    ],
    [
      'apiKey.store and an ApiKeyStore provider',
      () => ({ imports: [GlobalApiKeyStoreModule, AgentAuthModule.forRoot({ jwt, apiKey: { store: new TestApiKeyStore() } })] }),
      'apiKey.store: an ApiKeyStore provider is registered too',
    ],
    [
      'an ApiKeyStore provider AgentAuthModule cannot see',
      () => ({ imports: [AgentAuthModule.forRoot({ jwt, apiKey: {} })], providers: [{ provide: ApiKeyStore, useClass: TestApiKeyStore }] }),
      'apiKey: no keys',
    ],
    [
      '@UseAuth("api-key") without apiKey',
      () => ({ imports: [AgentAuthModule.forRoot({ jwt })] }),
      'a route uses the "api-key" strategy but apiKey is not configured',
    ],
  ])('refuses to boot with %s', async (_name, metadata, message) => {
    await expect(startTestApp(platform, { controllers, ...metadata() })).rejects.toThrow(message);
  });
});

describe.each(PLATFORMS)('API key header, scheme and acceptBearer options on %s', (platform) => {
  let server: TestApp;
  const secret = newSecret();
  const key = generateApiKey();
  const expectCode = async (call: request.Test, status: number, code: string) => {
    const response = await call;
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(response.text).not.toContain(key);
  };

  beforeAll(async () => {
    server = await startTestApp(platform, {
      imports: [
        AgentAuthModule.forRoot({
          jwt: { secret },
          // `Key.*` is a valid auth scheme and a RegExp that matches any scheme starting with "Key".
          apiKey: { header: 'X-Agent-Key', scheme: 'Key.*', acceptBearer: true, keys: [{ id: 'bot', key }] },
        }),
      ],
      controllers,
    });
  });
  afterAll(() => server.close());

  it('reads the configured header, not x-api-key', async () => {
    expect((await send(server, '/ci/whoami', { 'x-agent-key': key })).body.userId).toBe('bot');
    await expectCode(send(server, '/ci/whoami', { 'x-api-key': key }), 401, 'missing_credentials');
  });

  it('matches the configured scheme literally, never as a RegExp', async () => {
    expect((await send(server, '/ci/whoami', { Authorization: `Key.* ${key}` })).body.userId).toBe('bot');
    expect((await send(server, '/ci/whoami', { Authorization: `key.* ${key}` })).body.userId).toBe('bot');
    await expectCode(send(server, '/ci/whoami', { Authorization: `KeyXX ${key}` }), 401, 'invalid_scheme');
    await expectCode(send(server, '/ci/whoami', { Authorization: `Key ${key}` }), 401, 'invalid_scheme');
    await expectCode(send(server, '/ci/whoami', { Authorization: `ApiKey ${key}` }), 401, 'invalid_scheme');
  });

  it('reads Authorization: Bearer <key> when the value is not a JWT', async () => {
    expect((await send(server, '/ci/whoami', { Authorization: `Bearer ${key}` })).body.userId).toBe('bot');
    expect((await send(server, '/agents', { Authorization: `Bearer ${key}` })).body).toEqual({ userId: 'bot', method: 'api-key' });
    await expectCode(send(server, '/ci/whoami', { Authorization: `Bearer ${generateApiKey()}` }), 401, 'invalid_api_key');
  });

  it('leaves a Bearer JWT to the jwt strategy', async () => {
    const token = signToken(secret, { sub: 'alice' });
    expect((await send(server, '/agents', { Authorization: `Bearer ${token}` })).body).toEqual({ userId: 'alice', method: 'jwt' });
    await expectCode(send(server, '/ci/whoami', { Authorization: `Bearer ${token}` }), 401, 'invalid_scheme');
  });

  it('refuses a key in the header and another as Bearer with 400 invalid_request', async () => {
    await expectCode(send(server, '/ci/whoami', { 'x-agent-key': key, Authorization: `Bearer ${key}` }), 400, 'invalid_request');
  });
});
