import type { AuthContext } from '../auth-context.js';

/** The call a {@link RoutePredicate} decides. */
export interface RouteCall {
  /** The rule's route pattern, as written (`POST /agents/:agent/run`): tells apart the rules one class serves. */
  readonly route: string;
  /** The request's method (`POST`); absent on calls that have none. */
  readonly method?: string;
  /**
   * The values of the pattern's `:name` params, named as in the pattern (`agent`, whatever the declared route calls
   * that segment); a segment the declared route spells out literally gives that literal.
   */
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * The `authorize` check of a `rules` entry: an injectable class the app provides in any module, resolved at
 * startup (a boot error when it is not provided). Runs after every other check of the route, for an authenticated
 * principal, before the handler. Only `true` lets the call through; anything else answers 403
 * `insufficient_permission`. An error it throws (or a promise it rejects) is a server fault, never a pass.
 * @example
 * @Injectable() class AgentRunPolicy implements RoutePredicate {
 *   constructor(private readonly agents: AgentsService) {}
 *   authorize(auth: AuthContext, call: RouteCall) {
 *     return this.agents.canRun(auth.userId, String(call.params.agent));
 *   }
 * }
 * // rules: [{ route: 'POST /agents/:agent/run', authorize: AgentRunPolicy }], providers: [AgentRunPolicy]
 */
export interface RoutePredicate {
  authorize(auth: AuthContext, call: RouteCall): boolean | Promise<boolean>;
}
