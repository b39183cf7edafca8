import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AgentAuthModule, type JwtOptions } from 'nest-agent-auth';
import { AgentsFixtureController } from '../fixtures/agents.fixture.js';
import { newSigningKey, signWith } from '../support/signing-keys.js';
import { respondJson, startStubServer, type StubServer } from '../support/stub-server.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { hmacToken, newSecret, nowSeconds } from '../support/tokens.js';

const secret = newSecret();
const rsa = newSigningKey('RS256');
const ec = newSigningKey('ES256');
const ed = newSigningKey('EdDSA');
const hs256 = (claims: Record<string, unknown>) => hmacToken(secret, { alg: 'HS256', typ: 'JWT' }, { sub: 'u1', ...claims });
/** Claims of a token with no `exp` at all. */
const NO_EXPIRY = { exp: undefined };

/** One way of verifying tokens (a key source and its algorithms) and how to sign a token it accepts. */
interface Verification {
  readonly name: string;
  readonly jwt: (jwksUri: string) => JwtOptions;
  readonly sign: (claims: Record<string, unknown>) => string | Promise<string>;
}

const VERIFICATIONS: readonly Verification[] = [
  { name: 'HS256 (a secret)', jwt: () => ({ secret }), sign: (claims) => hs256(claims) },
  { name: 'RS256 (passport-jwt)', jwt: () => ({ publicKey: rsa.publicKey, algorithms: ['RS256'] }), sign: (claims) => signWith(rsa, claims) },
  { name: 'ES256 (passport-jwt)', jwt: () => ({ publicKey: ec.publicKey, algorithms: ['ES256'] }), sign: (claims) => signWith(ec, claims) },
  { name: 'EdDSA (jose)', jwt: () => ({ publicKey: ed.publicKey, algorithms: ['EdDSA'] }), sign: (claims) => signWith(ed, claims) },
  { name: 'RS256 from a JWKS', jwt: (jwksUri) => ({ jwksUri, algorithms: ['RS256', 'EdDSA'] }), sign: (claims) => signWith(rsa, claims) },
  { name: 'EdDSA from a JWKS', jwt: (jwksUri) => ({ jwksUri, algorithms: ['RS256', 'EdDSA'] }), sign: (claims) => signWith(ed, claims) },
];

describe.each(PLATFORMS)('tokens without exp on %s', (platform) => {
  let jwks: StubServer;
  beforeAll(async () => {
    jwks = await startStubServer(respondJson({ keys: [rsa.jwk, ed.jwk] }));
  });
  afterAll(() => jwks.close());

  const serve = (jwt: JwtOptions | JwtOptions[]) =>
    startTestApp(platform, { imports: [AgentAuthModule.forRoot({ jwt })], controllers: [AgentsFixtureController] });
  const call = (server: TestApp, token: string) => request(server.url).get('/agents').set('Authorization', `Bearer ${token}`);

  describe.each(VERIFICATIONS)('verified by $name', ({ jwt, sign }) => {
    let strict: TestApp;
    let lenient: TestApp;
    beforeAll(async () => {
      strict = await serve(jwt(`${jwks.url}/jwks`));
      lenient = await serve({ ...jwt(`${jwks.url}/jwks`), requireExpiry: false });
    });
    afterAll(() => Promise.all([strict?.close(), lenient?.close()]));

    it('refuses a token without exp by default: 401 invalid_token "Token has no expiry", however often it is sent', async () => {
      const token = await sign(NO_EXPIRY);
      for (let i = 0; i < 3; i++) {
        const response = await call(strict, token);
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ code: 'invalid_token', message: 'Token has no expiry' });
        expect(response.headers['www-authenticate']).toContain('error="invalid_token", error_description="Token has no expiry"');
      }
    });

    it('accepts a token with exp (control)', async () => {
      expect((await call(strict, await sign({ exp: nowSeconds() + 600 }))).status).toBe(200);
    });

    it('accepts a token without exp with requireExpiry: false, and still refuses an expired one', async () => {
      expect((await call(lenient, await sign(NO_EXPIRY))).body).toEqual({ userId: 'u1', method: 'jwt' });
      expect((await call(lenient, await sign({ exp: nowSeconds() - 60 }))).body.code).toBe('token_expired');
    });
  });

  it('applies requireExpiry per configuration when jwt lists several issuers', async () => {
    const other = newSecret();
    const server = await serve([
      { issuer: 'https://legacy.test', secret: other, requireExpiry: false },
      { issuer: 'https://agents.test', secret },
    ]);
    try {
      const legacy = hmacToken(other, { alg: 'HS256', typ: 'JWT' }, { sub: 'old', iss: 'https://legacy.test' });
      expect((await call(server, legacy)).status).toBe(200);
      const response = await call(server, hs256({ iss: 'https://agents.test' }));
      expect(response.status).toBe(401);
      expect(response.body.message).toBe('Token has no expiry');
    } finally {
      await server.close();
    }
  });
});
