import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AgentAuthModule, type JwtOptions } from 'nest-agent-auth';
import { AgentsFixtureController } from '../fixtures/agents.fixture.js';
import { CapturedLogger } from '../support/captured-logger.js';
import { newSigningKey, signWith } from '../support/signing-keys.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, nowSeconds, signToken } from '../support/tokens.js';

const secret = newSecret();
const audience = 'agent-api';
const issuer = 'https://auth.reasons.test';
const rsa = newSigningKey('RS256');
const ed = newSigningKey('EdDSA');

/** One verification path: its configuration (an issuer of its own) and how to sign for it, with its key or another. */
interface VerificationPath {
  readonly name: string;
  readonly jwt: JwtOptions;
  sign(claims: Record<string, unknown>, foreignKey?: boolean): Promise<string>;
}

/** Our HMAC strategy (node:crypto), passport-jwt (jsonwebtoken) for RS256, jose for EdDSA. */
const paths: readonly VerificationPath[] = [
  {
    name: 'HS256 (node:crypto)',
    jwt: { secret, audience, issuer: `${issuer}/hs` },
    sign: async (claims, foreign) => signToken(foreign ? newSecret() : secret, { aud: audience, iss: `${issuer}/hs`, ...claims }),
  },
  {
    name: 'RS256 (jsonwebtoken)',
    jwt: { publicKey: rsa.publicKey, algorithms: ['RS256'], audience, issuer: `${issuer}/rs` },
    sign: (claims, foreign) => signWith(foreign ? newSigningKey('RS256') : rsa, { aud: audience, iss: `${issuer}/rs`, ...claims }),
  },
  {
    name: 'EdDSA (jose)',
    jwt: { publicKey: ed.publicKey, algorithms: ['EdDSA'], audience, issuer: `${issuer}/ed` },
    sign: (claims, foreign) => signWith(foreign ? newSigningKey('EdDSA') : ed, { aud: audience, iss: `${issuer}/ed`, ...claims }),
  },
];

/**
 * A refused JWT says why: in the challenge's `error_description`, the body's `message` and the log line, so a
 * wrong secret, audience or issuer is told apart from an expired token; the token itself never appears.
 */
describe.each(PLATFORMS)('JWT refusal reasons on %s', (platform) => {
  let server: TestApp;
  const logger = new CapturedLogger();
  beforeAll(async () => {
    server = await startTestApp(
      platform,
      {
        imports: [
          AgentAuthModule.forRoot({
            jwt: paths.map((path) => path.jwt),
          }),
        ],
        controllers: [AgentsFixtureController],
      },
      { logger },
    );
  });
  afterAll(() => server.close());

  async function reason(token: string): Promise<string> {
    logger.clear();
    const response = await request(server.url).get('/agents').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(401);
    const { message } = response.body as { message: string };
    expect(response.headers['www-authenticate']).toContain(`error_description="${message}"`);
    const line = logger
      .fromLibrary()
      .map((entry) => entry.message)
      .join('\n');
    expect(line).toContain(message === 'Token expired' ? 'token_expired' : `(${message})`);
    for (const piece of token.split('.')) expect(`${line}${response.text}`).not.toContain(piece);
    return message;
  }

  it.each(paths.map((path) => [path.name, path] as const))('names the reason of each refusal, %s', async (_name, path) => {
    expect(await reason(await path.sign({}, true))).toBe('Invalid token signature');
    expect(await reason(await path.sign({ aud: 'someone-else' }))).toBe('Token audience not accepted');
    expect(await reason(await path.sign({ exp: nowSeconds() - 60 }))).toBe('Token expired');
    expect(await reason(await path.sign({ nbf: nowSeconds() + 600 }))).toBe('Token not yet valid');
  });

  it('names an issuer no configuration trusts, an algorithm none accepts, and a malformed token', async () => {
    expect(await reason(signToken(secret, { aud: audience, iss: 'https://elsewhere.test' }))).toBe('Token issuer not accepted');
    expect(await reason(signToken(secret, { aud: audience, iss: `${issuer}/hs` }, { algorithm: 'HS512' }))).toBe('Token algorithm not accepted');
    expect(await reason('not-a-jwt')).toBe('Malformed token');
  });
});
