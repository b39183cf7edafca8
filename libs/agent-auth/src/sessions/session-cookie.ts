import type { IncomingHttpHeaders } from 'node:http';
import type { SessionSettings } from './session-settings.js';

/** What an opaque cookie value of ours looks like: 32 random bytes, base64url (43 characters). */
const OPAQUE_VALUE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The value of cookie `name` in a request's `Cookie` header, when it is one of our opaque values; undefined when
 * absent or malformed. Read here rather than through cookie-parser or @fastify/cookie so it works on either platform
 * with nothing else registered.
 */
export function readCookie(headers: IncomingHttpHeaders, name: string): string | undefined {
  const header = headers.cookie;
  if (header === undefined) return undefined;
  const prefix = `${name}=`;
  for (const part of header.split(';')) {
    const pair = part.trim();
    if (!pair.startsWith(prefix)) continue;
    const value = pair.slice(prefix.length);
    return OPAQUE_VALUE.test(value) ? value : undefined;
  }
  return undefined;
}

/** Whether the request sends a cookie of that name at all (well-formed or not). */
export function sendsCookie(headers: IncomingHttpHeaders, name: string): boolean {
  return headers.cookie !== undefined && headers.cookie.split(';').some((part) => part.trim().startsWith(`${name}=`));
}

/** A `Set-Cookie` value: HttpOnly, SameSite=Lax, Path=/, Secure unless on loopback http, for `maxAgeSeconds`. */
export function setCookie(settings: SessionSettings, name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${value}; Path=/; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}; HttpOnly; SameSite=Lax${settings.secure ? '; Secure' : ''}`;
}

/** A `Set-Cookie` value that removes cookie `name` from the browser. */
export function clearedCookie(settings: SessionSettings, name: string): string {
  return `${setCookie(settings, name, '', 0)}; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
}
