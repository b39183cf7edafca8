import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { OutgoingHttpHeaders } from 'node:http';
import { AgentAuthModule, FailureStore, generateApiKey, type FailurePolicy } from 'nest-agent-auth';
import { HandlerHits, PublicFixtureController, VaultFixtureController } from '../fixtures/adversarial.fixture.js';
import { startAdversarialApp } from '../support/adversarial-app.js';
import { rawRequest } from '../support/raw-http.js';
import { expectRefused } from '../support/refusal.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const secret = newSecret();
const apiKeyA = generateApiKey();
const apiKeyB = generateApiKey();
const bruteForce = { maxFailures: 3, windowSeconds: 60, blockSeconds: 120 };
const auth = {
  jwt: { secret },
  apiKey: {
    keys: [
      { id: 'a', key: apiKeyA },
      { id: 'b', key: apiKeyB },
    ],
  },
};
const valid = signToken(secret);
const forged = signToken(newSecret());
const TOO_MANY = { status: 429, code: 'too_many_failures' };

describe.each(PLATFORMS)('brute-force throttling on %s', (platform) => {
  describe('per client IP (behind a trusted proxy) and per API key prefix', () => {
    let server: TestApp;
    beforeAll(async () => {
      server = await startAdversarialApp(platform, { ...auth, bruteForce }, { trustProxy: true });
    });
    afterAll(() => server.close());

    const from = (ip: string, headers: OutgoingHttpHeaders = {}, path = '/vault') =>
      rawRequest(server.url, 'GET', path, { 'x-forwarded-for': ip, ...headers });
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const failTimes = async (times: number, ip: string, headers: OutgoingHttpHeaders = bearer(forged)) => {
      for (let i = 0; i < times; i++) expect((await from(ip, headers)).status).toBe(401);
    };

    it('blocks a client on its maxFailures-th refused credential: then even a valid token gets 429 with Retry-After', async () => {
      await failTimes(3, '10.0.0.1');
      const response = await expectRefused(server, () => from('10.0.0.1', bearer(valid)), TOO_MANY, [valid]);
      expect(response.json).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        code: 'too_many_failures',
        message: 'Too many failed authentication attempts',
      });
      expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(120);
    });

    it('answers a blocked client the same way whatever it sends, so validity cannot be probed', async () => {
      await failTimes(3, '10.0.0.2');
      const answers = await Promise.all(
        [bearer(valid), bearer(forged), {}, { 'x-api-key': apiKeyA }, { 'x-api-key': 'ak_wrong-key-of-some-length' }].map((headers) =>
          expectRefused(server, () => from('10.0.0.2', headers), TOO_MANY, [valid, forged, apiKeyA]),
        ),
      );
      expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
    });

    it('counts an IPv6 client by its /64 prefix, and an IPv4-mapped address as the IPv4 one', async () => {
      for (const ip of ['2001:db8:1:2::a', '2001:db8:1:2:ffff::b', '2001:db8:1:2::c']) await failTimes(1, ip);
      await expectRefused(server, () => from('2001:db8:1:2::99', bearer(valid)), TOO_MANY, [valid]);
      expect((await from('2001:db8:1:3::1', bearer(valid))).status).toBe(200);

      await failTimes(2, '10.0.0.60');
      await failTimes(1, '::ffff:10.0.0.60');
      await expectRefused(server, () => from('10.0.0.60', bearer(valid)), TOO_MANY, [valid]);
    });

    it('leaves other clients and public routes alone', async () => {
      await failTimes(3, '10.0.0.3');
      expect((await from('10.0.0.4', bearer(valid))).status).toBe(200);
      expect((await from('10.0.0.3', {}, '/health')).status).toBe(200);
    });

    it('counts neither missing credentials, nor 403s, nor successes', async () => {
      for (let i = 0; i < 5; i++) {
        expect((await from('10.0.0.5')).status).toBe(401);
        expect((await from('10.0.0.5', bearer(valid), '/admin')).status).toBe(403);
        expect((await from('10.0.0.5', bearer(valid))).status).toBe(200);
      }
    });

    it('counts a repeated Authorization header and a wrong scheme as failures', async () => {
      await expectRefused(server, () => from('10.0.0.6', { Authorization: ['Bearer a', 'Bearer b'] }), { status: 400, code: 'invalid_request' });
      await expectRefused(server, () => from('10.0.0.6', { authorization: 'Basic eDp5' }), { status: 401, code: 'invalid_scheme' });
      await expectRefused(server, () => from('10.0.0.6', bearer(forged)), { status: 401, code: 'invalid_token' });
      await expectRefused(server, () => from('10.0.0.6', bearer(valid)), TOO_MANY, [valid]);
    });

    it('counts refused query tokens on a route that accepts them', async () => {
      for (let i = 0; i < 3; i++) expect((await from('10.0.0.7', {}, `/stream?token=${forged}`)).status).toBe(401);
      await expectRefused(server, () => from('10.0.0.7', {}, `/stream?token=${valid}`), TOO_MANY, [valid]);
    });

    it('counts guesses at one API key across addresses, and blocks that key prefix only', async () => {
      const guess = (i: number) => `${apiKeyA.slice(0, 12)}${'x'.repeat(30)}${i}`;
      for (let i = 0; i < 3; i++) {
        await expectRefused(server, () => from(`10.1.0.${i}`, { 'x-api-key': guess(i) }), { status: 401, code: 'invalid_api_key' }, [apiKeyA]);
      }
      await expectRefused(server, () => from('10.1.0.99', { 'x-api-key': apiKeyA }), TOO_MANY, [apiKeyA]);
      expect((await from('10.1.0.99', { 'x-api-key': apiKeyB })).status).toBe(200);
      expect((await from('10.1.0.99', bearer(valid))).status).toBe(200);
    });
  });

  describe('without a trusted proxy', () => {
    let server: TestApp;
    beforeAll(async () => {
      server = await startAdversarialApp(platform, { ...auth, bruteForce });
    });
    afterAll(() => server.close());

    it('keys clients by the socket address: a forged X-Forwarded-For does not escape a block', async () => {
      for (const ip of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) {
        expect((await rawRequest(server.url, 'GET', '/vault', { 'x-forwarded-for': ip, authorization: `Bearer ${forged}` })).status).toBe(401);
      }
      await expectRefused(
        server,
        () => rawRequest(server.url, 'GET', '/vault', { 'x-forwarded-for': '4.4.4.4', authorization: `Bearer ${valid}` }),
        TOO_MANY,
        [valid],
      );
    });
  });

  describe('with a FailureStore of your own', () => {
    /** An asynchronous store that records every call and blocks the keys it is told to. */
    class RecordingStore implements FailureStore {
      readonly lookups: string[] = [];
      readonly failures: Array<{ key: string; policy: FailurePolicy }> = [];
      readonly blocked = new Map<string, number>();
      async blockedUntil(key: string): Promise<number | undefined> {
        this.lookups.push(key);
        return this.blocked.get(key);
      }
      async recordFailure(key: string, _now: number, policy: FailurePolicy): Promise<void> {
        this.failures.push({ key, policy });
      }
    }
    let store: RecordingStore;
    let server: TestApp;
    beforeAll(async () => {
      store = new RecordingStore();
      server = await startAdversarialApp(platform, { ...auth, bruteForce: { ...bruteForce, store } });
    });
    afterAll(() => server.close());

    it('looks each key up once per request and never writes on success', async () => {
      const [lookups, failures] = [store.lookups.length, store.failures.length];
      for (let i = 0; i < 5; i++) expect((await rawRequest(server.url, 'GET', '/vault', { authorization: `Bearer ${valid}` })).status).toBe(200);
      expect(store.lookups.length - lookups).toBe(5);
      expect((await rawRequest(server.url, 'GET', '/vault', { 'x-api-key': apiKeyA })).status).toBe(200);
      expect(store.lookups.length - lookups).toBe(7);
      expect(store.failures.length).toBe(failures);
    });

    it('records a failure under the client IP with the configured policy, and a key prefix hash, never the key', async () => {
      store.failures.length = 0;
      expect((await rawRequest(server.url, 'GET', '/vault', { 'x-api-key': `${apiKeyA}x` })).status).toBe(401);
      await new Promise((resolve) => setImmediate(resolve));
      expect(store.failures.map((failure) => failure.key)).toEqual([
        expect.stringMatching(/127\.0\.0\.1$/),
        expect.stringMatching(/^api-key:[0-9a-f]{32}$/),
      ]);
      expect(store.failures[0].policy).toEqual({ maxFailures: 3, windowMs: 60_000, blockMs: 120_000 });
      expect(JSON.stringify(store.failures)).not.toContain(apiKeyA.slice(3, 12));
    });

    it('honours what the store says is blocked', async () => {
      const ip = store.lookups.find((key) => key.endsWith('127.0.0.1')) as string;
      store.blocked.set(ip, Date.now() + 30_000);
      try {
        const response = await expectRefused(server, () => rawRequest(server.url, 'GET', '/vault', { authorization: `Bearer ${valid}` }), TOO_MANY, [
          valid,
        ]);
        expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(30);
      } finally {
        store.blocked.delete(ip);
      }
    });
  });

  describe('with a FailureStore provider', () => {
    /** A synchronous store that counts what it is told, kept in memory. */
    class CountingStore implements FailureStore {
      readonly failures: string[] = [];
      readonly lookups: string[] = [];
      blockedUntil(key: string): undefined {
        this.lookups.push(key);
        return undefined;
      }
      recordFailure(key: string): void {
        this.failures.push(key);
      }
    }
    const counting = new CountingStore();
    /** How a user provides the store: a module exporting the FailureStore token, imported by forRootAsync. */
    @Module({ providers: [{ provide: FailureStore, useValue: counting }], exports: [FailureStore] })
    class FailureStoreModule {}
    /** The other way: a global module providing the token, next to a plain forRoot. */
    @Global()
    @Module({ providers: [{ provide: FailureStore, useValue: counting }], exports: [FailureStore] })
    class GlobalFailureStoreModule {}

    let server: TestApp | undefined;
    const start = (imports: Array<DynamicModule | (new () => unknown)>) =>
      startTestApp(platform, { imports, controllers: [VaultFixtureController, PublicFixtureController], providers: [HandlerHits] });
    const failOnce = async (app: TestApp) => {
      counting.failures.length = 0;
      counting.lookups.length = 0;
      expect((await rawRequest(app.url, 'GET', '/vault', { authorization: `Bearer ${forged}` })).status).toBe(401);
      expect(counting.lookups).toEqual([expect.stringMatching(/127\.0\.0\.1$/)]);
      expect(counting.failures).toEqual([expect.stringMatching(/127\.0\.0\.1$/)]);
    };
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it('counts failures in a FailureStore provided by a module that forRootAsync imports', async () => {
      server = await start([AgentAuthModule.forRootAsync({ imports: [FailureStoreModule], useFactory: () => ({ ...auth, bruteForce }) })]);
      await failOnce(server);
    });

    it('counts failures in a FailureStore provided by a global module next to forRoot', async () => {
      server = await start([GlobalFailureStoreModule, AgentAuthModule.forRoot({ ...auth, bruteForce })]);
      await failOnce(server);
    });

    it('refuses to boot with both bruteForce.store and a FailureStore provider', async () => {
      const boot = async () => {
        server = await start([
          GlobalFailureStoreModule,
          AgentAuthModule.forRoot({ ...auth, bruteForce: { ...bruteForce, store: new CountingStore() } }),
        ]);
      };
      await expect(boot()).rejects.toThrow('bruteForce.store: a FailureStore provider is registered too; keep one of them');
    });

    it('does not turn throttling on by itself: bruteForce does', async () => {
      server = await start([GlobalFailureStoreModule, AgentAuthModule.forRoot(auth)]);
      counting.failures.length = 0;
      counting.lookups.length = 0;
      expect((await rawRequest(server.url, 'GET', '/vault', { authorization: `Bearer ${forged}` })).status).toBe(401);
      expect([counting.lookups, counting.failures]).toEqual([[], []]);
    });
  });

  describe('with a failing FailureStore', () => {
    const broken: FailureStore = {
      blockedUntil: () => Promise.reject(new Error('store down')),
      recordFailure: () => {
        throw new Error('store down');
      },
    };
    let server: TestApp;
    beforeAll(async () => {
      server = await startAdversarialApp(platform, { ...auth, bruteForce: { store: broken } });
    });
    afterAll(() => server.close());

    it('keeps authenticating (no 500): throttling fails open, authentication never does', async () => {
      expect((await rawRequest(server.url, 'GET', '/vault', { authorization: `Bearer ${valid}` })).status).toBe(200);
      await expectRefused(
        server,
        () => rawRequest(server.url, 'GET', '/vault', { authorization: `Bearer ${forged}` }),
        { status: 401, code: 'invalid_token' },
        [forged],
      );
    });
  });

  it('reshapes the 429 body with errorBody and keeps Retry-After', async () => {
    const server = await startAdversarialApp(platform, {
      jwt: { secret },
      bruteForce: { maxFailures: 1 },
      errorBody: (error) => ({ reason: error.code }),
    });
    try {
      expect((await rawRequest(server.url, 'GET', '/vault', { authorization: `Bearer ${forged}` })).status).toBe(401);
      const response = await rawRequest(server.url, 'GET', '/vault', { authorization: `Bearer ${valid}` });
      expect(response.status).toBe(429);
      expect(response.json).toEqual({ reason: 'too_many_failures' });
      expect(Number(response.headers['retry-after'])).toBe(300);
    } finally {
      await server.close();
    }
  });
});

describe('bruteForce options', () => {
  it('are validated at startup, every problem named', async () => {
    const compile = Test.createTestingModule({
      imports: [
        AgentAuthModule.forRoot({
          jwt: { secret },
          bruteForce: { maxFailures: 0, windowSeconds: 1.5, blockSeconds: -1, store: {} as FailureStore, extra: 1 } as never,
        }),
      ],
    }).compile();
    const message = await compile.then(
      () => '',
      (error: Error) => error.message,
    );
    for (const problem of [
      'bruteForce.maxFailures: must not be less than 1',
      'bruteForce.windowSeconds: must be an integer number',
      'bruteForce.blockSeconds: must not be less than 1',
      'bruteForce.store: must be a FailureStore',
      'bruteForce.extra: property extra should not exist',
    ]) {
      expect(message).toContain(problem);
    }
  });
});
