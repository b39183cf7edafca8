import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AuthError } from '../errors/auth-error.js';
import { readBearerToken } from './bearer-token.js';

const read = (authorization?: string) => readBearerToken(authorization === undefined ? {} : { authorization });
const codeOf = (value: unknown) => (value instanceof AuthError ? value.code : value);

describe('readBearerToken', () => {
  it('returns the token of a Bearer header, whatever the scheme case', () => {
    expect(read('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(read('bearer abc')).toBe('abc');
    expect(read('BEARER abc')).toBe('abc');
  });

  it('steps aside without an Authorization header', () => {
    expect(read()).toBeUndefined();
    expect(read('')).toBeUndefined();
  });

  it.each(['Basic dXNlcjpwYXNz', 'ApiKey k', 'Bearer:abc', 'Bearerabc', 'Token abc'])('calls %j another scheme', (header) => {
    expect(codeOf(read(header))).toBe('invalid_scheme');
  });

  it.each(['Bearer', 'Bearer ', 'Bearer  abc', 'Bearer abc def', 'Bearer abc\tdef'])('calls %j malformed', (header) => {
    expect(codeOf(read(header))).toBe('invalid_token');
  });
});

/** Any casing of "Bearer". */
const bearerScheme = fc
  .array(fc.boolean(), { minLength: 6, maxLength: 6 })
  .map((upper) => [...'bearer'].map((char, i) => (upper[i] ? char.toUpperCase() : char)).join(''));
const separators = fc.constantFrom(' ', '  ', '\t', ':', ': ', '\u00a0', '', ' \t', '=');
const tokenChars = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.~+/='), minLength: 1, maxLength: 40 });

describe('readBearerToken on random input (fast-check)', () => {
  it.each(['Bearer\tabc', '\u0392earer abc', 'Bearer\u00a0abc'])('calls %j another scheme (tab, look-alike letter, no-break space)', (header) => {
    expect(codeOf(read(header))).toBe('invalid_scheme');
  });

  it('never throws; a token comes back only from "bearer" + one space + a non-empty token without whitespace or controls', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme-ascii' })), (header) => {
        const outcome = read(header);
        if (typeof outcome !== 'string') return outcome === undefined ? header === '' : outcome instanceof AuthError;
        return (
          header.slice(0, 7).toLowerCase() === 'bearer ' &&
          outcome === header.slice(7) &&
          outcome.length > 0 &&
          ![...outcome].some((char) => char.charCodeAt(0) <= 32 || char.charCodeAt(0) === 127)
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts any casing of the scheme, only with exactly one space before the token', () => {
    fc.assert(
      fc.property(bearerScheme, separators, tokenChars, (scheme, separator, token) => {
        const outcome = read(`${scheme}${separator}${token}`);
        if (separator === ' ') expect(outcome).toBe(token);
        else expect(outcome).toBeInstanceOf(AuthError);
      }),
      { numRuns: 1000 },
    );
  });

  it('answers another scheme with invalid_scheme, whatever follows it', () => {
    const otherScheme = fc.string({ minLength: 1, maxLength: 12 }).filter((scheme) => !/\s/.test(scheme) && scheme.toLowerCase() !== 'bearer');
    fc.assert(
      fc.property(otherScheme, fc.string({ maxLength: 20 }), (scheme, rest) => {
        expect(codeOf(read(`${scheme} ${rest}`))).toBe('invalid_scheme');
      }),
      { numRuns: 1000 },
    );
  });
});
