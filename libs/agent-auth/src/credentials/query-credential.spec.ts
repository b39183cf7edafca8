import { describe, expect, it } from '@jest/globals';
import type { AuthRequest } from '../auth-context.js';
import { AuthError } from '../errors/auth-error.js';
import { routePolicy } from '../../../../test/support/route-policy.js';
import { readQueryCredential } from './query-credential.js';

const optedIn = routePolicy({ strategies: ['jwt'], queryToken: 'token', handler: 'EventsController.stream' });
const request = (query: unknown, extra: Partial<AuthRequest> = {}): AuthRequest => ({ headers: {}, method: 'GET', query, ...extra });
const code = (outcome: unknown) => (outcome instanceof AuthError ? outcome.code : outcome);

describe('readQueryCredential', () => {
  it('reads the route parameter, or a ticket', () => {
    expect(readQueryCredential(request({ token: 'abc' }), optedIn)).toEqual({ kind: 'token', value: 'abc' });
    expect(readQueryCredential(request({ ticket: 'xyz' }), optedIn)).toEqual({ kind: 'ticket', value: 'xyz' });
    expect(readQueryCredential(request({ access_token: 'abc' }), { ...optedIn, queryToken: 'access_token' })).toEqual({
      kind: 'token',
      value: 'abc',
    });
  });

  it('reads nothing on routes that did not opt in, on other methods, or without a query', () => {
    expect(readQueryCredential(request({ token: 'abc' }), { ...optedIn, queryToken: undefined })).toBeUndefined();
    expect(readQueryCredential(request({ token: 'abc' }, { method: 'POST' }), optedIn)).toBeUndefined();
    expect(readQueryCredential(request({ token: 'abc' }, { method: 'HEAD' }), optedIn)).toBeUndefined();
    expect(readQueryCredential(request(undefined), optedIn)).toBeUndefined();
    expect(readQueryCredential(request({ token: '' }), optedIn)).toBeUndefined();
  });

  it('ignores inherited properties', () => {
    expect(readQueryCredential(request(Object.create({ token: 'inherited' })), optedIn)).toBeUndefined();
  });

  it('refuses repeated or structured parameters: invalid_request', () => {
    expect(code(readQueryCredential(request({ token: ['a', 'b'] }), optedIn))).toBe('invalid_request');
    expect(code(readQueryCredential(request({ ticket: ['a', 'b'] }), optedIn))).toBe('invalid_request');
    expect(code(readQueryCredential(request({ token: { nested: 'a' } }), optedIn))).toBe('invalid_request');
  });

  it('refuses more than one credential: invalid_request', () => {
    expect(code(readQueryCredential(request({ token: 'a', ticket: 'b' }), optedIn))).toBe('invalid_request');
    expect(code(readQueryCredential(request({ token: 'a' }, { headers: { authorization: 'Bearer a' } }), optedIn))).toBe('invalid_request');
    expect(code(readQueryCredential(request({ ticket: 'a' }, { headers: { authorization: 'Bearer a' } }), optedIn))).toBe('invalid_request');
    expect(readQueryCredential(request({}, { headers: { authorization: 'Bearer a' } }), optedIn)).toBeUndefined();
  });
});
