import type { AuthError } from '../../errors/auth-error.js';
import { JWT_REFUSALS } from './jwt-refusals.js';
import type { JwtSettings } from './jwt-settings.js';

/**
 * The registered-claim checks of jsonwebtoken, in its order, for tokens verified without it (HMAC): `nbf`, `exp`,
 * audience, issuer, then `maxAge` from `iat` (which a non-zero `maxAge` requires). Expiry answers `token_expired`,
 * the rest `invalid_token`, each with its reason (see {@link JWT_REFUSALS}). Times are whole seconds with `clockTolerance` added, as jsonwebtoken counts them.
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
  if (typeof nbf === 'number' && nbf > nowSeconds + tolerance) return JWT_REFUSALS.notYetValid;
  if (typeof exp === 'number' && nowSeconds >= exp + tolerance) return JWT_REFUSALS.expired;
  if (audience !== undefined && !(Array.isArray(aud) ? aud.some((one) => includes(audience, one)) : includes(audience, aud))) {
    return JWT_REFUSALS.audience;
  }
  if (issuer !== undefined && !includes(issuer, payload.iss)) return JWT_REFUSALS.issuer;
  if (maxAgeSeconds) {
    if (typeof iat !== 'number') return JWT_REFUSALS.noIssuedAt;
    if (nowSeconds >= iat + maxAgeSeconds + tolerance) return JWT_REFUSALS.tooOld;
  }
  return undefined;
}

function includes(accepted: string | readonly string[], value: unknown): boolean {
  return typeof accepted === 'string' ? value === accepted : accepted.includes(value as string);
}
