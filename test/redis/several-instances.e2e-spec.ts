import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { AgentAuthModule, generateApiKey, RevocationService, type AgentAuthModuleOptions } from 'nest-agent-auth';
import { connectRedisStores, type RedisStores } from 'nest-agent-auth/redis';
import { AgentsFixtureController } from '../fixtures/agents.fixture.js';
import { StreamsFixtureController } from '../fixtures/streams.fixture.js';
import { CapturedLogger } from '../support/captured-logger.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { startTestApp, type Platform, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const secret = newSecret();
const apiKey = generateApiKey();
const SNAPSHOT = '/streams/support/snapshot';
/** Three instances behind one load balancer, on both platforms, sharing one Redis. */
const INSTANCES: readonly Platform[] = ['express', 'fastify', 'express'];
const token = (claims: Record<string, unknown> = {}) => signToken(secret, { jti: randomUUID(), ...claims });

describe('several instances sharing one real Redis (express, fastify, express)', () => {
  let redis: TestRedisServer;
  const stores: RedisStores[] = [];
  const apps: TestApp[] = [];
  let a: TestApp, b: TestApp, c: TestApp;
  /** What the instances log (Nest's logger is one per process: the three share it). */
  const logs = new CapturedLogger();

  beforeAll(async () => {
    redis = await startRedisServer();
    for (const platform of INSTANCES) {
      const shared = await connectRedisStores({ url: redis.url });
      stores.push(shared);
      const auth = AgentAuthModule.forRoot({
        jwt: { secret },
        apiKey: { keys: [{ id: 'ci-bot', key: apiKey }] },
        bruteForce: { maxFailures: 4, windowSeconds: 60, blockSeconds: 60, store: shared.failures },
        streaming: { ticketStore: shared.tickets },
        revocation: { store: shared.revocations },
        streamTicketRoute: true,
        revocationRoute: true,
      });
      apps.push(
        await startTestApp(
          platform,
          { imports: [auth], controllers: [AgentsFixtureController, StreamsFixtureController] },
          { trustProxy: true, logger: logs },
        ),
      );
    }
    [a, b, c] = apps;
  }, 60_000);
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await Promise.all(stores.map((shared) => shared.close()));
    await redis?.stop();
  });

  /** Each test's client address (behind the trusted proxy), so brute-force counts of one test never block another. */
  let client = 0;
  beforeEach(() => {
    client++;
  });
  const forwarded = () => ({ 'x-forwarded-for': `10.8.0.${client}` });
  const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
  const get = (app: TestApp, headers: Record<string, string>, path = '/agents') =>
    request(app.url)
      .get(path)
      .set({ ...forwarded(), ...headers });
  const post = (app: TestApp, path: string) => request(app.url).post(path).set(forwarded());
  const issueTicket = async (app: TestApp, credential: string) => {
    const response = await post(app, '/auth/stream-tickets').set(bearer(credential)).send({ path: SNAPSHOT });
    expect(response.status).toBe(201);
    return response.body.ticket as string;
  };
  /** Milliseconds until `app` refuses `headers` with `code`, polling every 20 ms for at most `withinMs`. */
  const refusedWithin = async (app: TestApp, headers: Record<string, string>, code: string, withinMs: number) => {
    const started = Date.now();
    for (;;) {
      const response = await get(app, headers);
      if (response.status === 401 && response.body.code === code) return Date.now() - started;
      expect(response.status).toBe(200);
      if (Date.now() - started > withinMs) throw new Error(`still accepted after ${withinMs} ms`);
      await sleep(20);
    }
  };

  it('says at startup which stores are in use', () => {
    const lines = logs.fromLibrary().map((line) => line.message);
    expect(
      lines.filter((line) => line === 'Stores: revocations RedisRevocationStore, tickets RedisTicketStore, failures RedisFailureStore'),
    ).toHaveLength(3);
  });

  it('honours a stream ticket issued through A once, through B, and never again on any instance', async () => {
    const ticket = await issueTicket(a, token({ sub: 'streamer' }));
    const first = await get(b, {}, `${SNAPSHOT}?ticket=${ticket}`);
    expect({ status: first.status, body: first.body }).toEqual({ status: 200, body: { agent: 'support', userId: 'streamer' } });
    for (const app of [b, a, c]) {
      const again = await get(app, {}, `${SNAPSHOT}?ticket=${ticket}`);
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 401, code: 'invalid_token' });
    }
  });

  it('lets exactly one of several concurrent redemptions of one ticket, on three instances, through', async () => {
    const ticket = await issueTicket(c, token({ sub: 'racer' }));
    const answers = await Promise.all([a, b, c, a, b, c].map((app) => get(app, {}, `${SNAPSHOT}?ticket=${ticket}`)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401, 401, 401, 401, 401]);
  });

  it('adds up failures spread over A and B into one block, which C enforces', async () => {
    const from = { 'x-forwarded-for': '10.9.0.1' };
    const forged = signToken(newSecret());
    for (const app of [a, b, a, b]) expect((await get(app, { ...from, ...bearer(forged) })).status).toBe(401);
    const blocked = await get(c, { ...from, ...bearer(token()) });
    expect({ status: blocked.status, code: blocked.body.code }).toEqual({ status: 429, code: 'too_many_failures' });
    expect((await get(c, { 'x-forwarded-for': '10.9.0.2', ...bearer(token()) })).status).toBe(200);
  });

  it('refuses on B and C, within one second, a token its holder revoked through A, though B and C had it cached', async () => {
    const revoked = token({ sub: 'leaver' });
    for (const app of [b, c, b, c]) expect((await get(app, bearer(revoked))).status).toBe(200);
    expect((await post(a, '/auth/revoke').set(bearer(revoked)).type('form').send({ token: revoked })).status).toBe(200);
    expect(await refusedWithin(b, bearer(revoked), 'token_revoked', 1000)).toBeLessThan(1000);
    expect(await refusedWithin(c, bearer(revoked), 'token_revoked', 1000)).toBeLessThan(1000);
  });

  it('logs a subject out on every instance: its tokens with and without jti', async () => {
    const iat = Math.floor(Date.now() / 1000) - 5;
    const tokens = [token({ sub: 'operator-1', iat }), signToken(secret, { sub: 'operator-1', iat })];
    for (const app of [a, b]) for (const old of tokens) expect((await get(app, bearer(old))).status).toBe(200);
    await c.app.get(RevocationService).revokeSubject('operator-1');
    for (const app of [a, b, c]) {
      client++; // a client address per instance: six refusals from one would block it (maxFailures: 4)
      for (const old of tokens) expect(await refusedWithin(app, bearer(old), 'token_revoked', 1000)).toBeLessThan(1000);
    }
  });

  it('refuses everywhere an API key revoked in the store, though every instance had it cached', async () => {
    for (const app of [a, b, c, a, b, c]) expect((await get(app, { 'x-api-key': apiKey })).status).toBe(200);
    await b.app.get(RevocationService).revokeApiKey('ci-bot');
    for (const app of [a, b, c]) expect(await refusedWithin(app, { 'x-api-key': apiKey }, 'invalid_api_key', 1000)).toBeLessThan(1000);
  });

  it('when Redis dies: no 500, tickets and revocation checks answer 503 with Retry-After, failures fail open; all resumes when Redis returns', async () => {
    const cached = token({ sub: 'survivor' });
    for (const app of [a, b, c]) for (let i = 0; i < 2; i++) expect((await get(app, bearer(cached))).status).toBe(200);
    const ticket = await issueTicket(a, cached);

    await redis.kill();
    await sleep(100);
    const unavailable = async (send: () => request.Test) => {
      const response = await send();
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 503, code: 'auth_unavailable' });
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    };
    for (const app of apps) {
      await unavailable(() => get(app, bearer(cached)));
      await unavailable(() => get(app, bearer(token())));
      await unavailable(() => get(app, {}, `${SNAPSHOT}?ticket=${ticket}`));
      await unavailable(() => post(app, '/auth/stream-tickets').set(bearer(cached)).send({ path: SNAPSHOT }));
      const forged = await get(app, { 'x-forwarded-for': '10.9.0.3', ...bearer(signToken(newSecret())) });
      expect({ status: forged.status, code: forged.body.code }).toEqual({ status: 401, code: 'invalid_token' });
    }

    await redis.restart();
    const started = Date.now();
    for (const app of apps) {
      for (;;) {
        const response = await get(app, bearer(cached));
        if (response.status === 200) break;
        expect(response.status).toBe(503);
        if (Date.now() - started > 10_000) throw new Error('no recovery within 10 s');
        await sleep(100);
      }
    }
    const fresh = await issueTicket(b, cached);
    expect((await get(c, {}, `${SNAPSHOT}?ticket=${fresh}`)).status).toBe(200);
    const logged = logs.fromLibrary().map((line) => line.message);
    // once per instance for the whole outage, not once per request
    expect(logged.filter((line) => line.startsWith('RevocationStore.isRevoked failed'))).toHaveLength(3);
    expect(logged.filter((line) => line === 'RevocationStore answers again')).toHaveLength(3);
    expect(logged.join('\n')).not.toContain(cached);
  }, 30_000);
});

