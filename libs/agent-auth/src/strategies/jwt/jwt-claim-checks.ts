import { AuthError } from '../../errors/auth-error.js';
import type { JwtSettings } from './jwt-settings.js';

const EXPIRED = new AuthError('token_expired');
/** The message of a token whose `nbf` is still ahead, whichever library found it. */
export const NOT_YET_VALID_MESSAGE = 'Token not yet valid';
const NOT_YET_VALID = new AuthError('invalid_token', { message: NOT_YET_VALID_MESSAGE });
const WRONG_CLAIMS = new AuthError('invalid_token');

/**
 * The registered-claim checks of jsonwebtoken, in its order, for tokens verified without it (HMAC): `nbf`, `exp`,
 * audience, issuer, then `maxAge` from `iat` (which a non-zero `maxAge` requires). Expiry answers `token_expired`,
 * the rest `invalid_token`. Times are whole seconds with `clockTolerance` added, as jsonwebtoken counts them.
 * Claim types were checked by the pre-check.
 * @returns the refusal, or undefined when the claims hold.
 */
export function registeredClaimsError(
  payload: Readonly<Record<string, unknown>>,
  settings: JwtSettings,
  nowSeconds = Math.floor(Date.now() / 1000),
): AuthError | undefined {
  const { clockToleranceSeconds: tolerance, maxAgeSeconds, issuer, audience } = settings;
  const { exp, nbf, iat, aud } = payload;
  if (typeof nbf === 'number' && nbf > nowSeconds + tolerance) return NOT_YET_VALID;
  if (typeof exp === 'number' && nowSeconds >= exp + tolerance) return EXPIRED;
  if (audience !== undefined && !(Array.isArray(aud) ? aud.some((one) => includes(audience, one)) : includes(audience, aud))) {
    return WRONG_CLAIMS;
  }
  if (issuer !== undefined && !includes(issuer, payload.iss)) return WRONG_CLAIMS;
  if (maxAgeSeconds) {
    if (typeof iat !== 'number') return WRONG_CLAIMS;
    if (nowSeconds >= iat + maxAgeSeconds + tolerance) return EXPIRED;
  }
  return undefined;
}

function includes(accepted: string | readonly string[], value: unknown): boolean {
  return typeof accepted === 'string' ? value === accepted : accepted.includes(value as string);
}
