import { AuthError } from '../../errors/auth-error.js';

/**
 * Why a JWT was refused, one refusal per reason: its message is the `error_description` of the challenge and is
 * logged with the refusal, so a wrong secret, audience or issuer can be told apart. No message holds the token
 * or anything expected of it (the configured audience or issuer).
 */
export const JWT_REFUSALS = Object.freeze({
  malformed: new AuthError('invalid_token', { message: 'Malformed token' }),
  algorithm: new AuthError('invalid_token', { message: 'Token algorithm not accepted' }),
  signature: new AuthError('invalid_token', { message: 'Invalid token signature' }),
  audience: new AuthError('invalid_token', { message: 'Token audience not accepted' }),
  issuer: new AuthError('invalid_token', { message: 'Token issuer not accepted' }),
  notYetValid: new AuthError('invalid_token', { message: 'Token not yet valid' }),
  noExpiry: new AuthError('invalid_token', { message: 'Token has no expiry' }),
  noIssuedAt: new AuthError('invalid_token', { message: 'Token has no issue time (maxAge needs iat)' }),
  noSubject: new AuthError('invalid_token', { message: 'Token has no subject' }),
  expired: new AuthError('token_expired'),
  tooOld: new AuthError('token_expired', { message: 'Token too old (maxAge)' }),
});

/** One of {@link JWT_REFUSALS}. */
export type JwtRefusal = keyof typeof JWT_REFUSALS;

/** The refusal of a reason, carrying what caused it (kept for debugging, never sent). */
export function jwtRefusal(reason: JwtRefusal, cause?: unknown): AuthError {
  const refusal = JWT_REFUSALS[reason];
  return cause === undefined ? refusal : new AuthError(refusal.code, { message: refusal.message, cause });
}
