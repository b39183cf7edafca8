import { errors as joseErrors } from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { AuthError } from '../../errors/auth-error.js';
import { jwtRefusal, type JwtRefusal } from './jwt-refusals.js';

const INVALID = new AuthError('invalid_token');
/** jsonwebtoken's messages (it has one error class for most reasons), by the start that names the reason. */
const JSONWEBTOKEN_REASONS: ReadonlyArray<readonly [string, JwtRefusal]> = [
  ['invalid signature', 'signature'],
  ['jwt audience invalid', 'audience'],
  ['jwt issuer invalid', 'issuer'],
  ['invalid algorithm', 'algorithm'],
  ['jwt malformed', 'malformed'],
  ['invalid token', 'malformed'],
  ['jwt signature is required', 'malformed'],
];

/**
 * Maps why jsonwebtoken or jose rejected a token (or a key could not be found) to our refusals: expiry and
 * `maxAge` are `token_expired`, everything else `invalid_token`, each with its reason (see `JWT_REFUSALS`).
 * The cause is kept, never sent.
 */
export function verificationError(reason: unknown): AuthError {
  if (reason instanceof AuthError) return reason;
  const known = knownReason(reason);
  if (known !== undefined) return jwtRefusal(known, reason);
  return reason === undefined ? INVALID : new AuthError('invalid_token', { cause: reason });
}

function knownReason(reason: unknown): JwtRefusal | undefined {
  if (reason instanceof jsonwebtoken.TokenExpiredError) return reason.message === 'maxAge exceeded' ? 'tooOld' : 'expired';
  if (reason instanceof joseErrors.JWTExpired) return 'expired';
  if (reason instanceof jsonwebtoken.NotBeforeError) return 'notYetValid';
  if (reason instanceof joseErrors.JWTClaimValidationFailed) {
    return reason.claim === 'nbf' ? 'notYetValid' : reason.claim === 'aud' ? 'audience' : reason.claim === 'iss' ? 'issuer' : undefined;
  }
  if (reason instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature';
  if (reason instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm';
  if (reason instanceof joseErrors.JWSInvalid || reason instanceof joseErrors.JWTInvalid) return 'malformed';
  if (reason instanceof jsonwebtoken.JsonWebTokenError) return JSONWEBTOKEN_REASONS.find(([start]) => reason.message.startsWith(start))?.[1];
  return undefined;
}