describe.each(['express', 'fastify'] as const)('a slow or lost Redis on %s', (platform) => {
  let redis: TestRedisServer;
  const stores: RedisStores[] = [];
  /** Revocations and tickets on Redis, no throttling. */
  let revoking: TestApp;
  /** Only brute-force throttling on Redis, failing closed. */
  let throttling: TestApp;
  const boot = async (options: (shared: RedisStores) => AgentAuthModuleOptions) => {
    const shared = await connectRedisStores({ url: redis.url, commandTimeoutMs: 200 });
    stores.push(shared);
    return startTestApp(platform, { imports: [AgentAuthModule.forRoot(options(shared))], controllers: [AgentsFixtureController] });
  };
  beforeAll(async () => {
    redis = await startRedisServer();
    revoking = await boot((shared) => ({ jwt: { secret }, streaming: { ticketStore: shared.tickets }, revocation: { store: shared.revocations } }));
    throttling = await boot((shared) => ({ jwt: { secret }, bruteForce: { store: shared.failures, failClosed: true } }));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([revoking, throttling].map((app) => app?.close()));
    await Promise.all(stores.map((shared) => shared.close()));
    await redis?.stop();
  });

  const get = (app: TestApp, credential: string) => request(app.url).get('/agents').set('Authorization', `Bearer ${credential}`);
  const expectUnavailable = (response: request.Response) => {
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 503, code: 'auth_unavailable' });
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  };

  it('answers a revocation check 503 within the command timeout when Redis stops answering (no hang, no 500), then recovers', async () => {
    expect((await get(revoking, token())).status).toBe(200);
    redis.pause();
    try {
      const started = Date.now();
      expectUnavailable(await get(revoking, token()));
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      redis.resume();
    }
    expect((await get(revoking, token())).status).toBe(200);
  });

  it('with bruteForce.failClosed, answers 503 while the failure store is unreachable, and recovers after a restart', async () => {
    expect((await get(throttling, token())).status).toBe(200);
    await redis.kill();
    await sleep(100);
    expectUnavailable(await get(throttling, token()));
    await redis.restart();
    const deadline = Date.now() + 10_000;
    let response = await get(throttling, token());
    while (response.status !== 200 && Date.now() < deadline) {
      expect(response.status).toBe(503);
      await sleep(100);
      response = await get(throttling, token());
    }
    expect(response.status).toBe(200);
  });
});
