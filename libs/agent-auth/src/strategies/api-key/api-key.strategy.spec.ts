import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { AuthRequest } from '../../auth-context.js';
import { AuthError } from '../../errors/auth-error.js';
import type { ApiKeyOptions } from '../../options/api-key.options.js';
import { generateApiKey, hashApiKey } from './api-key-material.js';
import { ApiKeyStrategy } from './api-key.strategy.js';
import type { ApiKeyRecord, ApiKeyStore } from './api-key.store.js';

const T0 = Date.UTC(2030, 0, 1);

/** A store whose keys the test revokes, counting lookups. */
class CountingStore implements ApiKeyStore {
  readonly records = new Map<string, ApiKeyRecord>();
  lookups = 0;
  findByHash(hash: string): ApiKeyRecord | undefined {
    this.lookups++;
    return this.records.get(hash);
  }
}

function at(ms: number): void {
  jest.spyOn(Date, 'now').mockReturnValue(ms);
}

async function codeOrUser(outcome: unknown): Promise<string> {
  const settled = await outcome;
  return settled instanceof AuthError ? settled.code : (settled as { userId: string }).userId;
}

describe('ApiKeyStrategy', () => {
  const key = generateApiKey();
  afterEach(() => {
    jest.restoreAllMocks();
  });

  function setup(options: Omit<ApiKeyOptions, 'store'> = {}, record: ApiKeyRecord = { id: 'bot' }) {
    const store = new CountingStore();
    store.records.set(hashApiKey(key), record);
    return { store, strategy: new ApiKeyStrategy({ ...options, store }) };
  }

  it('answers a key verified recently from its cache, synchronously, without asking the store', async () => {
    at(T0);
    const { store, strategy } = setup();
    expect(await codeOrUser(strategy.verify(key))).toBe('bot');
    const cached = strategy.verify(key);
    expect(cached).not.toBeInstanceOf(Promise);
    expect(await codeOrUser(cached)).toBe('bot');
    expect(store.lookups).toBe(1);
  });

  it('asks the store again once cacheTtl has passed, so a revoked key stops working', async () => {
    at(T0);
    const { store, strategy } = setup({ cacheTtl: '30s' });
    expect(await codeOrUser(strategy.verify(key))).toBe('bot');
    store.records.clear();
    at(T0 + 29_000);
    expect(await codeOrUser(strategy.verify(key))).toBe('bot');
    at(T0 + 30_001);
    expect(await codeOrUser(strategy.verify(key))).toBe('invalid_api_key');
    expect(store.lookups).toBe(2);
  });

  it('never trusts a cached key past its expiry', async () => {
    at(T0);
    const { strategy } = setup({ cacheTtl: '1h' }, { id: 'bot', expiresAt: new Date(T0 + 10_000) });
    expect(await codeOrUser(strategy.verify(key))).toBe('bot');
    at(T0 + 10_000);
    expect(await codeOrUser(strategy.verify(key))).toBe('invalid_api_key');
  });

  it('asks the store every time with cacheTtl: 0', async () => {
    const { store, strategy } = setup({ cacheTtl: 0 });
    for (let i = 0; i < 3; i++) expect(await codeOrUser(strategy.verify(key))).toBe('bot');
    expect(store.lookups).toBe(3);
  });

  it('caches no refused key, however many are tried', async () => {
    const { strategy } = setup();
    for (let i = 0; i < 500; i++) expect(await codeOrUser(strategy.verify(`${key}${i}`))).toBe('invalid_api_key');
    expect((strategy as unknown as { verified: { size: number } }).verified.size).toBe(0);
  });

  it('reads the request and steps aside without a key', async () => {
    const { strategy } = setup();
    const request = (headers: AuthRequest['headers']): AuthRequest => ({ headers });
    expect(strategy.authenticate(request({}))).toBeUndefined();
    expect(await codeOrUser(strategy.authenticate(request({ 'x-api-key': key })))).toBe('bot');
    expect(strategy.name).toBe('api-key');
  });

  it('uses a provided store instead of keys', async () => {
    const store = new CountingStore();
    store.records.set(hashApiKey(key), { id: 'provided' });
    expect(await codeOrUser(new ApiKeyStrategy({}, store).verify(key))).toBe('provided');
  });
});
