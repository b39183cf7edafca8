import { Inject, Injectable, Logger } from '@nestjs/common';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import type { AuthContext } from '../auth-context.js';
import { AUTH_ERRORS, type AuthError } from '../errors/auth-error.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import type { AuthEvent, AuthorizationDecision, StrategyAttempt } from './auth-event.js';

const NO_ATTEMPTS: readonly StrategyAttempt[] = Object.freeze([]);
const UNPRINTABLE = /[^\x20-\x7e]/g;

/**
 * Reports the guard's decisions: to the `onAuthEvent` listener, and as one Nest `Logger` line each, per
 * `logAuthEvents` (refusals at `log`, 403 and 429 at `warn`, successes at `debug`). Nothing is built for a
 * decision nobody listens to.
 */
@Injectable()
export class AuthEventEmitter {
  /** Whether refusals are reported; the guard traces strategy outcomes only when something is reported. */
  readonly reportsRefusals: boolean;
  /** Whether successes (and anonymous passes) are reported. */
  readonly reportsSuccesses: boolean;
  private readonly logsRefusals: boolean;
  private readonly logsSuccesses: boolean;
  private readonly listener?: (event: AuthEvent) => unknown;
  private readonly logger = new Logger('AgentAuthModule');

  constructor(@Inject(AGENT_AUTH_OPTIONS) options: AgentAuthModuleOptions) {
    const logging = options.logAuthEvents ?? 'failures';
    this.listener = options.onAuthEvent;
    this.logsRefusals = logging !== 'none';
    this.logsSuccesses = logging === 'all';
    this.reportsRefusals = this.logsRefusals || this.listener !== undefined;
    this.reportsSuccesses = this.logsSuccesses || this.listener !== undefined;
  }

  /**
   * Reports one decision: `refusal` set when the request is refused, `principal` when one was authenticated,
   * `decisions` when authorization checks were made.
   */
  report(
    route: RoutePolicy,
    attempts: readonly StrategyAttempt[] | undefined,
    clientIp: string | undefined,
    principal: AuthContext | undefined,
    refusal: AuthError | undefined,
    decisions?: readonly AuthorizationDecision[],
  ): void {
    if (refusal === undefined ? !this.reportsSuccesses : !this.reportsRefusals) return;
    const tried = attempts ?? NO_ATTEMPTS;
    const event: AuthEvent = {
      outcome: refusal !== undefined ? 'refused' : principal !== undefined ? 'authenticated' : 'anonymous',
      status: refusal?.status,
      code: refusal?.code,
      message: refusal?.message,
      route: route.routes.length > 0 ? route.routes.join(' | ') : route.handler,
      handler: route.handler,
      strategy: decidingStrategy(tried, principal, refusal),
      attempts: tried,
      clientIp,
      principalId: principal?.userId,
      decisions: decisions !== undefined && decisions.length > 0 ? decisions : undefined,
      timestamp: Date.now(),
    };
    if (this.listener !== undefined) this.notify(event);
    if (refusal === undefined ? this.logsSuccesses : this.logsRefusals) this.log(event);
  }

  private notify(event: AuthEvent): void {
    try {
      const returned = this.listener?.(event);
      if (returned instanceof Promise) returned.catch((error: unknown) => this.listenerFailed(error));
    } catch (error) {
      this.listenerFailed(error);
    }
  }

  private listenerFailed(error: unknown): void {
    this.logger.error(`onAuthEvent threw: ${printable(error instanceof Error ? error.message : String(error))}`);
  }

  private log(event: AuthEvent): void {
    const who = event.principalId === undefined ? '' : ` principal=${printable(event.principalId)}`;
    const from = event.clientIp === undefined ? '' : ` ip=${printable(event.clientIp)}`;
    const tried = event.attempts.map((attempt) => `${attempt.strategy}:${attempt.code ?? attempt.outcome}`).join(',');
    const strategies = tried === '' ? '' : ` strategies=${tried}`;
    const checks = event.decisions?.map((decision) => `${decision.check}:${decision.outcome}(${printable(decision.subject)})`).join(',');
    const authorization = checks === undefined ? '' : ` authorization=${checks}`;
    const specific = event.code !== undefined && event.message !== undefined && event.message !== AUTH_ERRORS[event.code].message;
    const why = specific ? ` (${printable(event.message as string)})` : '';
    const line = `${event.outcome} ${event.route}${event.code ? ` ${event.status} ${event.code}${why}` : ''}${who}${from}${strategies}${authorization}`;
    if (event.outcome !== 'refused') this.logger.debug(line);
    else if (event.status === 403 || event.status === 404 || event.status === 429) this.logger.warn(line);
    else this.logger.log(line);
  }
}

/** The strategy whose outcome was answered: the authenticating one, or the first refusal with the answered code. */
function decidingStrategy(
  attempts: readonly StrategyAttempt[],
  principal: AuthContext | undefined,
  refusal: AuthError | undefined,
): string | undefined {
  if (principal !== undefined) return attempts.find((attempt) => attempt.outcome === 'authenticated')?.strategy ?? principal.method;
  return refusal === undefined ? undefined : attempts.find((attempt) => attempt.code === refusal.code)?.strategy;
}

/** Printable ASCII only, at most 200 characters: a value from a request cannot forge or flood log lines. */
function printable(value: string): string {
  return value.slice(0, 200).replace(UNPRINTABLE, '?');
}
