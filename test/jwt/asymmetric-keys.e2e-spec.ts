import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AgentAuthModule } from 'nest-agent-auth';
import { AgentsFixtureController } from '../fixtures/agents.fixture.js';
import { newSigningKey, signWith, type AsymmetricAlgorithm, type SigningKey } from '../support/signing-keys.js';
import { respondJson, startStubServer, type StubServer } from '../support/stub-server.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';

const ALGORITHMS: AsymmetricAlgorithm[] = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];
const claims = { iss: 'https://idp.test', aud: 'agent-api' };
const now = () => Math.floor(Date.now() / 1000);

describe.each(PLATFORMS)('asymmetric algorithms on %s', (platform) => {
  const keys = ALGORITHMS.map((alg) => newSigningKey(alg));
  const keyFor = (alg: AsymmetricAlgorithm) => keys.find((key) => key.alg === alg) as SigningKey;
  let jwks: StubServer;
  const apps: Record<'jwks' | 'ed25519' | 'rsa', TestApp> = {} as never;
  const start = (jwt: object) =>
    startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ jwt: { ...jwt, issuer: claims.iss, audience: claims.aud } })],
      controllers: [AgentsFixtureController],
    });
  const call = (app: TestApp, token: string) => request(app.url).get('/agents').set('Authorization', `Bearer ${token}`);
  const expectRefused = async (app: TestApp, token: string, code: string, message?: string) => {
    const response = await call(app, token);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe(code);
    if (message !== undefined) expect(response.body.message).toBe(message);
  };

  beforeAll(async () => {
    jwks = await startStubServer(respondJson({ keys: keys.map((key) => key.jwk) }));
    apps.jwks = await start({ jwksUri: `${jwks.url}/jwks`, algorithms: ALGORITHMS });
    apps.ed25519 = await start({ publicKey: keyFor('EdDSA').publicKey, algorithms: ['EdDSA'] });
    apps.rsa = await start({ publicKey: keyFor('RS256').publicKey.export({ format: 'pem', type: 'spki' }), algorithms: ['RS256', 'PS256'] });
  });
  afterAll(async () => {
    await Promise.all(Object.values(apps).map((app) => app.close()));
    await jwks.close();
  });

  it.each(ALGORITHMS)('verifies %s tokens with the key of their kid from a JWKS', async (alg) => {
    const response = await call(apps.jwks, await signWith(keyFor(alg), { ...claims, sub: `user-${alg}` }));
    expect(response.status).toBe(200);
    expect(response.body.userId).toBe(`user-${alg}`);
  });

  it('refuses a token whose alg differs from the alg its JWKS key declares', async () => {
    await expectRefused(apps.jwks, await signWith(keyFor('PS256'), claims, { alg: 'RS256' }), 'invalid_token');
  });

  it('verifies EdDSA and RS256/PS256 tokens with a configured public key', async () => {
    expect((await call(apps.ed25519, await signWith(keyFor('EdDSA'), claims))).status).toBe(200);
    const rsaKey = keyFor('RS256');
    expect((await call(apps.rsa, await signWith(rsaKey, claims))).status).toBe(200);
    expect((await call(apps.rsa, await signWith({ ...rsaKey, alg: 'PS256' }, claims))).status).toBe(200);
  });

  it('applies the same claim checks to EdDSA tokens as to the others', async () => {
    const ed = keyFor('EdDSA');
    for (const app of [apps.ed25519, apps.jwks]) {
      await expectRefused(app, await signWith(ed, { ...claims, exp: now() - 60 }), 'token_expired', 'Token expired');
      await expectRefused(app, await signWith(ed, { ...claims, nbf: now() + 600 }), 'invalid_token', 'Token not yet valid');
      await expectRefused(app, await signWith(ed, { ...claims, aud: 'other-api' }), 'invalid_token');
      await expectRefused(app, await signWith(ed, { ...claims, iss: 'https://other.test' }), 'invalid_token');
      await expectRefused(app, await signWith(ed, { ...claims, sub: undefined }), 'invalid_token', 'Token has no subject');
      await expectRefused(app, await signWith(newSigningKey('EdDSA', { kid: ed.kid }), claims), 'invalid_token');
    }
  });

  it('refuses an algorithm the configuration does not pin, with the right key', async () => {
    await expectRefused(apps.ed25519, await signWith(keyFor('ES256'), claims), 'invalid_token');
    await expectRefused(apps.rsa, await signWith({ ...keyFor('RS256'), alg: 'RS512' }, claims), 'invalid_token');
  });
});
