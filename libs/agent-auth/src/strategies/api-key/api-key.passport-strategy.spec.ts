import { describe, expect, it, jest } from '@jest/globals';
import { PassportStrategy } from '@nestjs/passport';
import { HeaderAPIKeyStrategy } from 'passport-headerapikey';
import { runPassportStrategy } from '../../authentication/passport-runner.js';
import { generateApiKey, hashApiKey } from './api-key-material.js';
import type { ApiKeyRecord, ApiKeyStore } from './api-key.store.js';
import { apiKeyCredential, ApiKeyPassportStrategy, type VerifiedApiKey } from './api-key.passport-strategy.js';

function storeOf(records: Record<string, ApiKeyRecord>): ApiKeyStore {
  return { findByHash: async (hash) => records[hash] };
}

describe('ApiKeyPassportStrategy', () => {
  const key = generateApiKey();

  it('is a passport-headerapikey strategy without passReqToCallback and without prefix', () => {
    const strategy = new ApiKeyPassportStrategy(storeOf({}));
    expect(strategy).toBeInstanceOf(HeaderAPIKeyStrategy);
    expect(strategy.passReqToCallback).toBe(false);
    expect(strategy.apiKeyHeader.prefix).toBe('');
  });

  it('verifies the bare key it is handed: validate gets the key and Passport succeeds with the principal', async () => {
    const strategy = new ApiKeyPassportStrategy(storeOf({ [hashApiKey(key)]: { id: 'ci-bot', roles: ['operator'] } }));
    const validate = jest.spyOn(strategy, 'validate');
    const outcome = await runPassportStrategy(strategy, apiKeyCredential(key));
    expect(validate.mock.calls[0][0]).toBe(key);
    expect(outcome.kind).toBe('success');
    expect((outcome as { user: VerifiedApiKey }).user.auth).toMatchObject({ userId: 'ci-bot', method: 'api-key', roles: ['operator'] });
  });

  it.each([
    ['unknown', {}],
    ['expired', { [hashApiKey(key)]: { expiresAt: new Date(Date.now() - 1) } }],
    ['with an unreadable expiry', { [hashApiKey(key)]: { expiresAt: 'tomorrow-ish' } }],
  ])('fails a key that is %s', async (_name, records) => {
    const outcome = await runPassportStrategy(new ApiKeyPassportStrategy(storeOf(records)), apiKeyCredential(key));
    expect(outcome.kind).toBe('fail');
  });

  it('passes a store failure on as a Passport error', async () => {
    const failing: ApiKeyStore = { findByHash: async () => Promise.reject(new Error('database down')) };
    const outcome = await runPassportStrategy(new ApiKeyPassportStrategy(failing), apiKeyCredential(key));
    expect(outcome).toMatchObject({ kind: 'error', error: new Error('database down') });
  });

  describe('the passport-headerapikey traps it avoids', () => {
    it('passReqToCallback: true makes @nestjs/passport call the request as done', async () => {
      class TrappedStrategy extends PassportStrategy(HeaderAPIKeyStrategy, 'api-key-trap') {
        constructor() {
          super({ header: 'x-api-key', prefix: '' }, true);
        }
        validate(): object {
          return { id: 'u1' };
        }
      }
      const trapped = new TrappedStrategy();
      // passport-headerapikey calls verify(apiKey, done, req); the mixin takes the last argument (req) as done.
      const verify = trapped.verify as unknown as (apiKey: string, done: () => void, req: object) => Promise<void>;
      await expect(verify('k', () => undefined, { headers: {} })).rejects.toThrow('done is not a function');
    });

    it('a prefix goes into an unescaped RegExp, so "Key.* " strips more than the prefix', async () => {
      const verify = jest.fn((apiKey: string, done: (error: null, user: object) => void) => done(null, { apiKey }));
      const strategy = new HeaderAPIKeyStrategy({ header: 'authorization', prefix: 'Key.* ' }, false, verify);
      const outcome = await runPassportStrategy(strategy, { headers: { authorization: 'Key.* part-one part-two' } });
      expect(outcome).toEqual({ kind: 'success', user: { apiKey: 'part-two' } });
    });
  });
});
