import { errors as joseErrors } from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { AuthError } from '../../errors/auth-error.js';
import { NOT_YET_VALID_MESSAGE } from './jwt-claim-checks.js';

const INVALID = new AuthError('invalid_token');

/**
 * Maps why jsonwebtoken or jose rejected a token (or a key could not be found) to our codes: expiry and
 * `maxAge` are `token_expired`, everything else `invalid_token`. The cause is kept, never sent.
 */
export function verificationError(reason: unknown): AuthError {
  if (reason instanceof AuthError) return reason;
  if (reason instanceof jsonwebtoken.TokenExpiredError || reason instanceof joseErrors.JWTExpired) {
    return new AuthError('token_expired', { cause: reason });
  }
  if (reason instanceof jsonwebtoken.NotBeforeError || (reason instanceof joseErrors.JWTClaimValidationFailed && reason.claim === 'nbf')) {
    return new AuthError('invalid_token', { message: NOT_YET_VALID_MESSAGE, cause: reason });
  }
  return reason === undefined ? INVALID : new AuthError('invalid_token', { cause: reason });
}
