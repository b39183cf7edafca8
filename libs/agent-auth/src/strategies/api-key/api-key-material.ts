import * as crypto from 'node:crypto';

/** Shortest plain API key accepted in the options (`nest-agent-auth key` makes 46-character keys). */
export const MIN_API_KEY_LENGTH = 16;
/** Longest API key read from a request or accepted in the options; anything longer is refused before hashing. */
export const MAX_API_KEY_LENGTH = 512;
/** How a configured key hash is written: `sha256:` and 64 hex digits (what `nest-agent-auth key` prints). */
export const API_KEY_HASH_PATTERN = /^sha256:[0-9a-f]{64}$/i;
/** What starts every API key hash. */
export const API_KEY_HASH_PREFIX = 'sha256:';
const COMMA = 44;
/** One-shot `crypto.hash` (Node ≥ 20.12, about 4× faster than a Hash object per key), absent on Node 20.11. */
const oneShotHash: typeof crypto.hash | undefined = typeof crypto.hash === 'function' ? crypto.hash : undefined;

/**
 * A new random API key: `ak_` and 32 random bytes in base64url (46 characters).
 * @example const key = generateApiKey(); const hash = hashApiKey(key); // store the hash, hand out the key
 */
export function generateApiKey(): string {
  return `ak_${crypto.randomBytes(32).toString('base64url')}`;
}

/** The form API keys are configured and looked up by: `sha256:<64 lowercase hex>`. */
export function hashApiKey(key: string): string {
  return API_KEY_HASH_PREFIX + sha256Hex(key);
}

/** The lowercase hex SHA-256 digest of a key (UTF-8). */
export function sha256Hex(key: string): string {
  return oneShotHash ? oneShotHash('sha256', key, 'hex') : crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The 32-byte digest a `sha256:<hex>` hash names (the hash must match {@link API_KEY_HASH_PATTERN}). */
export function hashDigest(hash: string): Buffer {
  return Buffer.from(hash.slice(API_KEY_HASH_PREFIX.length), 'hex');
}

/**
 * Whether a value can be an API key: 1 to {@link MAX_API_KEY_LENGTH} visible ASCII characters, no comma
 * (Node joins repeated headers with `", "`, so a comma or a space means several values were sent).
 */
export function isWellFormedApiKey(value: string): boolean {
  if (value.length === 0 || value.length > MAX_API_KEY_LENGTH) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 32 || code >= 127 || code === COMMA) return false;
  }
  return true;
}
