import { Injectable } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

/** The JWT strategy of the NestJS docs' Passport recipe, verbatim in spirit: passport-jwt with a string secret. */
@Injectable()
export class DocsRecipeJwtStrategy extends PassportStrategy(Strategy) {
  constructor(secret: string) {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), ignoreExpiration: false, secretOrKey: secret });
  }

  /** What the recipe attaches as `req.user`. */
  validate(payload: { sub: string; username?: string }): { userId: string; username?: string } {
    return { userId: payload.sub, username: payload.username };
  }
}

/** The recipe's guard: `AuthGuard('jwt')` applied to every route. */
@Injectable()
export class DocsRecipeJwtGuard extends AuthGuard('jwt') {}
