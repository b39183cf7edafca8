import { IsArray, IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, NotEquals, ValidateNested } from 'class-validator';
import { API_KEY_HASH_PATTERN } from '../strategies/api-key/api-key-material.js';
import type { ApiKeyStore } from '../strategies/api-key/api-key.store.js';
import { IsApiKey, IsApiKeyStore, IsDuration, IsInstant } from './option-validators.js';

/** An HTTP header name or auth scheme (RFC 9110 `token`). */
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * One configured API key: the key itself or its `sha256:` hash (exactly one of them), and what it grants.
 * Only the hash is kept in memory.
 */
export class ApiKeyDefinition {
  /** The principal's id (`AuthContext.userId`). @default `apikey_<first 12 hex of the key's sha256>` */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  id?: string;

  /** The key in plain text (16 to 512 visible ASCII characters, no space or comma); hashed at startup. */
  @IsOptional()
  @IsApiKey()
  key?: string;

  /** The key's hash, `sha256:<64 hex>` as printed by `nest-agent-auth key`. */
  @IsOptional()
  @IsString()
  @Matches(API_KEY_HASH_PATTERN, { message: "$property must be 'sha256:' followed by 64 hex digits" })
  hash?: string;

  /** Roles granted to callers using the key. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  roles?: string[];

  /** Scopes granted to callers using the key. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  scopes?: string[];

  /** Permissions granted to callers using the key (`agents:*:run`; see `@Permissions`). */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  permissions?: string[];

  /** The tenant the key acts for. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  tenantId?: string;

  /** When the key stops working: a Date or an ISO 8601 string. Past it, the key is `invalid_api_key`. */
  @IsOptional()
  @IsInstant()
  expiresAt?: Date | string;
}

/**
 * API keys, read from the `x-api-key` header (name configurable) or `Authorization: ApiKey <key>`,
 * never from the query string.
 * @example apiKey: { keys: [{ id: 'ci-bot', hash: 'sha256:9f86d0…', roles: ['operator'] }] }
 */
export class ApiKeyOptions {
  /** Header carrying the key (case-insensitive). @default 'x-api-key' */
  @IsOptional()
  @IsString()
  @Matches(HTTP_TOKEN, { message: '$property must be a valid HTTP header name' })
  @NotEquals('authorization', { message: '$property cannot be authorization (use scheme instead)' })
  header?: string;

  /** Authorization scheme carrying the key (case-insensitive): `Authorization: ApiKey <key>`. @default 'ApiKey' */
  @IsOptional()
  @IsString()
  @Matches(HTTP_TOKEN, { message: '$property must be a valid HTTP auth scheme' })
  scheme?: string;

  /** Also read `Authorization: Bearer <key>` when the value is not shaped like a JWT. @default false */
  @IsOptional()
  @IsBoolean()
  acceptBearer?: boolean;

  /** The accepted keys: plain strings or {@link ApiKeyDefinition}s. Leave out when keys come from a store. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  keys?: Array<string | ApiKeyDefinition>;

  /** Where keys are looked up instead of `keys` (the {@link ApiKeyStore} token can be provided instead). */
  @IsOptional()
  @IsApiKeyStore()
  store?: ApiKeyStore;

  /**
   * How long a verified key is trusted before the store is asked again (seconds or `'30s'`, `'5m'`; `0` never
   * caches); revoking a key in a store takes effect within this time. Never longer than the key's `expiresAt`.
   * @default 30
   */
  @IsOptional()
  @IsDuration()
  cacheTtl?: number | string;
}
