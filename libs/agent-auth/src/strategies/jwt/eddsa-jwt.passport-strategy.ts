import type { KeyObject } from 'node:crypto';
import { jwtVerify, type JWTVerifyOptions, type JWTVerifyResult } from 'jose';
import { Strategy } from 'passport-strategy';
import { jwtAuthContext } from './jwt-claims.js';
import type { JwtSettings } from './jwt-settings.js';
import type { BearerCredential, JwtKeyResolver } from './bearer-credential.js';

/**
 * The Passport strategy for EdDSA (Ed25519) tokens, which jsonwebtoken cannot verify: jose checks the signature,
 * `exp`/`nbf`, issuer, audience and age with the configured key or the one a resolver finds (a JWKS), then the
 * claims become an AuthContext exactly as in {@link JwtPassportStrategy}.
 */
export class EdDsaJwtPassportStrategy extends Strategy {
  private readonly options: JWTVerifyOptions;

  constructor(
    private readonly settings: JwtSettings,
    private readonly keys: KeyObject | JwtKeyResolver,
  ) {
    super();
    this.options = {
      algorithms: ['EdDSA'],
      issuer: settings.issuer,
      audience: settings.audience,
      clockTolerance: settings.clockToleranceSeconds,
      maxTokenAge: settings.maxAgeSeconds,
    };
  }

  /** Verifies the credential's token; settles through Passport's `success`, `fail` or `error`. */
  override authenticate(request: object): void {
    const { token, header } = request as BearerCredential;
    const keys = this.keys;
    const verification: Promise<JWTVerifyResult> =
      typeof keys === 'function' ? jwtVerify(token, () => keys(header), this.options) : jwtVerify(token, keys, this.options);
    verification.then(
      ({ payload }) => {
        try {
          this.success(jwtAuthContext(payload, this.settings.claims));
        } catch (error) {
          this.error(error as Error);
        }
      },
      (error: unknown) => this.fail(error, 401),
    );
  }
}
