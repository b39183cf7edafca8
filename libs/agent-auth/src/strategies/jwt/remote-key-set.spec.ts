import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Logger } from '@nestjs/common';
import { generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JWK } from 'jose';
import { newSigningKey, type SigningKey } from '../../../../../test/support/signing-keys.js';
import { neverRespond, respondJson, startStubServer, type StubServer } from '../../../../../test/support/stub-server.js';
import { MAX_JWKS_BYTES, RemoteKeySet, type RemoteKeySetTiming } from './remote-key-set.js';

const TIMING: RemoteKeySetTiming = { cooldownMs: 30_000, timeoutMs: 2_000, cacheMaxAgeMs: 600_000 };
const header = (key: SigningKey) => ({ alg: key.alg, kid: key.kid });

describe('RemoteKeySet', () => {
  let server: StubServer;
  let warn: jest.Mock;
  const keySet = (timing: Partial<RemoteKeySetTiming> = {}, path = '/jwks') =>
    new RemoteKeySet(`${server.url}${path}`, { ...TIMING, ...timing }, { warn } as unknown as Logger);
  const publish = (...jwks: JWK[]) => server.handle(respondJson({ keys: jwks }));
  const fetches = () => server.count('/jwks');

  beforeEach(async () => {
    server = await startStubServer();
    warn = jest.fn();
  });
  afterEach(() => server.close());

  it("finds a key by kid and hands it over as a KeyObject that verifies the key owner's signatures", async () => {
    const [first, second] = [newSigningKey('RS256'), newSigningKey('ES256')];
    publish(first.jwk, second.jwk);
    const keys = keySet();
    const key = await keys.keyFor(header(second));
    const signature = Buffer.from('signed');
    expect(key.asymmetricKeyType).toBe('ec');
    expect(key.export({ format: 'jwk' })).toMatchObject({ x: second.jwk.x, y: second.jwk.y });
    expect(verify('sha256', signature, key, sign('sha256', signature, second.privateKey))).toBe(true);
    await keys.keyFor(header(first));
    expect(fetches()).toBe(1);
  });

  it('fetches once for a flood of random kids arriving before the set was ever fetched', async () => {
    const known = newSigningKey('RS256');
    publish(known.jwk);
    const keys = keySet();
    const flood = Array.from({ length: 50 }, () => keys.keyFor({ alg: 'RS256', kid: randomUUID() }));
    const results = await Promise.allSettled(flood);
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    expect(fetches()).toBe(1);
  });

  it('does not fetch again for unknown kids during the cooldown after a successful fetch', async () => {
    const known = newSigningKey('RS256');
    publish(known.jwk);
    const keys = keySet();
    await keys.keyFor(header(known));
    for (let round = 0; round < 3; round++) {
      await Promise.allSettled(Array.from({ length: 30 }, () => keys.keyFor({ alg: 'RS256', kid: randomUUID() })));
    }
    expect(fetches()).toBe(1);
    await expect(keys.keyFor(header(known))).resolves.toBeDefined();
  });

  it('picks up a rotated key once the cooldown has passed, with one fetch', async () => {
    const [old, rotated] = [newSigningKey('RS256'), newSigningKey('RS256')];
    publish(old.jwk);
    const keys = keySet({ cooldownMs: 300 });
    await keys.keyFor(header(old));
    publish(rotated.jwk);
    await expect(keys.keyFor(header(rotated))).rejects.toThrow();
    expect(fetches()).toBe(1);
    await sleep(350);
    await Promise.all([keys.keyFor(header(rotated)), keys.keyFor(header(rotated))]);
    expect(fetches()).toBe(2);
    await expect(keys.keyFor(header(old))).rejects.toThrow();
  });

  it('counts a failed fetch toward the cooldown: an endpoint that errors is asked once, and warned about once', async () => {
    server.handle(respondJson({ error: 'down' }, 503));
    const keys = keySet();
    for (let round = 0; round < 5; round++) {
      await Promise.allSettled(Array.from({ length: 20 }, () => keys.keyFor({ alg: 'RS256', kid: randomUUID() })));
    }
    expect(fetches()).toBe(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain('HTTP 503');
  });

  it('tries again after the cooldown once a failed endpoint recovers', async () => {
    const key = newSigningKey('ES384');
    server.handle(respondJson({}, 500));
    const keys = keySet({ cooldownMs: 200 });
    await expect(keys.keyFor(header(key))).rejects.toThrow();
    publish(key.jwk);
    await expect(keys.keyFor(header(key))).rejects.toThrow();
    await sleep(250);
    await expect(keys.keyFor(header(key))).resolves.toBeDefined();
    expect(fetches()).toBe(2);
  });

  it('gives up on an endpoint that never answers after the timeout', async () => {
    server.handle(neverRespond);
    await expect(keySet({ timeoutMs: 200 }).keyFor({ alg: 'RS256', kid: 'k' })).rejects.toThrow();
    expect(String(warn.mock.calls[0][0])).toContain('timed out');
  });

  it('refuses a document larger than the limit without buffering it', async () => {
    const key = newSigningKey('RS256');
    const padding = 'x'.repeat(MAX_JWKS_BYTES);
    server.handle(respondJson({ keys: [key.jwk], padding }));
    await expect(keySet().keyFor(header(key))).rejects.toThrow();
    expect(String(warn.mock.calls[0][0])).toContain(`larger than ${MAX_JWKS_BYTES} bytes`);
  });

  it.each([
    ['a document without keys', { keys: 'none' }],
    ['a JSON array', [1, 2]],
  ])('treats %s as a failed fetch', async (_name, document) => {
    server.handle(respondJson(document));
    await expect(keySet().keyFor({ alg: 'RS256', kid: 'k' })).rejects.toThrow();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('does not follow redirects', async () => {
    const key = newSigningKey('RS256');
    const elsewhere = await startStubServer(respondJson({ keys: [key.jwk] }));
    try {
      server.handle((_request, response) => {
        response.writeHead(302, { location: `${elsewhere.url}/jwks` });
        response.end();
      });
      await expect(keySet().keyFor(header(key))).rejects.toThrow();
      expect(elsewhere.count('/jwks')).toBe(0);
    } finally {
      await elsewhere.close();
    }
  });

  it("respects a key's alg and use: a token with another alg, or an encryption key, finds nothing", async () => {
    const signing = newSigningKey('RS256');
    const encryption = newSigningKey('RS256');
    publish({ ...signing.jwk, alg: 'RS384' }, { ...encryption.jwk, use: 'enc' });
    const keys = keySet();
    await expect(keys.keyFor(header(signing))).rejects.toThrow();
    await expect(keys.keyFor(header(encryption))).rejects.toThrow();
    await expect(keys.keyFor({ alg: 'RS384', kid: signing.kid })).resolves.toBeDefined();
  });

  it('never hands out an HMAC key, whatever the JWKS holds', async () => {
    publish({ kty: 'oct', k: Buffer.alloc(32, 1).toString('base64url'), kid: 'hmac', alg: 'HS256' });
    await expect(keySet().keyFor({ alg: 'HS256', kid: 'hmac' })).rejects.toThrow();
  });

  it('refuses RSA keys under 2048 bits', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    publish({ ...(weak.export({ format: 'jwk' }) as JWK), kid: 'weak', alg: 'RS256' });
    await expect(keySet().keyFor({ alg: 'RS256', kid: 'weak' })).rejects.toThrow(/at least 2048 bits/);
  });

  it('refuses a token without kid when several keys could match it', async () => {
    const [first, second] = [newSigningKey('RS256'), newSigningKey('RS256')];
    publish(first.jwk, second.jwk);
    await expect(keySet().keyFor({ alg: 'RS256' })).rejects.toThrow();
  });

  it('stops using its keys once they are older than cacheMaxAge and the endpoint is gone', async () => {
    const key = newSigningKey('EdDSA');
    publish(key.jwk);
    const keys = keySet({ cacheMaxAgeMs: 200, cooldownMs: 100 });
    await expect(keys.keyFor(header(key))).resolves.toBeDefined();
    await server.close();
    await expect(keys.keyFor(header(key))).resolves.toBeDefined();
    await sleep(250);
    await expect(keys.keyFor(header(key))).rejects.toThrow();
    server = await startStubServer();
  });
});
