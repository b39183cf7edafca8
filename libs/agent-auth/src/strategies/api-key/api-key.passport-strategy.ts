import { PassportStrategy } from '@nestjs/passport';
import { HeaderAPIKeyStrategy } from 'passport-headerapikey';
import type { AuthContext } from '../../auth-context.js';
import { instantMs } from '../../util/instant.js';
import { apiKeyAuthContext } from './api-key-context.js';
import { API_KEY_HASH_PREFIX, sha256Hex } from './api-key-material.js';
import type { ApiKeyStore } from './api-key.store.js';

/** The one header passport-headerapikey is told to read; the strategy puts the bare key there. */
const CREDENTIAL_HEADER = 'x-api-key';

/** What the API key strategy is handed: the key its strategy already read from the request. */
export interface ApiKeyCredential {
  readonly headers: { readonly [CREDENTIAL_HEADER]: string };
}

/** A key the strategy verified: its principal, and when it expires (epoch ms). */
export interface VerifiedApiKey {
  readonly auth: AuthContext;
  readonly expiresAtMs?: number;
}

/** The request-shaped object that hands a key to {@link ApiKeyPassportStrategy}. */
export function apiKeyCredential(key: string): ApiKeyCredential {
  return { headers: { [CREDENTIAL_HEADER]: key } };
}

/**
 * The Passport API key strategy (passport-headerapikey): looks the key's SHA-256 hash up in the store and
 * refuses unknown and expired keys. Two traps of that package are avoided here: no key prefix (it would go
 * into an unescaped RegExp; the strategy reads the scheme itself) and `passReqToCallback` stays false
 * (the package calls `verify(apiKey, done, req)` while @nestjs/passport takes the last argument as `done`).
 */
export class ApiKeyPassportStrategy extends PassportStrategy(HeaderAPIKeyStrategy, 'api-key') {
  constructor(private readonly store: ApiKeyStore) {
    super({ header: CREDENTIAL_HEADER, prefix: '' }, false);
  }

  /** Called by passport-headerapikey with the bare key; `false` refuses it. */
  async validate(apiKey: string): Promise<VerifiedApiKey | false> {
    const hexDigest = sha256Hex(apiKey);
    const record = await this.store.findByHash(API_KEY_HASH_PREFIX + hexDigest);
    if (record === undefined || record === null) return false;
    const expiresAtMs = record.expiresAt === undefined ? undefined : (instantMs(record.expiresAt) ?? 0);
    if (expiresAtMs !== undefined && expiresAtMs <= Date.now()) return false;
    return { auth: apiKeyAuthContext(record, hexDigest, expiresAtMs), expiresAtMs };
  }
}
