import { describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import fc from 'fast-check';
import { createHmac, randomBytes } from 'node:crypto';
import jsonwebtoken from 'jsonwebtoken';
import { AuthError } from '../../errors/auth-error.js';
import type { JwtAlgorithm } from '../../options/jwt.options.js';
import { precheckJwt } from './jwt-precheck.js';
import { JwtVerifier } from './jwt-verifier.js';

const HASHES: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function sign(alg: string, payload: Record<string, unknown>, secret: Buffer): string {
  const input = `${part({ alg, typ: 'JWT' })}.${part(payload)}`;
  return `${input}.${createHmac(HASHES[alg], secret).update(input).digest('base64url')}`;
}

/** What a token is turned into before it is presented. */
type Tamper = 'none' | 'other-secret' | 'flipped-signature' | 'non-canonical-signature' | 'other-algorithm' | 'other-payload';

function present(tamper: Tamper, alg: string, payload: Record<string, unknown>, secret: Buffer): string {
  const token = sign(alg, payload, tamper === 'other-secret' ? randomBytes(32) : secret);
  const [header, body, signature] = token.split('.');
  switch (tamper) {
    case 'flipped-signature':
      return `${header}.${body}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    case 'non-canonical-signature': {
      // The last base64url character of a 32- or 64-byte MAC carries unused low bits: flipping one keeps the bytes.
      const last = BASE64URL.indexOf(signature.at(-1) as string);
      return `${header}.${body}.${signature.slice(0, -1)}${BASE64URL[last ^ 1]}`;
    }
    case 'other-algorithm':
      return `${part({ alg: alg === 'HS256' ? 'HS512' : 'HS256', typ: 'JWT' })}.${body}.${signature}`;
    case 'other-payload':
      return `${header}.${part({ ...payload, roles: ['admin'] })}.${signature}`;
    default:
      return token;
  }
}

/** jsonwebtoken's verdict in our codes: expiry and `maxAge` are `token_expired`, any other refusal `invalid_token`. */
function jsonwebtokenVerdict(token: string, secret: Buffer, options: jsonwebtoken.VerifyOptions): string {
  try {
    jsonwebtoken.verify(token, secret, options);
    return 'ok';
  } catch (error) {
    return error instanceof jsonwebtoken.TokenExpiredError ? 'token_expired' : 'invalid_token';
  }
}

/**
 * The verdict jsonwebtoken's gives with our one addition: a token without `exp` that jsonwebtoken accepts is
 * `invalid_token` unless `requireExpiry: false` (jsonwebtoken has no such check; the verifier adds it to every algorithm).
 */
function expectedVerdict(token: string, secret: Buffer, options: jsonwebtoken.VerifyOptions & { requireExpiry?: boolean }, exp: unknown): string {
  const verdict = jsonwebtokenVerdict(token, secret, options);
  return verdict === 'ok' && options.requireExpiry !== false && exp === undefined ? 'invalid_token' : verdict;
}

/** Our verdict: the pre-check, then the configuration's verifier (no issuer routing, no cache: verification only). */
async function ourVerdict(token: string, secret: Buffer, options: Record<string, unknown>): Promise<string> {
  const verifier = new JwtVerifier({ secret: secret.toString('latin1'), ...options }, 'jwt', new Logger('test'));
  const jwt = precheckJwt(token, new Set(verifier.algorithms));
  const outcome = jwt instanceof AuthError ? jwt : await verifier.verify(token, jwt);
  return outcome instanceof AuthError ? outcome.code : 'ok';
}

// Offsets from now, in seconds, chosen so that no check lands within a second of its boundary (whatever the tolerance
// and maxAge below): the two verifiers read the clock at slightly different moments.
const offset = fc.constantFrom(-100, -20, -8, 8, 20, 100);
const issuers = ['https://a.test', 'https://b.test', 'https://c.test'];
const audiences = ['agent-api', 'billing', 'ops'];

describe('HmacJwtPassportStrategy (through its JwtVerifier)', () => {
  it('gives jsonwebtoken’s verdict on random HS* tokens, claims, options and tampering', async () => {
    const secret = Buffer.from(randomBytes(32).map((byte) => 0x21 + (byte % 94))); // printable ASCII: same bytes as a string
    const verdicts = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          alg: fc.constantFrom('HS256', 'HS384', 'HS512'),
          pinned: fc.subarray(['HS256', 'HS384', 'HS512'] as JwtAlgorithm[], { minLength: 1 }),
          claims: fc.record(
            {
              exp: offset,
              nbf: offset,
              iat: fc.constantFrom(-100, -20, -8, 8),
              iss: fc.constantFrom(...issuers),
              aud: fc.oneof(fc.constantFrom(...audiences), fc.subarray(audiences)),
            },
            { requiredKeys: [] },
          ),
          issuer: fc.option(fc.oneof(fc.constantFrom(...issuers), fc.subarray(issuers, { minLength: 1 })), { nil: undefined, freq: 2 }),
          audience: fc.option(fc.oneof(fc.constantFrom(...audiences), fc.subarray(audiences, { minLength: 1 })), { nil: undefined, freq: 2 }),
          clockTolerance: fc.constantFrom(0, 5, 30),
          maxAge: fc.option(fc.constantFrom(10, 60, 3600), { nil: undefined }),
          requireExpiry: fc.option(fc.boolean(), { nil: undefined }),
          tamper: fc.oneof(
            { arbitrary: fc.constant<Tamper>('none'), weight: 3 },
            fc.constantFrom<Tamper>('other-secret', 'flipped-signature', 'non-canonical-signature', 'other-algorithm', 'other-payload'),
          ),
        }),
        async ({ alg, pinned, claims, issuer, audience, clockTolerance, maxAge, requireExpiry, tamper }) => {
          const now = Math.floor(Date.now() / 1000);
          const payload: Record<string, unknown> = { sub: 'user-1', ...claims };
          for (const time of ['exp', 'nbf', 'iat'] as const) if (typeof claims[time] === 'number') payload[time] = now + claims[time];
          const token = present(tamper, alg, payload, secret);
          const options = { algorithms: pinned, issuer, audience, clockTolerance, maxAge, requireExpiry };
          const expected = expectedVerdict(token, secret, options as jsonwebtoken.VerifyOptions, payload.exp);
          expect(await ourVerdict(token, secret, options)).toBe(expected);
          verdicts.set(expected, (verdicts.get(expected) ?? 0) + 1);
        },
      ),
      { numRuns: 1_000 },
    );
    for (const verdict of ['ok', 'token_expired', 'invalid_token']) expect(verdicts.get(verdict)).toBeGreaterThan(20);
  });

  it('accepts a valid token and refuses one signed for another algorithm than the one it names', async () => {
    const secret = Buffer.from('a'.repeat(32));
    const claims = { sub: 'user-1', exp: Math.floor(Date.now() / 1000) + 60 };
    const valid = sign('HS384', claims, secret);
    expect(await ourVerdict(valid, secret, { algorithms: ['HS384'] })).toBe('ok');
    expect(await ourVerdict(present('other-algorithm', 'HS384', claims, secret), secret, { algorithms: ['HS256', 'HS384'] })).toBe('invalid_token');
  });

  it('refuses a token without exp unless requireExpiry is false, as a token jsonwebtoken would accept', async () => {
    const secret = Buffer.from('a'.repeat(32));
    const timeless = sign('HS256', { sub: 'user-1' }, secret);
    expect(jsonwebtokenVerdict(timeless, secret, { algorithms: ['HS256'] })).toBe('ok');
    expect(await ourVerdict(timeless, secret, {})).toBe('invalid_token');
    expect(await ourVerdict(timeless, secret, { requireExpiry: false })).toBe('ok');
  });
});
