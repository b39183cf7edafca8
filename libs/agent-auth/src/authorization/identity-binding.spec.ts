import { describe, expect, it } from '@jest/globals';
import type { AuthContext } from '../auth-context.js';
import type { CallInput } from '../transports/auth-transport.js';
import { fillIdentity, mismatchedIdentity, parseIdentityPath } from './identity-binding.js';

const auth: AuthContext = { userId: 'alice', method: 'jwt', roles: [], scopes: [], tenantId: 't1', claims: {} };
const bindings = [
  parseIdentityPath('body.userId', 'userId'),
  parseIdentityPath('body.requestContext.userId', 'userId'),
  parseIdentityPath('query.tenantId', 'tenantId'),
];
const input = (body: unknown, query: unknown = {}): CallInput => ({ params: {}, fields: { body, query } });

describe('identity bindings', () => {
  it('refuses paths outside body and query, and prototype names', () => {
    expect(() => parseIdentityPath('params.userId', 'userId')).toThrow(/must start with "body\." or "query\."/);
    expect(() => parseIdentityPath('body', 'userId')).toThrow(/must start with "body\." or "query\."/);
    expect(() => parseIdentityPath('body.__proto__.userId', 'userId')).toThrow(/plain field name/);
    expect(() => parseIdentityPath('body.a b', 'userId')).toThrow(/plain field name/);
  });

  it('finds a client-sent value that is not the principal, whatever its type', () => {
    expect(mismatchedIdentity(bindings, input({ userId: 'alice', requestContext: { userId: 'alice' } }, { tenantId: 't1' }), auth)).toBeUndefined();
    expect(mismatchedIdentity(bindings, input({ userId: 'bob' }), auth)?.path).toEqual(['userId']);
    expect(mismatchedIdentity(bindings, input({ requestContext: { userId: ['alice'] } }), auth)?.path).toEqual(['requestContext', 'userId']);
    expect(mismatchedIdentity(bindings, input({ userId: null }), auth)?.path).toEqual(['userId']);
    expect(mismatchedIdentity(bindings, input({}, { tenantId: 't2' }), auth)?.principal).toBe('tenantId');
    expect(mismatchedIdentity(bindings, input({}, { tenantId: 't1' }), { ...auth, tenantId: undefined })?.principal).toBe('tenantId');
  });

  it('reads own fields only', () => {
    const body = Object.create({ userId: 'bob' }) as object;
    expect(mismatchedIdentity(bindings, input(body), auth)).toBeUndefined();
  });

  it('fills absent fields from the principal, creating the objects on their path', () => {
    const call = input(undefined, undefined);
    fillIdentity(bindings, call, auth);
    expect(call.fields).toEqual({ body: { userId: 'alice', requestContext: { userId: 'alice' } }, query: { tenantId: 't1' } });
  });

  it('keeps a value that is present, and leaves a body that is not an object alone', () => {
    const call = input({ userId: 'alice', requestContext: 'text' });
    fillIdentity(bindings, call, auth);
    expect(call.fields.body).toEqual({ userId: 'alice', requestContext: 'text' });
    const text = input('hello');
    fillIdentity(bindings, text, auth);
    expect(text.fields.body).toBe('hello');
  });

  it('pins a query that its holder parses on every read (Express 5)', () => {
    const request = {
      get query() {
        return { page: '1' };
      },
    };
    fillIdentity([parseIdentityPath('query.userId', 'userId')], { params: {}, fields: request as CallInput['fields'] }, auth);
    expect(request.query).toEqual({ page: '1', userId: 'alice' });
  });
});
