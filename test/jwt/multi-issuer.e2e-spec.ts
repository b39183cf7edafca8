import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AgentAuthModule } from 'nest-agent-auth';
import { AgentsFixtureController } from '../fixtures/agents.fixture.js';
import { JWKS_PATH, PROVIDER_AUDIENCE, startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { newSigningKey, signWith, type SigningKey } from '../support/signing-keys.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const INTERNAL_ISSUER = 'https://internal.agents.test';
const secret = newSecret();

describe.each(PLATFORMS)('several issuers on %s', (platform) => {
  let first: TestOidcProvider;
  let second: TestOidcProvider;
  let server: TestApp;
  const call = (token: string) => request(server.url).get('/agents').set('Authorization', `Bearer ${token}`);
  const fetchesOfEither = () => first.count(JWKS_PATH) + second.count(JWKS_PATH);
  const keyOf = (provider: TestOidcProvider, alg: string) => provider.keys.find((key) => key.alg === alg) as SigningKey;
  const expectRejected = async (token: string) => {
    const response = await call(token);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_token');
  };

  beforeAll(async () => {
    [first, second] = await Promise.all([startOidcProvider(), startOidcProvider()]);
    server = await startTestApp(platform, {
      imports: [
        AgentAuthModule.forRoot({
          jwt: [
            { issuer: first.issuer, discovery: true, audience: PROVIDER_AUDIENCE, algorithms: ['RS256', 'EdDSA'] },
            { issuer: second.issuer, jwksUri: `${second.issuer}${JWKS_PATH}`, audience: PROVIDER_AUDIENCE, algorithms: ['ES256'] },
            { issuer: INTERNAL_ISSUER, secret, audience: 'internal' },
          ],
        }),
      ],
      controllers: [AgentsFixtureController],
    });
  });
  afterAll(async () => {
    await server.close();
    await Promise.all([first.close(), second.close()]);
  });

  it("accepts each issuer's tokens, verified with that issuer's keys and algorithms", async () => {
    for (const token of [
      await first.accessToken({ alg: 'RS256' }),
      await first.accessToken({ alg: 'EdDSA' }),
      await second.accessToken({ alg: 'ES256' }),
      signToken(secret, { sub: 'svc' }, { issuer: INTERNAL_ISSUER, audience: 'internal' }),
    ]) {
      expect((await call(token)).status).toBe(200);
    }
  });

  it("refuses an algorithm the token's issuer does not pin, even one another issuer accepts", async () => {
    await expectRejected(await second.accessToken({ alg: 'RS256' }));
    await expectRejected(await first.accessToken({ alg: 'ES256' }));
  });

  it("refuses a token naming one issuer but signed with another issuer's key", async () => {
    await expectRejected(await signWith(keyOf(second, 'ES256'), { iss: first.issuer, aud: PROVIDER_AUDIENCE }));
    await expectRejected(await signWith(keyOf(first, 'RS256'), { iss: second.issuer, aud: PROVIDER_AUDIENCE }));
  });

  it("refuses an HS256 token claiming a JWKS issuer, signed with that issuer's public key as the secret", async () => {
    const publicPem = keyOf(first, 'RS256').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    await expectRejected(signToken(publicPem, { sub: 'mallory' }, { issuer: first.issuer, audience: PROVIDER_AUDIENCE }));
  });

  it('contacts no provider for a token of an unknown issuer, or of none', async () => {
    const before = fetchesOfEither();
    const stranger = newSigningKey('RS256');
    for (let i = 0; i < 20; i++) {
      await expectRejected(await signWith(stranger, { iss: `https://stranger-${i}.test`, aud: PROVIDER_AUDIENCE }, { kid: randomUUID() }));
    }
    await expectRejected(await signWith(stranger, { aud: PROVIDER_AUDIENCE }));
    await expectRejected(await signWith(stranger, { iss: [first.issuer], aud: PROVIDER_AUDIENCE }));
    await expectRejected(signToken(newSecret(), { sub: 'svc' }, { issuer: 'https://internal.agents.test/', audience: 'internal' }));
    expect(fetchesOfEither()).toBe(before);
  });

  it("keeps the issuers' secrets apart: an internal token for another audience is refused", async () => {
    await expectRejected(signToken(secret, { sub: 'svc' }, { issuer: INTERNAL_ISSUER, audience: PROVIDER_AUDIENCE }));
  });
});
