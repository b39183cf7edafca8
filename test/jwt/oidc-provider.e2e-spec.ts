import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { AgentAuthModule, type JwtOptions } from 'nest-agent-auth';
import { AgentsFixtureController } from '../fixtures/agents.fixture.js';
import { JWKS_PATH, PROVIDER_ALGORITHMS, PROVIDER_AUDIENCE, startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { newSigningKey, signWith, type SigningKey } from '../support/signing-keys.js';
import { neverRespond, startStubServer, type StubServer } from '../support/stub-server.js';
import { PLATFORMS, startTestApp, type Platform, type TestApp } from '../support/test-app.js';

const DISCOVERY_PATH = '/.well-known/openid-configuration';

describe.each(PLATFORMS)('keys of a real OpenID provider on %s', (platform) => {
  let provider: TestOidcProvider;
  const apps: TestApp[] = [];
  const start = async (jwt: JwtOptions | JwtOptions[]) => {
    const app = await startTestApp(platform, { imports: [AgentAuthModule.forRoot({ jwt })], controllers: [AgentsFixtureController] });
    apps.push(app);
    return app;
  };
  const call = (app: TestApp, token: string, path = '/agents') => request(app.url).get(path).set('Authorization', `Bearer ${token}`);
  /** A token the provider never issued: signed by `key`, with the provider's issuer and audience. */
  const forge = (key: SigningKey, claims: Record<string, unknown> = {}) =>
    signWith(key, { iss: provider.issuer, aud: PROVIDER_AUDIENCE, sub: 'mallory', ...claims });
  const expectRejected = async (app: TestApp, token: string) => {
    const response = await call(app, token);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_token');
    expect(response.text + JSON.stringify(response.headers)).not.toContain(token);
  };

  beforeAll(async () => {
    provider = await startOidcProvider();
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await provider.close();
  });

  describe('found by OpenID Connect discovery', () => {
    let app: TestApp;
    let fetchesAtBoot: number;
    beforeAll(async () => {
      const [discoveries, fetches] = [provider.count(DISCOVERY_PATH), provider.count(JWKS_PATH)];
      app = await start({ issuer: provider.issuer, discovery: true, audience: PROVIDER_AUDIENCE, algorithms: [...PROVIDER_ALGORITHMS] });
      expect(provider.count(DISCOVERY_PATH)).toBe(discoveries + 1);
      fetchesAtBoot = provider.count(JWKS_PATH) - fetches;
    });

    it('fetches its JWKS once at startup, then accepts the access tokens it issues (RS256, PS256, ES256, EdDSA) without fetching again', async () => {
      expect(fetchesAtBoot).toBe(1);
      const fetches = provider.count(JWKS_PATH);
      for (const alg of PROVIDER_ALGORITHMS) {
        const response = await call(app, await provider.accessToken({ alg }));
        expect({ alg, status: response.status, body: response.body }).toEqual({ alg, status: 200, body: { userId: 'agent-runner', method: 'jwt' } });
      }
      expect(provider.count(JWKS_PATH)).toBe(fetches);
    });

    it('reads the scopes the provider granted', async () => {
      const execute = (token: string) => request(app.url).post('/agents/a1/execute').set('Authorization', `Bearer ${token}`);
      expect((await execute(await provider.accessToken({ scope: 'agents:read agents:execute' }))).status).toBe(200);
      const response = await execute(await provider.accessToken({ scope: 'agents:read' }));
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('insufficient_scope');
    });

    it('rejects the tokens of a second provider claiming the same issuer with the same kids but other keys', async () => {
      const impostor = await startOidcProvider({
        issuer: provider.issuer,
        kids: Object.fromEntries(provider.keys.map((key) => [key.alg, key.kid])),
      });
      try {
        for (const alg of PROVIDER_ALGORITHMS) await expectRejected(app, await impostor.accessToken({ alg }));
        expect(impostor.count(JWKS_PATH)).toBe(0);
      } finally {
        await impostor.close();
      }
    });

    it("never follows a token's jku, x5u or jwk header", async () => {
      const attacker = newSigningKey('RS256');
      const lure = await startStubServer();
      try {
        const header = { jku: `${lure.url}/jwks`, x5u: `${lure.url}/cert` };
        await expectRejected(app, await signWith(attacker, { iss: provider.issuer, aud: PROVIDER_AUDIENCE }, header));
        await expectRejected(app, await signWith(attacker, { iss: provider.issuer, aud: PROVIDER_AUDIENCE }, { jwk: attacker.jwk }));
        expect(lure.count('/jwks') + lure.count('/cert')).toBe(0);
      } finally {
        await lure.close();
      }
    });
  });

  describe('under a flood of tokens with random kids', () => {
    it('fetches the JWKS at most once per cooldown (here only at startup) and lets none of them through', async () => {
      const fetches = provider.count(JWKS_PATH);
      const app = await start({
        jwksUri: `${provider.issuer}${JWKS_PATH}`,
        issuer: provider.issuer,
        audience: PROVIDER_AUDIENCE,
        algorithms: ['RS256'],
      });
      const attackers = Array.from({ length: 5 }, () => newSigningKey('RS256'));
      const forged = await Promise.all(Array.from({ length: 100 }, (_, index) => forge(attackers[index % attackers.length], { n: index })));
      for (let batch = 0; batch < forged.length; batch += 25) {
        const responses = await Promise.all(forged.slice(batch, batch + 25).map((token) => call(app, token)));
        expect(responses.map((response) => response.status)).toEqual(Array(responses.length).fill(401));
      }
      expect((await call(app, await provider.accessToken())).status).toBe(200);
      expect(provider.count(JWKS_PATH)).toBe(fetches + 1);
    });
  });

  describe('when the provider rotates its keys', () => {
    it('accepts tokens signed with the new keys without restarting the app, and refuses the old keys', async () => {
      const rotating = await startOidcProvider();
      try {
        const app = await start({
          jwksUri: `${rotating.issuer}${JWKS_PATH}`,
          audience: PROVIDER_AUDIENCE,
          algorithms: ['RS256', 'ES256'],
          jwksCooldown: '1s',
        });
        expect((await call(app, await rotating.accessToken())).status).toBe(200);
        const retired = rotating.keys.find((key) => key.alg === 'RS256') as SigningKey;
        await rotating.rotateKeys();
        await sleep(1100);
        expect((await call(app, await rotating.accessToken())).status).toBe(200);
        expect((await call(app, await rotating.accessToken({ alg: 'ES256' }))).status).toBe(200);
        expect(rotating.count(JWKS_PATH)).toBe(2);
        await expectRejected(app, await signWith(retired, { iss: rotating.issuer, aud: PROVIDER_AUDIENCE }));
      } finally {
        await rotating.close();
      }
    });
    it('drops the tokens it cached as verified with a key the JWKS no longer holds, at the next fetch', async () => {
      const rotating = await startOidcProvider();
      try {
        const app = await start({
          jwksUri: `${rotating.issuer}${JWKS_PATH}`,
          audience: PROVIDER_AUDIENCE,
          algorithms: ['RS256'],
          jwksCooldown: '1s',
        });
        const old = await rotating.accessToken();
        expect((await call(app, old)).status).toBe(200);
        expect((await call(app, old)).status).toBe(200);
        await rotating.rotateKeys();
        await sleep(1100);
        expect((await call(app, await rotating.accessToken())).status).toBe(200);
        expect(rotating.count(JWKS_PATH)).toBe(2);
        await expectRejected(app, old);
      } finally {
        await rotating.close();
      }
    });
  });

  describe('when the provider is down', () => {
    it('keeps verifying with the keys it knows until jwksCacheMaxAge, refuses every other token, then refuses all', async () => {
      const stopping = await startOidcProvider();
      const app = await start({
        jwksUri: `${stopping.issuer}${JWKS_PATH}`,
        audience: PROVIDER_AUDIENCE,
        algorithms: ['RS256'],
        jwksCooldown: '1s',
        jwksCacheMaxAge: '2s',
        jwksTimeout: '1s',
      });
      const known = stopping.keys.find((key) => key.alg === 'RS256') as SigningKey;
      const signedByKnownKey = (n: number) => signWith(known, { iss: stopping.issuer, aud: PROVIDER_AUDIENCE, n });
      expect((await call(app, await stopping.accessToken())).status).toBe(200);
      await stopping.close();
      expect((await call(app, await signedByKnownKey(1))).status).toBe(200);
      await expectRejected(app, await signWith(newSigningKey('RS256'), { iss: stopping.issuer, aud: PROVIDER_AUDIENCE }));
      await sleep(1100);
      await expectRejected(app, await signWith(newSigningKey('RS256'), { iss: stopping.issuer, aud: PROVIDER_AUDIENCE }));
      await sleep(1000);
      await expectRejected(app, await signedByKnownKey(2));
    });

    it('answers 401 when the JWKS endpoint hangs, once the timeout has passed', async () => {
      const hung: StubServer = await startStubServer(neverRespond);
      try {
        const app = await start({ jwksUri: `${hung.url}${JWKS_PATH}`, algorithms: ['ES256'], jwksTimeout: '1s' });
        await expectRejected(app, await signWith(newSigningKey('ES256')));
        expect(hung.count(JWKS_PATH)).toBe(1);
      } finally {
        await hung.close();
      }
    });
  });
});

describe.each(PLATFORMS)('OpenID Connect discovery at startup on %s', (platform: Platform) => {
  const boot = (jwt: JwtOptions) => startTestApp(platform, { imports: [AgentAuthModule.forRoot({ jwt })], controllers: [AgentsFixtureController] });

  it('refuses to boot when the issuer cannot be reached, after retrying', async () => {
    const gone = await startStubServer();
    const issuer = gone.url;
    await gone.close();
    await expect(boot({ issuer, discovery: true, algorithms: ['RS256'] })).rejects.toThrow(
      new RegExp(`^AgentAuthModule: jwt\\.discovery: ${issuer}${DISCOVERY_PATH} could not be fetched after 3 attempts \\(ECONNREFUSED\\)$`),
    );
  });

  it('boots without reaching the issuer when authentication is turned off (enabled: false)', async () => {
    const gone = await startStubServer();
    await gone.close();
    const app = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ enabled: false, jwt: { issuer: gone.url, discovery: true, algorithms: ['RS256'] } })],
      controllers: [AgentsFixtureController],
    });
    try {
      expect((await request(app.url).get('/agents/support')).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it("refuses to boot when the provider's document names another issuer", async () => {
    const provider = await startOidcProvider();
    try {
      await expect(boot({ issuer: `${provider.issuer}/`, discovery: true, algorithms: ['RS256'] })).rejects.toThrow(
        `names the issuer "${provider.issuer}", not the configured "${provider.issuer}/"`,
      );
    } finally {
      await provider.close();
    }
  });
});
