import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AuthError } from '../../errors/auth-error.js';
import { precheckJwt } from './jwt-precheck.js';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (header: Record<string, unknown>, payload: Record<string, unknown> = { sub: 'u1' }) => `${part(header)}.${part(payload)}.c2ln`;
const HS256 = new Set(['HS256']);

describe('precheckJwt', () => {
  it('lets a well-formed token with a pinned algorithm through to verification, with its decoded header and payload', () => {
    expect(precheckJwt(token({ alg: 'HS256', typ: 'JWT', kid: 'k1' }, { sub: 'u1', exp: 1, nbf: 0, iat: 0 }), HS256)).toEqual({
      header: { alg: 'HS256', typ: 'JWT', kid: 'k1' },
      payload: { sub: 'u1', exp: 1, nbf: 0, iat: 0 },
    });
  });

  it('judges a header seen before against the algorithms pinned by each caller (its verdict is kept per segment)', () => {
    const value = token({ alg: 'HS256', typ: 'JWT' });
    expect(precheckJwt(value, HS256)).not.toBeInstanceOf(AuthError);
    expect(precheckJwt(value, new Set(['RS256']))).toMatchObject({ code: 'invalid_token' });
    expect(precheckJwt(value, HS256)).not.toBeInstanceOf(AuthError);
  });

  it('gives the same verdicts past the number of header segments it remembers', () => {
    for (let i = 0; i < 600; i++) {
      expect(precheckJwt(token({ alg: 'HS256', kid: `k${i}` }), HS256)).not.toBeInstanceOf(AuthError);
      expect(precheckJwt(token({ alg: 'HS256', kid: `k${i}`, jku: 'https://x' }), HS256)).toMatchObject({ code: 'invalid_token' });
    }
    expect(precheckJwt(token({ alg: 'HS256', kid: 'k0', jku: 'https://x' }), HS256)).toMatchObject({ code: 'invalid_token' });
  });

  it.each([
    ['alg none', token({ alg: 'none' })],
    ['an algorithm not pinned', token({ alg: 'RS256' })],
    ['no alg', token({ typ: 'JWT' })],
    ['crit', token({ alg: 'HS256', crit: ['exp'] })],
    ['jwk', token({ alg: 'HS256', jwk: {} })],
    ['jku', token({ alg: 'HS256', jku: 'https://x' })],
    ['x5u', token({ alg: 'HS256', x5u: 'https://x' })],
    ['x5c', token({ alg: 'HS256', x5c: [] })],
    ['cty JWT (nested)', token({ alg: 'HS256', cty: 'jwt' })],
    ['a string exp', token({ alg: 'HS256' }, { exp: '1' })],
    ['a null nbf', token({ alg: 'HS256' }, { nbf: null })],
    ['an array payload', `${part({ alg: 'HS256' })}.${part([1])}.c2ln`],
    ['a non-JSON header', `bm90anNvbg.${part({})}.c2ln`],
    ['an empty signature', `${part({ alg: 'HS256' })}.${part({})}.`],
    ['two segments', `${part({ alg: 'HS256' })}.${part({})}`],
    ['non base64url characters', `${part({ alg: 'HS256' })}.${part({})}.c2ln+/=`],
    ['an oversized token', `${part({ alg: 'HS256' })}.${'a'.repeat(9000)}.c2ln`],
  ])('refuses a token with %s', (_name, value) => {
    expect(precheckJwt(value, HS256)).toMatchObject({ code: 'invalid_token' });
  });
});

/** A segment holding exactly this JSON text (repeated names included). */
const segment = (json: string) => Buffer.from(json).toString('base64url');

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

describe('precheckJwt on adversarial and random input', () => {
  it.each([
    ['an alg list', token({ alg: ['HS256'] }, { sub: 'u1' })],
    ['a nested JWT (application/jwt)', token({ alg: 'HS256', cty: 'application/JWT' }, { sub: 'u1' })],
    ['a numeric kid', token({ alg: 'HS256', kid: 1 }, { sub: 'u1' })],
    ['a payload that is a string', `${segment('{"alg":"HS256"}')}.${segment('"eyJhbGciOiJIUzI1NiJ9"')}.c2ln`],
    ['a repeated claim', `${segment('{"alg":"HS256"}')}.${segment('{"sub":"u1","sub":"admin"}')}.c2ln`],
    ['a repeated header', `${segment('{"alg":"none","alg":"HS256"}')}.${segment('{"sub":"u1"}')}.c2ln`],
    ['aud as an object', token({ alg: 'HS256' }, { sub: 'u1', aud: { 0: 'agent-api' } })],
    ['sub as a list', token({ alg: 'HS256' }, { sub: ['admin'] })],
    ['exp as a string', token({ alg: 'HS256' }, { sub: 'u1', exp: '9999999999' })],
  ])('refuses %s', (_name, candidate) => {
    expect(precheckJwt(candidate, HS256)).toBeInstanceOf(AuthError);
  });

  it('never throws and never admits random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => precheckJwt(text, HS256) instanceof AuthError),
      { numRuns: 2000 },
    );
  });

  it('never throws and never admits three random base64url segments', () => {
    const part = fc.uint8Array({ maxLength: 60 }).map((bytes) => Buffer.from(bytes).toString('base64url'));
    fc.assert(
      fc.property(part, part, part, (a, b, c) => precheckJwt(`${a}.${b}.${c}`, HS256) instanceof AuthError),
      { numRuns: 2000 },
    );
  });

  it('admits exactly the headers and payloads its rules allow', () => {
    fc.assert(
      fc.property(jsonObject(headerNames), jsonObject(claimNames), (header, payload) => {
        expect(!(precheckJwt(token(header, payload), HS256) instanceof AuthError)).toBe(admissible(header, payload));
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on a valid token with any one character replaced', () => {
    const valid = token({ alg: 'HS256', typ: 'JWT' }, { sub: 'u1', exp: 2e9 });
    fc.assert(
      fc.property(fc.nat({ max: valid.length - 1 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), (at, char) => {
        const outcome = precheckJwt(valid.slice(0, at) + char + valid.slice(at + 1), HS256);
        if (!(outcome instanceof AuthError)) expect(outcome).toEqual({ header: expect.any(Object), payload: expect.any(Object) });
      }),
      { numRuns: 1000 },
    );
  });
});
