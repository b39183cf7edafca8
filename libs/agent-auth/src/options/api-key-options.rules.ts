import { hashApiKey } from '../strategies/api-key/api-key-material.js';
import { ApiKeyDefinition, ApiKeyOptions } from './api-key.options.js';
import { instantiate, isObject } from './option-instances.js';

/** API key rules across fields: one of key or hash per entry, no key or id twice, keys or a store. */
export function apiKeyProblems(apiKey: ApiKeyOptions): string[] {
  const problems: string[] = [];
  if (typeof apiKey.scheme === 'string' && apiKey.scheme.toLowerCase() === 'bearer') {
    problems.push('apiKey.scheme: cannot be Bearer (JWTs use it; set acceptBearer to also read keys from it)');
  }
  const keys = Array.isArray(apiKey.keys) ? apiKey.keys : [];
  if (apiKey.store !== undefined && keys.length > 0) problems.push('apiKey: give keys or store, not both');
  const seenHashes = new Map<string, number>();
  const seenIds = new Map<string, number>();
  keys.forEach((entry, index) => {
    if (!(entry instanceof ApiKeyDefinition)) return;
    const { key, hash, id } = entry;
    if ((key === undefined) === (hash === undefined)) problems.push(`apiKey.keys.${index}: give exactly one of key or hash`);
    const digest = typeof key === 'string' && key !== '' ? hashApiKey(key) : typeof hash === 'string' ? hash.toLowerCase() : undefined;
    if (digest !== undefined) {
      const first = seenHashes.get(digest);
      if (first !== undefined) problems.push(`apiKey.keys.${index}: the same key as apiKey.keys.${first}`);
      else seenHashes.set(digest, index);
    }
    if (typeof id === 'string') {
      const first = seenIds.get(id);
      if (first !== undefined) problems.push(`apiKey.keys.${index}.id: "${id}" is already the id of apiKey.keys.${first}`);
      else seenIds.set(id, index);
    }
  });
  return problems;
}

/** The apiKey options as class instances; a plain-string key becomes `{ key }` so it is validated like the others. */
export function instantiateApiKeyOptions(raw: Record<string, unknown>): ApiKeyOptions {
  const apiKey = instantiate(ApiKeyOptions, raw);
  if (Array.isArray(raw.keys)) {
    apiKey.keys = raw.keys.map((entry: unknown) =>
      typeof entry === 'string' ? instantiate(ApiKeyDefinition, { key: entry }) : isObject(entry) ? instantiate(ApiKeyDefinition, entry) : entry,
    ) as ApiKeyDefinition[];
  }
  return apiKey;
}
