import type { ApiKeyDefinition } from '../options/api-key.options.js';
import { generateApiKey, hashApiKey } from '../strategies/api-key/api-key-material.js';

/** What a test API key grants: an {@link ApiKeyDefinition} without its key material. */
export type TestApiKeyGrant = Omit<ApiKeyDefinition, 'key' | 'hash'>;

/** A fresh API key: the key a test sends, and its definition (hash only) for `apiKey.keys`. */
export interface TestApiKey {
  readonly key: string;
  readonly definition: ApiKeyDefinition;
}

/**
 * Makes a random API key and the definition that grants it, configured by hash as in production.
 * @example const ci = testApiKey({ id: 'ci-bot', roles: ['operator'] }); AgentAuthModule.forRoot({ apiKey: { keys: [ci.definition] } })
 */
export function testApiKey(grant: TestApiKeyGrant = {}): TestApiKey {
  const key = generateApiKey();
  return { key, definition: { ...grant, hash: hashApiKey(key) } };
}
