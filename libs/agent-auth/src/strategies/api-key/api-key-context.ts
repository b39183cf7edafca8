import type { AuthContext } from '../../auth-context.js';
import { stringList } from '../../util/claim-values.js';
import type { ApiKeyRecord } from './api-key.store.js';

/** Hex digits of the key's SHA-256 that name a key configured without an id. */
const ANONYMOUS_ID_HEX = 12;

/**
 * The {@link AuthContext} of a verified API key: `userId` is the key's id or `apikey_<first 12 hex of its sha256>`;
 * `claims` hold the key's metadata (id, expiry, the store's `metadata`), never the key or its hash.
 */
export function apiKeyAuthContext(record: ApiKeyRecord, hexDigest: string, expiresAtMs: number | undefined): AuthContext {
  const userId = typeof record.id === 'string' && record.id !== '' ? record.id : `apikey_${hexDigest.slice(0, ANONYMOUS_ID_HEX)}`;
  const claims: Record<string, unknown> = { ...record.metadata, keyId: userId };
  if (expiresAtMs !== undefined) claims.expiresAt = new Date(expiresAtMs).toISOString();
  return Object.freeze({
    userId,
    method: 'api-key',
    roles: Object.freeze(stringList(record.roles)),
    scopes: Object.freeze(stringList(record.scopes)),
    permissions: Object.freeze(stringList(record.permissions)),
    tenantId: typeof record.tenantId === 'string' && record.tenantId !== '' ? record.tenantId : undefined,
    claims: Object.freeze(claims),
  });
}
