import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import type { AuthContext } from '../../auth-context.js';
import { jwtAuthContext } from './jwt-claims.js';
import type { JwtSettings } from './jwt-settings.js';

/** What the JWT strategy is handed: the token its authenticator already read from the request. */
export interface BearerCredential {
  readonly token: string;
}

/**
 * The Passport JWT strategy (passport-jwt): verifies signature, algorithm, `exp`/`nbf`, issuer, audience and
 * age with the key imported once, then maps the claims to an {@link AuthContext}.
 */
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(private readonly settings: JwtSettings) {
    super({
      jwtFromRequest: (credential: BearerCredential) => credential.token,
      secretOrKey: settings.key as unknown as string,
      algorithms: [...settings.algorithms],
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
