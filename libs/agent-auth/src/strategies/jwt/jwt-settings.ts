import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import type { JwtAlgorithm, JwtOptions } from '../../options/jwt.options.js';
import { durationSeconds } from '../../util/duration.js';

/** Smallest RSA modulus accepted (RFC 8725 §3.5 / NIST SP 800-131A). */
const MIN_RSA_BITS = 2048;

/** {@link JwtOptions} resolved once at startup: keys imported as KeyObjects, claim paths split. */
export interface JwtSettings {
  readonly key: KeyObject;
  readonly algorithms: readonly JwtAlgorithm[];
  readonly issuer?: string | [string, ...string[]];
  readonly audience?: string | [string, ...string[]];
  readonly clockToleranceSeconds: number;
  readonly maxAgeSeconds?: number;
  readonly rolesPath: readonly string[];
  readonly scopesPath: readonly string[];
}

/**
 * Imports the key and applies defaults.
 * @throws Error naming the option when a key cannot be imported or is too weak.
 */
export function resolveJwtSettings(options: JwtOptions): JwtSettings {
  return {
    key: importKey(options),
    algorithms: options.algorithms ?? ['HS256'],
    issuer: options.issuer as JwtSettings['issuer'],
    audience: options.audience as JwtSettings['audience'],
    clockToleranceSeconds: options.clockTolerance ?? 0,
    maxAgeSeconds: options.maxAge === undefined ? undefined : durationSeconds(options.maxAge),
    rolesPath: (options.rolesClaim ?? 'roles').split('.'),
    scopesPath: (options.scopesClaim ?? 'scope').split('.'),
  };
}

function importKey(options: JwtOptions): KeyObject {
  if (options.secret !== undefined) return createSecretKey(Buffer.from(options.secret));
  let key: KeyObject;
  try {
    key = typeof options.publicKey === 'string' ? createPublicKey(options.publicKey) : (options.publicKey as KeyObject);
  } catch {
    throw new Error('Invalid AgentAuthModule options:\n  - jwt.publicKey: cannot be parsed as a PEM public key');
  }
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits !== undefined && bits < MIN_RSA_BITS) {
    throw new Error(`Invalid AgentAuthModule options:\n  - jwt.publicKey: RSA keys need at least ${MIN_RSA_BITS} bits (got ${bits})`);
  }
  return key;
}
