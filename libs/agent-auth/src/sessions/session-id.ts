import { createHash, randomBytes } from 'node:crypto';

/** A new opaque value for a cookie: 32 random bytes, base64url. */
export function newOpaqueValue(): string {
  return randomBytes(32).toString('base64url');
}

/** The store key of a session cookie value: its SHA-256 digest, so the store never holds what the browser sends. */
export function sessionKey(cookieValue: string): string {
  return createHash('sha256').update(cookieValue).digest('base64url');
}
