import { describe, expect, it } from '@jest/globals';
import { inspect } from 'node:util';
import { generateApiKey, hashApiKey } from './api-key-material.js';
import { InMemoryApiKeyStore } from './in-memory-api-key.store.js';

describe('InMemoryApiKeyStore', () => {
  const plain = generateApiKey();
  const defined = generateApiKey();
  const hashed = generateApiKey();
  const store = new InMemoryApiKeyStore([
    plain,
    { id: 'ci-bot', key: defined, roles: ['operator'], scopes: ['a'], tenantId: 't1', expiresAt: '2999-01-01T00:00:00Z' },
    { id: 'by-hash', hash: hashApiKey(hashed).toUpperCase().replace('SHA256', 'sha256') },
  ]);

  it('finds a plain key, a defined key and a key configured by hash, by the hash of the key', () => {
    expect(store.size).toBe(3);
    expect(store.findByHash(hashApiKey(plain))).toEqual({});
    expect(store.findByHash(hashApiKey(defined))).toEqual({
      id: 'ci-bot',
      roles: ['operator'],
      scopes: ['a'],
      tenantId: 't1',
      expiresAt: '2999-01-01T00:00:00Z',
    });
    expect(store.findByHash(hashApiKey(hashed))).toMatchObject({ id: 'by-hash' });
  });

  it('finds nothing for an unknown key, a malformed hash, or the key itself', () => {
    expect(store.findByHash(hashApiKey(generateApiKey()))).toBeUndefined();
    expect(store.findByHash('sha256:abcd')).toBeUndefined();
    expect(store.findByHash('')).toBeUndefined();
    expect(store.findByHash(defined)).toBeUndefined();
  });

  it('holds no key in plain text', () => {
    const dump = inspect(store, { depth: null, showHidden: true, maxArrayLength: null });
    for (const key of [plain, defined, hashed]) expect(dump).not.toContain(key);
  });

  it('returns frozen records', () => {
    expect(Object.isFrozen(store.findByHash(hashApiKey(defined)))).toBe(true);
  });
});
