import { Injectable } from '@nestjs/common';
import type { AuthRequest } from '../auth-context.js';
import type { StrategyOutcome } from '../authentication/auth-strategy.interface.js';
import { BruteForceThrottle } from '../brute-force/brute-force.throttle.js';
import { repeatsAuthorization } from '../credentials/repeated-authorization.js';
import { AuthError } from '../errors/auth-error.js';
import type { StrategyAttempt } from '../events/auth-event.js';
import { AuthEventEmitter } from '../events/auth-event.emitter.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import { checkAccess } from './access-check.js';

const MISSING = new AuthError('missing_credentials');
const REPEATED_AUTHORIZATION = new AuthError('invalid_request', { message: 'Multiple Authorization headers sent' });

/** How the client address of a request is found (the guard's `getClientIp`, or {@link defaultClientIp}). */
export type ClientIpReader = (request: AuthRequest) => string | undefined;

/** The client address the library uses by default: `req.ip` (the platform's proxy trust applied), else the socket's peer. */
export function defaultClientIp(request: AuthRequest): string | undefined {
  return request.ip ?? request.socket?.remoteAddress;
}

/**
 * What happens around the strategies of every authentication, HTTP request or WebSocket handshake alike: refusing a
 * blocked client or an ambiguous request before they run, then making the decision final in one place (roles and
 * scopes, the auth event and log line, the brute-force failure count).
 */
@Injectable()
export class AuthDecisions {
  private readonly throttle?: BruteForceThrottle;

  constructor(
    throttle: BruteForceThrottle,
    private readonly events: AuthEventEmitter,
  ) {
    this.throttle = throttle.enabled ? throttle : undefined;
  }

  /**
   * The refusal due before any strategy runs: a client or credential blocked by brute-force throttling (429), or
   * several `Authorization` headers (400); undefined when the strategies may run.
   */
  screen(request: AuthRequest, route: RoutePolicy, clientIp: ClientIpReader): AuthError | undefined | Promise<AuthError | undefined> {
    const blocked = this.throttle?.check(request, route, clientIp(request), Date.now());
    if (blocked instanceof Promise) return blocked.then((refusal) => refusal ?? ambiguity(request));
    return blocked ?? ambiguity(request);
  }

  /** A list to trace what each strategy made of the request into, when an event will need it (else undefined). */
  trace(): StrategyAttempt[] | undefined {
    return this.events.reportsRefusals || this.events.reportsSuccesses ? [] : undefined;
  }

  /**
   * Makes a decision final: the refusal (the strategies', a missing credential, or unmet roles and scopes), reported
   * to `onAuthEvent` and the log, and counted by brute-force throttling; undefined when the request may go on.
   */
  settle(
    request: AuthRequest,
    route: RoutePolicy,
    outcome: StrategyOutcome,
    attempts: readonly StrategyAttempt[] | undefined,
    clientIp: ClientIpReader,
  ): AuthError | undefined {
    const principal = outcome instanceof AuthError ? undefined : outcome;
    let refusal: AuthError | undefined;
    if (outcome instanceof AuthError) refusal = outcome;
    else if (principal !== undefined) refusal = checkAccess(route, principal);
    else if (route.access !== 'optional') refusal = MISSING;
    if (refusal === undefined ? this.events.reportsSuccesses : this.events.reportsRefusals) {
      this.events.report(route, attempts, clientIp(request), principal, refusal);
    }
    if (refusal !== undefined) this.throttle?.recordFailure(request, route, clientIp(request), refusal, Date.now());
    return refusal;
  }
}

function ambiguity(request: AuthRequest): AuthError | undefined {
  return request.headers.authorization !== undefined && repeatsAuthorization(request) ? REPEATED_AUTHORIZATION : undefined;
}
