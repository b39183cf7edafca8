import { describe, expect, it } from '@jest/globals';
import type { IncomingHttpHeaders } from 'node:http';
import { AuthError } from '../errors/auth-error.js';
import { ApiKeyCredentialReader } from './api-key-credential.js';

const KEY = 'ak_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl';

function outcome(headers: IncomingHttpHeaders, acceptBearer = false): string | undefined {
  const reader = new ApiKeyCredentialReader({ header: 'x-api-key', scheme: 'apikey', schemeName: 'ApiKey', acceptBearer });
  const read = reader.read(headers);
  return read instanceof AuthError ? read.code : read === undefined ? undefined : `key:${read}`;
}

describe('ApiKeyCredentialReader', () => {
  it.each<[string, IncomingHttpHeaders, string | undefined]>([
    ['nothing', {}, undefined],
    ['an empty Authorization header', { authorization: '' }, undefined],
    ['the key header', { 'x-api-key': KEY }, `key:${KEY}`],
    ['Authorization: ApiKey', { authorization: `ApiKey ${KEY}` }, `key:${KEY}`],
    ['the scheme in lower case', { authorization: `apikey ${KEY}` }, `key:${KEY}`],
    ['an empty key header', { 'x-api-key': '' }, 'invalid_api_key'],
    ['a repeated key header as Node joins it', { 'x-api-key': `${KEY}, ${KEY}` }, 'invalid_api_key'],
    ['a key header given as a list', { 'x-api-key': [KEY, KEY] as unknown as string }, 'invalid_api_key'],
    ['the scheme alone', { authorization: 'ApiKey' }, 'invalid_api_key'],
    ['two spaces after the scheme', { authorization: `ApiKey  ${KEY}` }, 'invalid_api_key'],
    ['a scheme that only starts like ApiKey', { authorization: `ApiKeys ${KEY}` }, 'invalid_scheme'],
    ['Basic', { authorization: 'Basic dTpw' }, 'invalid_scheme'],
    ['Bearer without acceptBearer', { authorization: `Bearer ${KEY}` }, 'invalid_scheme'],
    ['the key twice, header and Authorization', { 'x-api-key': KEY, authorization: `ApiKey ${KEY}` }, 'invalid_request'],
    ['the key header and a malformed ApiKey header', { 'x-api-key': KEY, authorization: 'ApiKey' }, 'invalid_request'],
    ['the key header next to a Bearer JWT', { 'x-api-key': KEY, authorization: `Bearer ${JWT}` }, `key:${KEY}`],
  ])('reads %s', (_name, headers, expected) => {
    expect(outcome(headers)).toBe(expected);
  });

  it.each<[string, IncomingHttpHeaders, string | undefined]>([
    ['a Bearer key', { authorization: `Bearer ${KEY}` }, `key:${KEY}`],
    ['a Bearer JWT (left to jwt)', { authorization: `Bearer ${JWT}` }, 'invalid_scheme'],
    ['a malformed Bearer value', { authorization: `Bearer ${KEY} x` }, 'invalid_api_key'],
    ['a key header and a Bearer key', { 'x-api-key': KEY, authorization: `Bearer ${KEY}` }, 'invalid_request'],
  ])('with acceptBearer, reads %s', (_name, headers, expected) => {
    expect(outcome(headers, true)).toBe(expected);
  });

  it('names the configured scheme in its invalid_scheme message', () => {
    const reader = new ApiKeyCredentialReader({ header: 'x-api-key', scheme: 'token', schemeName: 'Token', acceptBearer: false });
    expect((reader.read({ authorization: 'Basic x' }) as AuthError).message).toBe('Authorization header must use the Token scheme');
  });
});
