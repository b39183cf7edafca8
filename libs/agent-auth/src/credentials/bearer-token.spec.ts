import { describe, expect, it } from '@jest/globals';
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
