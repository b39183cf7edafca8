import { describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { AuthContext } from '../auth-context.js';
import { AuthError } from '../errors/auth-error.js';
import { InMemoryRevocationStore } from './in-memory-revocation.store.js';
import { RevocationCheck } from './revocation-check.js';
import type { RevocationStore } from './revocation-store.interface.js';

const auth: AuthContext = { userId: 'u1', method: 'jwt', roles: [], scopes: [], claims: {} };
const REVOKED = new AuthError('token_revoked');
const query = { kind: 'token', jti: 'j1', subject: 'u1', issuedAt: 1_000 } as const;

describe('RevocationCheck', () => {
  it('admits and caches a credential that is not revoked, refuses one that is', () => {
    const store = new InMemoryRevocationStore();
    const check = new RevocationCheck(store);
    const cached: AuthContext[] = [];
    expect(check.admit(auth, query, REVOKED, (admitted) => cached.push(admitted))).toBe(auth);
    store.revoke({ kind: 'token', jti: 'j1', expiresAt: Date.now() + 60_000 });
    expect(check.admit(auth, query, REVOKED, (admitted) => cached.push(admitted))).toBe(REVOKED);
    expect(cached).toEqual([auth]);
  });

  it('does not cache an answer the store gave before a revocation that happened meanwhile', async () => {
    let answer: (revoked: boolean) => void = () => undefined;
    const slow: RevocationStore = { revoke: () => undefined, isRevoked: () => new Promise((resolve) => (answer = resolve)) };
    const check = new RevocationCheck(slow);
    const cached: AuthContext[] = [];
    const pending = check.admit(auth, query, REVOKED, (admitted) => cached.push(admitted));
    check.invalidate();
    answer(false);
    expect(await pending).toBe(auth);
    expect(cached).toEqual([]);
  });

  it('drops every registered cache when the store reports a revocation made elsewhere', () => {
    let listener = () => {};
    const dropped: string[] = [];
    const check = new RevocationCheck({ revoke: () => undefined, isRevoked: () => false, subscribe: (next) => (listener = next) });
    check.register(() => dropped.push('jwt'));
    check.register(() => dropped.push('api-key'));
    listener();
    expect(dropped).toEqual(['jwt', 'api-key']);
  });

  it('fails closed (503 auth_unavailable, Retry-After) when the store throws or rejects', async () => {
    Logger.overrideLogger(false);
    const throwing: RevocationStore = {
      revoke: () => undefined,
      isRevoked: () => {
        throw new Error('down');
      },
    };
    const rejecting: RevocationStore = { revoke: () => undefined, isRevoked: () => Promise.reject(new Error('down')) };
    for (const store of [throwing, rejecting]) {
      expect(await new RevocationCheck(store).admit(auth, query, REVOKED, () => undefined)).toMatchObject({
        code: 'auth_unavailable',
        status: 503,
        retryAfterSeconds: 1,
      });
    }
  });
});

describe('InMemoryRevocationStore', () => {
  it('revokes a subject’s tokens issued before the instant (a later instant wins), and API keys by id', () => {
    const store = new InMemoryRevocationStore();
    store.revoke({ kind: 'subject', subject: 'u1', before: 5_000 });
    store.revoke({ kind: 'subject', subject: 'u1', before: 2_000 });
    expect(store.isRevoked({ kind: 'token', subject: 'u1', issuedAt: 4_000 })).toBe(true);
    expect(store.isRevoked({ kind: 'token', subject: 'u1', issuedAt: 5_000 })).toBe(false);
    expect(store.isRevoked({ kind: 'token', subject: 'u1' })).toBe(true);
    expect(store.isRevoked({ kind: 'token', subject: 'u2', issuedAt: 1 })).toBe(false);
    store.revoke({ kind: 'api-key', id: 'ci-bot' });
    expect(store.isRevoked({ kind: 'api-key', id: 'ci-bot' })).toBe(true);
    expect(store.isRevoked({ kind: 'api-key', id: 'other' })).toBe(false);
  });

  it('forgets a revoked jti once its token has expired', () => {
    const store = new InMemoryRevocationStore();
    store.revoke({ kind: 'token', jti: 'gone', expiresAt: Date.now() - 1 });
    expect(store.isRevoked({ kind: 'token', jti: 'gone', subject: 'u1' })).toBe(false);
  });
});
