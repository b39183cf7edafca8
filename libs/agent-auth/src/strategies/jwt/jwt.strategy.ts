import { PassportStrategy } from '@nestjs/passport';
import type { KeyObject } from 'node:crypto';
import { Strategy, type SecretOrKeyProvider } from 'passport-jwt';
import type { AuthContext } from '../../auth-context.js';
import type { JwtAlgorithm } from '../../options/jwt.options.js';
import { jwtAuthContext } from './jwt-claims.js';
import type { JwtSettings } from './jwt-settings.js';

/** What the JWT strategies are handed: the token its authenticator read, and its pre-checked (unverified) header. */
export interface BearerCredential {
  readonly token: string;
  readonly header: Readonly<Record<string, unknown>>;
}

/** Finds the key that verifies a token from its header (`kid`, `alg`), e.g. in a JWKS; rejects when there is none. */
export type JwtKeyResolver = (header: BearerCredential['header']) => Promise<KeyObject>;

/** The algorithms jsonwebtoken implements (all of ours but EdDSA). */
export type JsonWebTokenAlgorithm = Exclude<JwtAlgorithm, 'EdDSA'>;

/**
 * The Passport JWT strategy (passport-jwt, jsonwebtoken): verifies signature, algorithm, `exp`/`nbf`, issuer,
 * audience and age with the key imported once (a secret or public key), or with the key a resolver finds for
 * the token (a JWKS), then maps the claims to an {@link AuthContext}. Handles every algorithm but EdDSA.
 */
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly settings: JwtSettings,
    keys: KeyObject | JwtKeyResolver,
    algorithms: readonly JsonWebTokenAlgorithm[],
  ) {
    super({
      jwtFromRequest: (credential: BearerCredential) => credential.token,
      ...(typeof keys === 'function' ? { secretOrKeyProvider: keyProvider(keys) } : { secretOrKey: keys as unknown as string }),
      algorithms: [...algorithms],
      issuer: settings.issuer,
      audience: settings.audience,
      jsonWebTokenOptions: {
        clockTolerance: settings.clockToleranceSeconds,
        maxAge: settings.maxAgeSeconds,
      },
    });
  }

  /** Called by passport-jwt with the verified payload. */
  validate(payload: Record<string, unknown>): AuthContext {
    return jwtAuthContext(payload, this.settings.rolesPath, this.settings.scopesPath);
  }
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
