import type { ApiKeyOptions } from '../../options/api-key.options.js';
import { durationSeconds } from '../../util/duration.js';
import { InMemoryApiKeyStore } from './in-memory-api-key.store.js';
import type { ApiKeyStore } from './api-key.store.js';

/** Seconds a verified key is trusted before its store is asked again, unless `cacheTtl` says otherwise. */
export const DEFAULT_API_KEY_CACHE_TTL_SECONDS = 30;

/** {@link ApiKeyOptions} resolved once at startup: names lower-cased, the store chosen, the cache TTL in ms. */
export interface ApiKeySettings {
  /** Header carrying the key, lower-cased (as Node and Fastify expose header names). */
  readonly header: string;
  /** Authorization scheme carrying the key, lower-cased. */
  readonly scheme: string;
  /** The scheme as configured, for messages. */
  readonly schemeName: string;
  readonly acceptBearer: boolean;
  readonly cacheTtlMs: number;
  readonly store: ApiKeyStore;
}

/**
 * Applies defaults and picks the store: `apiKey.store`, else a provided `ApiKeyStore`, else the in-memory
 * store of `apiKey.keys`.
 * @throws Error naming the option when keys and a store are both given, two stores are, or neither is.
 */
export function resolveApiKeySettings(options: ApiKeyOptions, providedStore?: ApiKeyStore): ApiKeySettings {
  const schemeName = options.scheme ?? 'ApiKey';
  return {
    header: (options.header ?? 'x-api-key').toLowerCase(),
    scheme: schemeName.toLowerCase(),
    schemeName,
    acceptBearer: options.acceptBearer ?? false,
    cacheTtlMs: (durationSeconds(options.cacheTtl ?? DEFAULT_API_KEY_CACHE_TTL_SECONDS) ?? 0) * 1000,
    store: selectStore(options, providedStore),
  };
}

function selectStore(options: ApiKeyOptions, providedStore: ApiKeyStore | undefined): ApiKeyStore {
  const keys = options.keys ?? [];
  if (options.store !== undefined && providedStore !== undefined) {
    throw invalid('apiKey.store: an ApiKeyStore provider is registered too; keep one of them');
  }
  const store = options.store ?? providedStore;
  if (store !== undefined) {
    if (keys.length > 0) throw invalid('apiKey.keys: cannot be combined with an ApiKeyStore; keep the keys in the store');
    return store;
  }
  if (keys.length === 0) {
    throw invalid('apiKey: no keys; configure apiKey.keys, apiKey.store, or provide the ApiKeyStore token');
  }
  return new InMemoryApiKeyStore(keys);
}

function invalid(problem: string): Error {
  return new Error(`Invalid AgentAuthModule options:\n  - ${problem}`);
}
