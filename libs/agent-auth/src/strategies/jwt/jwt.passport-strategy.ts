import type { KeyObject } from 'node:crypto';
import { Strategy, type SecretOrKeyProvider, type VerifiedCallback } from 'passport-jwt';
import type { JwtAlgorithm } from '../../options/jwt.options.js';
import type { BearerCredential, JwtKeyResolver } from './bearer-credential.js';
import { jwtAuthContext } from './jwt-claims.js';
import type { JwtSettings } from './jwt-settings.js';

/** The public-key algorithms jsonwebtoken verifies here (EdDSA it cannot; HMAC is {@link HmacJwtPassportStrategy}'s). */
export type JsonWebTokenAlgorithm = Exclude<JwtAlgorithm, 'EdDSA' | `HS${string}`>;

/**
 * The Passport JWT strategy (passport-jwt, jsonwebtoken) for public keys: verifies signature, algorithm, `exp`/`nbf`,
 * issuer, audience and age with the key imported once, or with the key a resolver finds for the token (a JWKS),
 * then maps the claims to an {@link AuthContext}. Handles RS*, PS* and ES*; HMAC tokens go to {@link HmacJwtPassportStrategy}
 * and EdDSA ones to {@link EdDsaJwtPassportStrategy}.
 * A plain passport-jwt subclass, not `PassportStrategy()` from @nestjs/passport: that mixin wraps the verify
 * callback in an `async` function, so even a token checked with a key held in memory would settle through
 * promises; this one settles before `authenticate` returns. The composite guard runs it (it is not registered
 * with Passport, so it never replaces an app's own `jwt` strategy).
 */
export class JwtPassportStrategy extends Strategy {
  constructor(settings: JwtSettings, keys: KeyObject | JwtKeyResolver, algorithms: readonly JsonWebTokenAlgorithm[]) {
    super(strategyOptions(settings, keys, algorithms), (payload: Record<string, unknown>, done: VerifiedCallback) =>
      done(null, jwtAuthContext(payload, settings.claims)),
    );
  }
}

function strategyOptions(settings: JwtSettings, keys: KeyObject | JwtKeyResolver, algorithms: readonly JsonWebTokenAlgorithm[]) {
  return {
    jwtFromRequest: (credential: BearerCredential) => credential.token,
    ...(typeof keys === 'function' ? { secretOrKeyProvider: keyProvider(keys) } : { secretOrKey: keys as unknown as string }),
    algorithms: [...algorithms],
    issuer: settings.issuer,
    audience: settings.audience,
    jsonWebTokenOptions: {
      clockTolerance: settings.clockToleranceSeconds,
      maxAge: settings.maxAgeSeconds,
    },
  };
}

/** passport-jwt's key provider over a resolver: it hands the key found for the token's header to jsonwebtoken. */
function keyProvider(resolve: JwtKeyResolver): SecretOrKeyProvider<BearerCredential> {
  return (credential, _token, done) => {
    resolve(credential.header).then(
      (key) => done(null, key as unknown as string),
      (error: unknown) => done(error),
    );
  };
}
