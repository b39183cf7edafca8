import type { IncomingHttpHeaders } from 'node:http';
import { AuthError } from '../errors/auth-error.js';
import { isWellFormedApiKey } from '../strategies/api-key/api-key-material.js';
import { isCompactJws } from '../strategies/jwt/jwt-precheck.js';

const BEARER = 'bearer';
/** Shared, immutable refusals: a hot path never builds an Error for them. */
const INVALID_KEY = new AuthError('invalid_api_key');
const SENT_TWICE = new AuthError('invalid_request', { message: 'Multiple credentials sent' });

/** Where an API key may be sent, resolved at startup. */
export interface ApiKeyCredentialSources {
  /** Header name, lower-cased. */
  readonly header: string;
  /** Authorization scheme, lower-cased. */
  readonly scheme: string;
  /** The scheme as configured, for the `invalid_scheme` message. */
  readonly schemeName: string;
  /** Whether `Authorization: Bearer <key>` is read when the value is not shaped like a JWT. */
  readonly acceptBearer: boolean;
}

/**
 * Reads the API key of a request from the key header or `Authorization: <scheme> <key>` (never from the query
 * string), without relying on passport-headerapikey's prefix handling (it builds an unescaped RegExp from it).
 * A repeated key header reaches us joined as `"k1, k2"`: a comma or a space makes the key invalid, never one part.
 */
export class ApiKeyCredentialReader {
  private readonly wrongScheme: AuthError;

  constructor(private readonly sources: ApiKeyCredentialSources) {
    this.wrongScheme = new AuthError('invalid_scheme', { message: `Authorization header must use the ${sources.schemeName} scheme` });
  }

  /**
   * The key sent with a request.
   * @returns undefined when none was sent, `invalid_api_key` for a malformed or repeated one, `invalid_request`
   * when the key header and the Authorization header both carry one, `invalid_scheme` for another Authorization scheme.
   */
  read(headers: IncomingHttpHeaders): string | AuthError | undefined {
    const fromAuthorization = this.fromAuthorization(headers.authorization);
    const fromHeader = headers[this.sources.header];
    if (fromHeader === undefined) return fromAuthorization;
    if (typeof fromAuthorization === 'string' || fromAuthorization === INVALID_KEY) return SENT_TWICE;
    return typeof fromHeader === 'string' && isWellFormedApiKey(fromHeader) ? fromHeader : INVALID_KEY;
  }

  private fromAuthorization(header: string | undefined): string | AuthError | undefined {
    if (header === undefined || header === '') return undefined;
    const space = header.indexOf(' ');
    const scheme = space === -1 ? header : header.slice(0, space);
    if (scheme.length === this.sources.scheme.length && scheme.toLowerCase() === this.sources.scheme) {
      return space === -1 ? INVALID_KEY : keyOrInvalid(header.slice(space + 1));
    }
    if (this.sources.acceptBearer && space !== -1 && scheme.length === BEARER.length && scheme.toLowerCase() === BEARER) {
      const value = header.slice(space + 1);
      if (!isCompactJws(value)) return keyOrInvalid(value);
    }
    return this.wrongScheme;
  }
}

function keyOrInvalid(value: string): string | AuthError {
  return isWellFormedApiKey(value) ? value : INVALID_KEY;
}
