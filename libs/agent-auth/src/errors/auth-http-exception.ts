import { HttpException } from '@nestjs/common';
import { AuthError } from './auth-error.js';
import { pauseStackTraces } from './stack-trace-pause.js';

/** The `error` field of each status an auth error answers with (its HTTP reason phrase). */
export const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};
/** Codes that mean a credential was sent and rejected: their challenge says `error="invalid_token"`. */
const REJECTED_CREDENTIAL = new Set(['invalid_token', 'token_expired', 'token_revoked', 'invalid_api_key', 'invalid_signature']);

/** The JSON body of an auth error: Nest's shape plus the stable `code`. */
export interface AuthErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly code: string;
  readonly message: string;
}

/**
 * The HTTP form of an {@link AuthError}: the body (reshaped by `errorBody` when given), the
 * `WWW-Authenticate` challenge (RFC 6750 §3) and the `Retry-After` seconds to send with it.
 */
export class AuthHttpException extends HttpException {
  /** The refusal it answers. */
  readonly authError: AuthError;
  /** The `WWW-Authenticate` header value, or undefined when the status needs none (403 without scopes, 429). */
  readonly challenge?: string;
  /** The `Retry-After` header value in seconds (429 `too_many_failures`, 503 `auth_unavailable`), or undefined. */
  readonly retryAfter?: number;

  /** Built without a stack trace, like the {@link AuthError} it carries (Nest never logs an HttpException's stack). */
  constructor(authError: AuthError, realm: string, errorBody?: (error: AuthError) => object) {
    const body = errorBody ? errorBody(authError) : defaultBody(authError);
    const resume = pauseStackTraces();
    try {
      super(body, authError.status, { cause: authError });
    } finally {
      resume();
    }
    this.authError = authError;
    this.challenge = challengeFor(authError, realm);
    this.retryAfter = authError.retryAfterSeconds;
  }
}

function defaultBody(error: AuthError): AuthErrorBody {
  return { statusCode: error.status, error: STATUS_TEXT[error.status], code: error.code, message: error.message };
}

/**
 * The RFC 6750 challenge: no `error=` when nothing usable was sent, `invalid_token` for a rejected credential; on a
 * protected resource's routes, its `resource_metadata` (RFC 9728 §5.1) and the `scope` it needs as well.
 */
function challengeFor(error: AuthError, realm: string): string | undefined {
  const base = `${error.scheme ?? 'Bearer'} realm="${quoted(realm)}"`;
  if (error.code === 'invalid_request') return `${base}, error="invalid_request", error_description="${quoted(error.message)}"`;
  if (error.code === 'insufficient_scope') return `${base}, error="insufficient_scope"${scopeAndMetadata(error)}`;
  if (error.status !== 401) return undefined;
  if (!REJECTED_CREDENTIAL.has(error.code)) return `${base}${scopeAndMetadata(error)}`;
  return `${base}, error="invalid_token", error_description="${quoted(error.message)}"${scopeAndMetadata(error)}`;
}

/** `, scope="…"` when the error names scopes (always for `insufficient_scope`), then `, resource_metadata="…"` when it names a resource. */
function scopeAndMetadata(error: AuthError): string {
  const scopes = error.requiredScopes ?? [];
  const scope = scopes.length > 0 || error.code === 'insufficient_scope' ? `, scope="${quoted(scopes.join(' '))}"` : '';
  return error.resourceMetadata === undefined ? scope : `${scope}, resource_metadata="${quoted(error.resourceMetadata)}"`;
}

/** A quoted-string body: only RFC 6750's allowed characters, with `\` and `"` escaped. */
function quoted(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '').replace(/[\\"]/g, '\\$&');
}
