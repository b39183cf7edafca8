import type { KeyObject } from 'node:crypto';

/** Smallest RSA modulus accepted (RFC 8725 §3.5 / NIST SP 800-131A). */
export const MIN_RSA_BITS = 2048;
/** The curve each ECDSA algorithm is defined on (RFC 7518 §3.4), by its Node.js name. */
const EC_CURVES: Readonly<Record<string, string>> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };

/**
 * Why a public key may not verify tokens of `algorithm` (another key type or curve, RSA under 2048 bits), or
 * undefined when it may. Applied to configured keys at startup and to every key taken from a JWKS.
 */
export function keyProblem(key: KeyObject, algorithm: string): string | undefined {
  const type = key.asymmetricKeyType ?? key.type;
  if (algorithm.startsWith('RS') || algorithm.startsWith('PS')) {
    if (type !== 'rsa' && !(type === 'rsa-pss' && algorithm.startsWith('PS'))) return `${algorithm} needs an RSA key, not ${type}`;
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    return bits < MIN_RSA_BITS ? `RSA keys need at least ${MIN_RSA_BITS} bits (got ${bits})` : undefined;
  }
  if (algorithm in EC_CURVES) {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return type === 'ec' && curve === EC_CURVES[algorithm] ? undefined : `${algorithm} needs an EC ${EC_CURVES[algorithm]} key, not ${curve ?? type}`;
  }
  if (algorithm === 'EdDSA') return type === 'ed25519' ? undefined : `EdDSA needs an Ed25519 key, not ${type}`;
  return `${algorithm} cannot be verified with a public key`;
}
