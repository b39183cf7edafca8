import type { IncomingHttpHeaders } from 'node:http';
import { AuthError } from '../errors/auth-error.js';

const BEARER = 'bearer';
/** Shared, immutable refusals: a hot path never builds an Error for them. */
const WRONG_SCHEME = new AuthError('invalid_scheme');
const MALFORMED = new AuthError('invalid_token', { message: 'Malformed Authorization header' });

/**
 * The credential of `Authorization: Bearer <token>` (RFC 6750 §2.1; the scheme is case-insensitive,
 * exactly one space separates it from the token).
 * @returns undefined when no Authorization header was sent, an `invalid_scheme` error for another scheme,
 * an `invalid_token` error for a malformed Bearer header.
 */
export function readBearerToken(headers: IncomingHttpHeaders): string | AuthError | undefined {
  const header = headers.authorization;
  if (header === undefined || header === '') return undefined;
  const space = header.indexOf(' ');
  const scheme = space === -1 ? header : header.slice(0, space);
  if (scheme.length !== BEARER.length || scheme.toLowerCase() !== BEARER) return WRONG_SCHEME;
  const token = header.slice(space + 1);
  if (space === -1 || token === '' || hasWhitespace(token)) return MALFORMED;
  return token;
}

function hasWhitespace(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 32 || code === 127) return true;
  }
  return false;
}
