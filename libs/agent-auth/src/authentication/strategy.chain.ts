import { Injectable } from '@nestjs/common';
import type { AuthContext, AuthRequest } from '../auth-context.js';
import { AuthError } from '../errors/auth-error.js';
import { strategyAttempt, type StrategyAttempt } from '../events/auth-event.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import type { StrategyOutcome } from './auth-strategy.interface.js';
import { StrategyRegistry } from './strategy.registry.js';

/**
 * Runs a route's strategies in order: the first that authenticates wins and only its identity is used;
 * strategies that find no credential of their kind step aside; when none succeeds, the most specific
 * refusal is the answer (an invalid credential beats a missing one), `undefined` when nothing was sent.
 */
@Injectable()
export class StrategyChain {
  constructor(private readonly strategies: StrategyRegistry) {}

  /**
   * Authenticates a request for a route; synchronous when every strategy answered synchronously.
   * @param attempts when given, receives what each strategy tried made of the request, in order.
   */
  authenticate(request: AuthRequest, route: RoutePolicy, attempts?: StrategyAttempt[]): StrategyOutcome | Promise<StrategyOutcome> {
    return this.tryFrom(0, request, route, undefined, attempts);
  }

  private tryFrom(
    index: number,
    request: AuthRequest,
    route: RoutePolicy,
    refusal: AuthError | undefined,
    attempts: StrategyAttempt[] | undefined,
  ): StrategyOutcome | Promise<StrategyOutcome> {
    for (let i = index; i < route.strategies.length; i++) {
      const outcome = this.strategies.get(route.strategies[i]).authenticate(request, route);
      if (outcome instanceof Promise) {
        return outcome.then((settled) => this.continueAfter(settled, i, request, route, refusal, attempts));
      }
      attempts?.push(strategyAttempt(route.strategies[i], outcome));
      if (outcome === undefined) continue;
      if (!isPassingRefusal(outcome)) return outcome;
      if (outcome.outranks(refusal)) refusal = outcome;
    }
    return refusal;
  }

  private continueAfter(
    outcome: StrategyOutcome,
    index: number,
    request: AuthRequest,
    route: RoutePolicy,
    refusal: AuthError | undefined,
    attempts: StrategyAttempt[] | undefined,
  ): StrategyOutcome | Promise<StrategyOutcome> {
    attempts?.push(strategyAttempt(route.strategies[index], outcome));
    if (outcome !== undefined && !isPassingRefusal(outcome)) return outcome;
    return this.tryFrom(index + 1, request, route, outcome?.outranks(refusal) ? outcome : refusal, attempts);
  }
}

/**
 * Whether a strategy's outcome is a refusal the next strategy may still beat: not a principal, nor an ambiguous
 * request (`invalid_request`) or a check that could not run (`auth_unavailable`, failing closed), which end the chain.
 */
function isPassingRefusal(outcome: AuthContext | AuthError): outcome is AuthError {
  return outcome instanceof AuthError && outcome.code !== 'invalid_request' && outcome.code !== 'auth_unavailable';
}
