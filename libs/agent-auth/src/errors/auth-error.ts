import { pauseStackTraces } from './stack-trace-pause.js';

/** The stable, machine-readable reason of every refusal the library answers with. */
export type AuthErrorCode =
  | 'missing_credentials'
  | 'invalid_scheme'
  | 'invalid_token'
  | 'token_expired'
  | 'invalid_api_key'
  | 'invalid_signature'
  | 'invalid_request'
  | 'insufficient_role'
  | 'insufficient_scope'
  | 'insufficient_permission'
  | 'wrong_tenant'
  | 'identity_mismatch'
  | 'not_owner'
  | 'not_found'
  | 'not_allowlisted'
  | 'unknown_tool'
  | 'too_many_failures'
  | 'token_revoked'
  | 'auth_unavailable'
  | 'invalid_session'
  | 'cross_site_request'
  | 'invalid_login'
  | 'identity_provider_unavailable'
  | 'session_store_unavailable';

/** HTTP statuses an {@link AuthError} answers with. */
export type AuthErrorStatus = 400 | 401 | 403 | 404 | 429 | 503;

interface AuthErrorDefinition {
  readonly status: AuthErrorStatus;
  readonly message: string;
  /** Higher wins when several strategies fail on one request: a rejected credential beats a missing one. */
  readonly specificity: number;
}

/** Status, default message and specificity of each code (DESIGN §4). */
export const AUTH_ERRORS: Readonly<Record<AuthErrorCode, AuthErrorDefinition>> = {
  missing_credentials: { status: 401, message: 'Missing Authorization header', specificity: 0 },
  invalid_scheme: { status: 401, message: 'Authorization header must use the Bearer scheme', specificity: 1 },
  invalid_token: { status: 401, message: 'Invalid authorization token', specificity: 2 },
  token_expired: { status: 401, message: 'Token expired', specificity: 2 },
  invalid_api_key: { status: 401, message: 'Invalid API key', specificity: 2 },
  invalid_signature: { status: 401, message: 'Invalid webhook signature', specificity: 2 },
  invalid_request: { status: 400, message: 'Multiple credentials sent', specificity: 3 },
  insufficient_role: { status: 403, message: 'Insufficient role', specificity: 3 },
  insufficient_scope: { status: 403, message: 'Insufficient scope', specificity: 3 },
  insufficient_permission: { status: 403, message: 'Insufficient permission', specificity: 3 },
  wrong_tenant: { status: 403, message: 'Resource belongs to another tenant', specificity: 3 },
  identity_mismatch: { status: 403, message: 'Request names another principal', specificity: 3 },
  not_owner: { status: 403, message: 'Resource belongs to another principal', specificity: 3 },
  not_found: { status: 404, message: 'Resource not found', specificity: 3 },
  not_allowlisted: { status: 403, message: 'Not allowlisted', specificity: 3 },
  unknown_tool: { status: 403, message: 'Tool not available on this resource', specificity: 3 },
  too_many_failures: { status: 429, message: 'Too many failed authentication attempts', specificity: 4 },
  token_revoked: { status: 401, message: 'Token revoked', specificity: 2 },
  auth_unavailable: { status: 503, message: 'Authentication temporarily unavailable', specificity: 5 },
  invalid_session: { status: 401, message: 'Session expired or unknown; log in again', specificity: 2 },
  cross_site_request: { status: 403, message: 'Cross-site request refused for a cookie session', specificity: 3 },
  invalid_login: { status: 400, message: 'Login state missing, replayed or mismatched; start the login again', specificity: 3 },
  identity_provider_unavailable: { status: 503, message: 'The identity provider is unavailable', specificity: 4 },
  session_store_unavailable: { status: 503, message: 'The session store is unavailable', specificity: 4 },
};

/** Extra facts an {@link AuthError} may carry. */
export interface AuthErrorDetails {
  /** A message safe to show the client; defaults to the code's message. Never holds a credential. */
  message?: string;
  /** The scopes a route needs: the `scope` of the `insufficient_scope` challenge, and of a protected resource's 401s. */
  requiredScopes?: readonly string[];
  /** The URL of the protected resource metadata (RFC 9728) a challenge points at (`resource_metadata`). */
  resourceMetadata?: string;
  /** Seconds the client should wait before retrying (`too_many_failures`, `auth_unavailable`), sent as `Retry-After`. */
  retryAfterSeconds?: number;
  /** The scheme a 401's `WWW-Authenticate` challenge names (`ApiKey` on routes that take only API keys). @default 'Bearer' */
  scheme?: string;
  /** A `Set-Cookie` value sent with the refusal: the expiry of a session cookie that was rejected. */
  clearCookie?: string;
  /** What caused it (a jsonwebtoken error, say); kept for debugging, never sent to the client. */
  cause?: unknown;
}

/**
 * Why a request was refused. Strategies return it (they never throw it on the hot path);
 * the guard turns it into an HTTP or WebSocket error in one place.
 */
export class AuthError extends Error {
  /** The stable reason. */
  readonly code: AuthErrorCode;
  /** HTTP status that goes with {@link code}. */
  readonly status: AuthErrorStatus;
  /** Scopes the route needs (`insufficient_scope`, and a protected resource's 401s). */
  readonly requiredScopes?: readonly string[];
  /** The protected resource metadata URL its challenge names (refusals on a protected resource's routes). */
  readonly resourceMetadata?: string;
  /** Seconds before the client may retry (`too_many_failures`, `auth_unavailable`). */
  readonly retryAfterSeconds?: number;
  /** The scheme the challenge names, when it is not `Bearer`. */
  readonly scheme?: string;
  /** The `Set-Cookie` value that clears a rejected session cookie, when one was sent. */
  readonly clearCookie?: string;

  /** Built without a stack trace: a refusal is an expected answer, not a fault to trace. */
  constructor(code: AuthErrorCode, details: AuthErrorDetails = {}) {
    const message = details.message ?? AUTH_ERRORS[code].message;
    const resume = pauseStackTraces();
    try {
      super(message, { cause: details.cause });
    } finally {
      resume();
    }
    this.name = 'AuthError';
    this.code = code;
    this.status = AUTH_ERRORS[code].status;
    this.requiredScopes = details.requiredScopes;
    this.resourceMetadata = details.resourceMetadata;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.scheme = details.scheme;
    this.clearCookie = details.clearCookie;
  }

  /** Whether this failure should be reported instead of `other` (the more specific one wins; ties keep the first). */
  outranks(other: AuthError | undefined): boolean {
    return other === undefined || AUTH_ERRORS[this.code].specificity > AUTH_ERRORS[other.code].specificity;
  }
}
