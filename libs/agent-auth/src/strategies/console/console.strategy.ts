import type { AuthContext, AuthRequest } from '../../auth-context.js';
import type { AuthStrategy, StrategyOutcome } from '../../authentication/auth-strategy.interface.js';
import { AuthError } from '../../errors/auth-error.js';
import type { ConsoleOptions } from '../../options/console.options.js';
import type { BrowserSessions } from '../../sessions/browser-sessions.service.js';
import { ApiKeyStrategy } from '../api-key/api-key.strategy.js';

/** Name of the strategy of the console realm; the only one its routes run. */
export const CONSOLE_STRATEGY = 'console';
/** The header console keys are sent in by default. */
export const DEFAULT_CONSOLE_HEADER = 'x-console-key';
/** The scheme of console keys in `Authorization` (`ConsoleKey <key>`). */
const CONSOLE_SCHEME = 'ConsoleKey';
const NOT_AN_OPERATOR = new AuthError('insufficient_role', { message: 'The console needs an operator' });

/**
 * The console realm's credentials: a console key (its own list and header, verified like API keys; `method: 'console'`),
 * or, with `operatorRoles`, the browser session of an operator (`method: 'session'`). Nothing else is read on console
 * routes, so end-user Bearer tokens and API keys are refused there (401 `missing_credentials`).
 */
export class ConsoleStrategy implements AuthStrategy {
  readonly name = CONSOLE_STRATEGY;
  private readonly keys: ApiKeyStrategy;
  private readonly principals = new WeakMap<AuthContext, AuthContext>();

  constructor(
    private readonly options: ConsoleOptions,
    private readonly sessions?: BrowserSessions,
  ) {
    this.keys = new ApiKeyStrategy({ keys: options.keys ?? [], header: options.header ?? DEFAULT_CONSOLE_HEADER, scheme: CONSOLE_SCHEME });
  }

  /** The console principal, its refusal, or undefined when neither a console key nor an operator session is sent. */
  authenticate(request: AuthRequest): StrategyOutcome | Promise<StrategyOutcome> {
    const outcome = this.keys.authenticate(request);
    if (outcome instanceof Promise) return outcome.then((settled) => this.afterKey(request, settled));
    return this.afterKey(request, outcome);
  }

  private afterKey(request: AuthRequest, outcome: StrategyOutcome): StrategyOutcome | Promise<StrategyOutcome> {
    if (outcome === undefined) return this.operatorSession(request);
    return outcome instanceof AuthError ? outcome : this.consolePrincipal(outcome);
  }

  private operatorSession(request: AuthRequest): StrategyOutcome | Promise<StrategyOutcome> {
    const roles = this.options.operatorRoles;
    if (this.sessions === undefined || roles === undefined || roles.length === 0) return undefined;
    const check = (outcome: StrategyOutcome): StrategyOutcome =>
      outcome === undefined || outcome instanceof AuthError || outcome.roles.some((role) => roles.includes(role)) ? outcome : NOT_AN_OPERATOR;
    const outcome = this.sessions.authenticate(request);
    return outcome instanceof Promise ? outcome.then(check) : check(outcome);
  }

  /** The key's principal as the console's (`method: 'console'`), built once per verified key. */
  private consolePrincipal(auth: AuthContext): AuthContext {
    let principal = this.principals.get(auth);
    if (principal === undefined) this.principals.set(auth, (principal = Object.freeze({ ...auth, method: CONSOLE_STRATEGY })));
    return principal;
  }
}
