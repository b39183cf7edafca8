import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';

/** Asymmetric algorithms the tests sign with. */
export type AsymmetricAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'ES256' | 'ES384' | 'EdDSA';

/** A signing key made for one test run: its private half, and the public JWK a JWKS would publish. */
export interface SigningKey {
  readonly alg: AsymmetricAlgorithm;
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The public JWK with `kid`, `alg` and `use: 'sig'`. */
  readonly jwk: JWK;
  /** The private JWK with `kid`, `alg` and `use: 'sig'` (for an identity provider's configuration). */
  readonly privateJwk: JWK;
}

/** Generates a fresh key for `alg` (RSA 2048 bits unless `rsaBits` says otherwise). */
export function newSigningKey(alg: AsymmetricAlgorithm, options: { kid?: string; rsaBits?: number } = {}): SigningKey {
  const { privateKey, publicKey } = generatePair(alg, options.rsaBits ?? 2048);
  const kid = options.kid ?? randomUUID();
  const extra = { kid, alg, use: 'sig' };
  return {
    alg,
    kid,
    privateKey,
    publicKey,
    jwk: { ...(publicKey.export({ format: 'jwk' }) as JWK), ...extra },
    privateJwk: { ...(privateKey.export({ format: 'jwk' }) as JWK), ...extra },
  };
}

/** Signs claims with a key (its `alg` and `kid` in the header unless overridden); `sub` defaults to `u1`, `exp` to an hour ahead. */
export function signWith(key: SigningKey, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ sub: 'u1', exp: Math.floor(Date.now() / 1000) + 3600, ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, ...header })
    .sign(key.privateKey);
}

function generatePair(alg: AsymmetricAlgorithm, rsaBits: number): { privateKey: KeyObject; publicKey: KeyObject } {
  if (alg === 'EdDSA') return generateKeyPairSync('ed25519');
  if (alg.startsWith('ES')) return generateKeyPairSync('ec', { namedCurve: alg === 'ES256' ? 'P-256' : 'P-384' });
  return generateKeyPairSync('rsa', { modulusLength: rsaBits });
}
