import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AuthError } from '../../errors/auth-error.js';
import { MAX_TOKEN_LENGTH, precheckJwt } from './jwt-precheck.js';

const PINNED = new Set(['HS256']);
const segment = (json: string) => Buffer.from(json).toString('base64url');
const token = (header: unknown, payload: unknown) => `${segment(JSON.stringify(header))}.${segment(JSON.stringify(payload))}.c2ln`;

/** The rules of the pre-check, stated independently: what a token must look like to reach signature verification. */
function admissible(header: Record<string, unknown>, payload: Record<string, unknown>): boolean {
  const has = (object: Record<string, unknown>, name: string) => Object.hasOwn(object, name);
  const str = (value: unknown) => typeof value === 'string';
  if (header.alg !== 'HS256') return false;
  if (['crit', 'jwk', 'jku', 'x5u', 'x5c', 'b64', 'zip', 'enc'].some((name) => has(header, name))) return false;
  if (['kid', 'typ', 'cty'].some((name) => has(header, name) && !str(header[name]))) return false;
  if (str(header.cty) && /^(application\/)?jwt$/i.test(header.cty as string)) return false;
  if (['exp', 'nbf', 'iat'].some((name) => has(payload, name) && typeof payload[name] !== 'number')) return false;
  if (['iss', 'jti'].some((name) => has(payload, name) && !str(payload[name]))) return false;
  if (has(payload, 'sub') && !str(payload.sub) && !Number.isSafeInteger(payload.sub)) return false;
  if (has(payload, 'aud') && !str(payload.aud) && !(Array.isArray(payload.aud) && payload.aud.every(str))) return false;
  return true;
}

const headerNames = fc.constantFrom('alg', 'typ', 'kid', 'cty', 'crit', 'jwk', 'jku', 'x5u', 'x5c', 'b64', 'zip', 'enc', 'x', '__proto__');
const claimNames = fc.constantFrom('sub', 'aud', 'iss', 'exp', 'nbf', 'iat', 'jti', 'roles', 'scope', 'constructor', '__proto__');
const values = fc.oneof(
  fc.constantFrom('HS256', 'hs256', 'none', 'NONE', 'RS256', 'JWT', 'jwt', 'application/JWT', 'Jwt'),
  fc.jsonValue({ maxDepth: 2 }),
);
const jsonObject = (names: fc.Arbitrary<string>) =>
  fc.array(fc.tuple(names, values), { maxLength: 5 }).map((entries) => {
    const object: Record<string, unknown> = {};
    for (const [name, value] of entries) Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
    return object;
  });

describe('precheckJwt', () => {
  it('lets a plain HS256 token through', () => {
    expect(precheckJwt(token({ alg: 'HS256', typ: 'JWT' }, { sub: 'u1', exp: 2e9, aud: ['a'] }), PINNED)).toBeUndefined();
  });

  it.each([
    ['alg none', token({ alg: 'none' }, { sub: 'u1' })],
    ['an unpinned alg', token({ alg: 'HS512' }, { sub: 'u1' })],
    ['no alg', token({ typ: 'JWT' }, { sub: 'u1' })],
    ['an alg list', token({ alg: ['HS256'] }, { sub: 'u1' })],
    ['a crit header', token({ alg: 'HS256', crit: [] }, { sub: 'u1' })],
    ['a nested JWT (application/jwt)', token({ alg: 'HS256', cty: 'application/JWT' }, { sub: 'u1' })],
    ['a numeric kid', token({ alg: 'HS256', kid: 1 }, { sub: 'u1' })],
    ['a payload that is a string', `${segment('{"alg":"HS256"}')}.${segment('"eyJhbGciOiJIUzI1NiJ9"')}.c2ln`],
    ['a repeated claim', `${segment('{"alg":"HS256"}')}.${segment('{"sub":"u1","sub":"admin"}')}.c2ln`],
    ['a repeated header', `${segment('{"alg":"none","alg":"HS256"}')}.${segment('{"sub":"u1"}')}.c2ln`],
    ['aud as an object', token({ alg: 'HS256' }, { sub: 'u1', aud: { 0: 'agent-api' } })],
    ['sub as a list', token({ alg: 'HS256' }, { sub: ['admin'] })],
    ['exp as a string', token({ alg: 'HS256' }, { sub: 'u1', exp: '9999999999' })],
    ['an empty signature', token({ alg: 'HS256' }, { sub: 'u1' }).replace(/c2ln$/, '')],
    ['a too long token', `${'a'.repeat(MAX_TOKEN_LENGTH)}.b.c`],
  ])('refuses %s', (_name, candidate) => {
    expect(precheckJwt(candidate, PINNED)).toBeInstanceOf(AuthError);
  });

  it('never throws and never admits random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => precheckJwt(text, PINNED) instanceof AuthError),
      { numRuns: 2000 },
    );
  });

  it('never throws and never admits three random base64url segments', () => {
    const part = fc.uint8Array({ maxLength: 60 }).map((bytes) => Buffer.from(bytes).toString('base64url'));
    fc.assert(
      fc.property(part, part, part, (a, b, c) => precheckJwt(`${a}.${b}.${c}`, PINNED) instanceof AuthError),
      { numRuns: 2000 },
    );
  });

  it('admits exactly the headers and payloads its rules allow', () => {
    fc.assert(
      fc.property(jsonObject(headerNames), jsonObject(claimNames), (header, payload) => {
        expect(precheckJwt(token(header, payload), PINNED) === undefined).toBe(admissible(header, payload));
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on a valid token with any one character replaced', () => {
    const valid = token({ alg: 'HS256', typ: 'JWT' }, { sub: 'u1', exp: 2e9 });
    fc.assert(
      fc.property(fc.nat({ max: valid.length - 1 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), (at, char) => {
        const outcome = precheckJwt(valid.slice(0, at) + char + valid.slice(at + 1), PINNED);
        expect(outcome === undefined || outcome instanceof AuthError).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
