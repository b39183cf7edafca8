import { AuthError } from '../errors/auth-error.js';

/** openid-client codes that mean the provider could not be reached or answered like a broken server. */
const UNAVAILABLE_CODES = new Set(['OAUTH_TIMEOUT', 'OAUTH_ABORT', 'OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON']);

/**
 * What a failed exchange with the identity provider becomes: 503 `identity_provider_unavailable` when it could not
 * be reached (network error, timeout, 5xx), else 400 `invalid_login` (a rejected code, a nonce or state mismatch).
 * The provider's error is kept as the cause, never in the message: it may quote what was sent.
 */
export function loginFailure(error: unknown): AuthError {
  const { code, status, cause } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; status?: unknown; cause?: unknown };
  const unavailable =
    isNetworkError(error) ||
    isNetworkError(cause) ||
    (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) ||
    (typeof status === 'number' && status >= 500);
  return new AuthError(unavailable ? 'identity_provider_unavailable' : 'invalid_login', { cause: error });
}

/**
 * fetch's network errors are TypeErrors, compared by name: they may come from another realm (a test VM context),
 * where openid-client does not recognise them and wraps them in a ClientError.
 */
function isNetworkError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TypeError';
}
