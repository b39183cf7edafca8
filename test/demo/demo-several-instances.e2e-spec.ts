import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { connectRedisStores, type RedisStores } from 'nest-agent-auth/redis';
import { AppModule } from '../../src/app.module.js';
import { demoAuthConfig, withSharedStores } from '../../src/auth.config.js';
import { CapturedLogger } from '../support/captured-logger.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { startTestApp, type Platform, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const secret = newSecret();
const env = { JWT_SECRET: secret, JWT_AUDIENCE: 'agent-api', JWT_ISSUER: 'https://auth.demo.test' };
const token = (sub: string) => signToken(secret, { sub, aud: env.JWT_AUDIENCE, iss: env.JWT_ISSUER, jti: randomUUID() });

describe('the demo with REDIS_URL: two instances (express, fastify) sharing one Redis', () => {
  let redis: TestRedisServer;
  const stores: RedisStores[] = [];
  const apps: TestApp[] = [];
  const logger = new CapturedLogger();

  beforeAll(async () => {
    redis = await startRedisServer();
    for (const platform of ['express', 'fastify'] as Platform[]) {
      const shared = await connectRedisStores({ url: redis.url });
      stores.push(shared);
      apps.push(await startTestApp(platform, { imports: [AppModule.register(withSharedStores(demoAuthConfig(env), shared), platform)] }, { logger }));
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await Promise.all(stores.map((shared) => shared.close()));
    await redis?.stop();
  });

  it('says at startup that revocations, tickets and failures live in Redis', () => {
    const lines = logger.fromLibrary().map((line) => line.message);
    expect(
      lines.filter((line) => line === 'Stores: revocations RedisRevocationStore, tickets RedisTicketStore, failures RedisFailureStore'),
    ).toHaveLength(2);
  });

  it('refuses on the second instance a token revoked through the first (POST /auth/revoke)', async () => {
    const [a, b] = apps;
    const revoked = token('ann');
    for (let i = 0; i < 2; i++) expect((await request(b.url).get('/agents/support').set('Authorization', `Bearer ${revoked}`)).status).toBe(200);
    expect((await request(a.url).post('/auth/revoke').set('Authorization', `Bearer ${revoked}`).send({ token: revoked })).status).toBe(200);
    const deadline = Date.now() + 1000;
    let response = await request(b.url).get('/agents/support').set('Authorization', `Bearer ${revoked}`);
    while (response.status === 200 && Date.now() < deadline) {
      await sleep(20);
      response = await request(b.url).get('/agents/support').set('Authorization', `Bearer ${revoked}`);
    }
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code: 'token_revoked' });
  });
});
