import { timingSafeEqual } from 'node:crypto';
import type { ApiKeyDefinition } from '../../options/api-key.options.js';
import { hashApiKey, hashDigest } from './api-key-material.js';
import type { ApiKeyRecord, ApiKeyStore } from './api-key.store.js';

interface StoredKey {
  readonly digest: Buffer;
  readonly record: ApiKeyRecord;
}

/**
 * The default {@link ApiKeyStore}: the keys of `apiKey.keys`, held only as SHA-256 digests. A lookup compares
 * the digest with every stored one in constant time (`timingSafeEqual`, no early exit).
 */
export class InMemoryApiKeyStore implements ApiKeyStore {
  private readonly keys: readonly StoredKey[];

  constructor(definitions: ReadonlyArray<string | ApiKeyDefinition>) {
    this.keys = definitions.map(storedKey);
  }

  /** How many keys the store holds. */
  get size(): number {
    return this.keys.length;
  }

  findByHash(hash: string): ApiKeyRecord | undefined {
    const digest = hashDigest(hash);
    if (digest.length !== 32) return undefined;
    let found: ApiKeyRecord | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(key.digest, digest)) found = key.record;
    }
    return found;
  }
}

function storedKey(definition: string | ApiKeyDefinition): StoredKey {
  const entry = typeof definition === 'string' ? { key: definition } : definition;
  const hash = entry.hash ?? hashApiKey(entry.key as string);
  const { id, roles, scopes, permissions, tenantId, expiresAt } = entry;
  return { digest: hashDigest(hash), record: Object.freeze({ id, roles, scopes, permissions, tenantId, expiresAt }) };
}
