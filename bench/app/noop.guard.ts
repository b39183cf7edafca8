import { Injectable, type CanActivate } from '@nestjs/common';

/** A global guard that lets everything through: what any `APP_GUARD` costs in Nest before it does any work. */
@Injectable()
export class NoopGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}
