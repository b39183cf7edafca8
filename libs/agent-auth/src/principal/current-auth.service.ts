import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../auth-context.js';
import { findCurrentAuth, requirePrincipal } from './current-auth.js';

/** `currentAuth()` and `findCurrentAuth()` as an injectable service, for code that takes its collaborators by DI. */
@Injectable()
export class CurrentAuth {
  /**
   * The principal of the request being served.
   * @throws NoPrincipalError outside a request, or on a route with no principal.
   */
  get(): AuthContext {
    return requirePrincipal('CurrentAuth.get()');
  }

  /** The principal of the request being served, or undefined outside a request and on a route with none. */
  find(): AuthContext | undefined {
    return findCurrentAuth();
  }
}
