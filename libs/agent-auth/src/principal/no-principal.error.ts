import { principalScopesEntered } from './principal-scope.js';

/**
 * Thrown by the strict accessors (`currentAuth()`, `CurrentAuth.get()`, `AuthorizationService.assert()`) when there
 * is no principal to return: they were called outside a request, or for a handler that has none.
 */
export class NoPrincipalError extends Error {
  /** The handler (`Controller.method`) that has no principal; undefined when called outside a request. */
  readonly handler?: string;

  /**
   * @param accessor what was called, as the message names it: `currentAuth()`.
   * @param handler the handler being run, when inside a request.
   */
  constructor(accessor: string, handler?: string) {
    const where =
      handler !== undefined
        ? `it was called for ${handler}, which has none (a @Public() route, an @OptionalAuth() route called without credentials, or authentication disabled)`
        : principalScopesEntered()
          ? 'it was called outside a request (in a timer, job or startup hook begun outside one, in Nest middleware or an exception filter)'
          : 'the principal context is off (turn it on with AgentAuthModule.forRoot({ …, principalContext: true }))';
    super(`${accessor} found no principal: ${where}. Call findCurrentAuth() (or CurrentAuth.find()) where there may be none.`);
    this.name = 'NoPrincipalError';
    this.handler = handler;
  }
}
