import { describe, expect, it } from '@jest/globals';
import { precheckJwt } from './jwt-precheck.js';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (header: Record<string, unknown>, payload: Record<string, unknown> = { sub: 'u1' }) => `${part(header)}.${part(payload)}.c2ln`;
const HS256 = new Set(['HS256']);

describe('precheckJwt', () => {
  it('lets a well-formed token with a pinned algorithm through to verification', () => {
    expect(precheckJwt(token({ alg: 'HS256', typ: 'JWT', kid: 'k1' }, { sub: 'u1', exp: 1, nbf: 0, iat: 0 }), HS256)).toBeUndefined();
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
    expect(precheckJwt(value, HS256)?.code).toBe('invalid_token');
  });
});
