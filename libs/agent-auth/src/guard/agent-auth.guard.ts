import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import { readAuthTarget, type AuthContext, type AuthRequest } from '../auth-context.js';
import type { StrategyOutcome } from '../authentication/auth-strategy.interface.js';
import { Authenticator } from '../authentication/authenticator.js';
import { BruteForceThrottle } from '../brute-force/brute-force.throttle.js';
import { repeatsAuthorization } from '../credentials/repeated-authorization.js';
import { AuthError } from '../errors/auth-error.js';
import { AuthHttpException } from '../errors/auth-http-exception.js';
import { authWsException } from '../errors/auth-socket-error.js';
import type { StrategyAttempt } from '../events/auth-event.js';
import { AuthEventEmitter } from '../events/auth-event.emitter.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import { RoutePolicyRegistry } from '../policy/route-policy.registry.js';
import { credentialDeadline, streamClockTolerance } from '../streaming/credential-deadline.js';
import { STREAM_DEADLINE, type StreamRequest } from '../streaming/stream-deadline.js';
import { checkAccess } from './access-check.js';
import { attachPrincipal } from './attach-principal.js';

const MISSING = new AuthError('missing_credentials');
const EXPIRED = new AuthError('token_expired');
const REPEATED_AUTHORIZATION = new AuthError('invalid_request', { message: 'Multiple Authorization headers sent' });

/**
 * The composite guard: looks up the route's policy (resolved at startup), refuses a blocked client (brute-force
 * throttling) or an ambiguous request, runs the route's strategies in order, attaches the principal (`req.auth`,
 * `req.user`), enforces roles and scopes, reports the decision (`onAuthEvent`, log), and answers every refusal with
 * our JSON body, `WWW-Authenticate` challenge and `Retry-After`. Registered as `APP_GUARD` by the module.
 * On a gateway message handler it checks the principal attached at the handshake (still unexpired) against
 * the handler's `@Roles`/`@Scopes`, and refuses with a `WsException` carrying the same body.
 */
@Injectable()
export class AgentAuthGuard implements CanActivate {
  private readonly realm: string;
  private readonly clockToleranceSeconds: number;
  private readonly throttle?: BruteForceThrottle;

  constructor(
    @Inject(AGENT_AUTH_OPTIONS) private readonly options: AgentAuthModuleOptions,
    private readonly policies: RoutePolicyRegistry,
    private readonly authenticator: Authenticator,
    private readonly adapterHost: HttpAdapterHost,
    throttle: BruteForceThrottle,
    private readonly events: AuthEventEmitter,
  ) {
    this.realm = options.realm ?? 'api';
    this.clockToleranceSeconds = streamClockTolerance(options);
    this.throttle = throttle.enabled ? throttle : undefined;
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.options.enabled === false) return true;
    const route = this.policies.policyFor(context);
    if (context.getType() === 'ws') return this.admitMessage(context, route);
    if (route.queryToken !== undefined) {
      this.adapterHost.httpAdapter.setHeader(context.switchToHttp().getResponse(), 'Cache-Control', 'no-store');
    }
    if (route.access === 'public') return true;
    const request = this.getRequest(context);
    const blocked = this.throttle?.check(request, route, this.getClientIp(request), Date.now());
    return blocked instanceof Promise
      ? blocked.then((refusal) => this.decide(context, request, route, refusal))
      : this.decide(context, request, route, blocked);
  }

  /** Where the credentials are read from and the principal attached: the HTTP request, or the WebSocket client. */
  protected getRequest(context: ExecutionContext): AuthRequest {
    return readAuthTarget(context);
  }

  /**
   * The client's address: the brute-force key and the `clientIp` of events. `req.ip` by default, which honours the
   * platform's proxy trust (Express `trust proxy`, Fastify `trustProxy`), else the socket's peer address.
   */
  protected getClientIp(request: AuthRequest): string | undefined {
    return request.ip ?? request.socket?.remoteAddress;
  }

  /**
   * Turns a refusal into the error the client sees (a `WsException` on a gateway, an HTTP exception with its
   * challenge and `Retry-After` otherwise); override to change how errors are thrown.
   */
  protected reject(context: ExecutionContext, error: AuthError): never {
    if (context.getType() === 'ws') throw authWsException(error, this.realm, this.options.errorBody);
    const exception = new AuthHttpException(error, this.realm, this.options.errorBody);
    if (exception.challenge !== undefined || exception.retryAfter !== undefined) {
      const response: unknown = context.switchToHttp().getResponse();
      const adapter = this.adapterHost.httpAdapter;
      if (exception.challenge !== undefined) adapter.setHeader(response, 'WWW-Authenticate', exception.challenge);
      if (exception.retryAfter !== undefined) adapter.setHeader(response, 'Retry-After', String(exception.retryAfter));
    }
    throw exception;
  }

  /** Runs the route's strategies, unless the request is refused already (a blocked client, several Authorization headers). */
  private decide(context: ExecutionContext, request: AuthRequest, route: RoutePolicy, refusal: AuthError | undefined): boolean | Promise<boolean> {
    if (refusal === undefined && request.headers.authorization !== undefined && repeatsAuthorization(request)) {
      refusal = REPEATED_AUTHORIZATION;
    }
    if (refusal !== undefined) return this.conclude(context, request, route, refusal, undefined);
    const attempts = this.events.reportsRefusals || this.events.reportsSuccesses ? [] : undefined;
    const outcome = this.authenticator.authenticate(request, route, attempts);
    return outcome instanceof Promise
      ? outcome.then((settled) => this.conclude(context, request, route, settled, attempts))
      : this.conclude(context, request, route, outcome, attempts);
  }

  /** The one place a decision becomes final: roles and scopes, the event, the failure count, then admit or refuse. */
  private conclude(
    context: ExecutionContext,
    request: AuthRequest,
    route: RoutePolicy,
    outcome: StrategyOutcome,
    attempts: readonly StrategyAttempt[] | undefined,
  ): boolean | Promise<boolean> {
    const principal = outcome instanceof AuthError ? undefined : outcome;
    let refusal: AuthError | undefined;
    if (outcome instanceof AuthError) refusal = outcome;
    else if (principal !== undefined) refusal = checkAccess(route, principal);
    else if (route.access !== 'optional') refusal = MISSING;
    if (refusal === undefined ? this.events.reportsSuccesses : this.events.reportsRefusals) {
      this.events.report(route, attempts, this.getClientIp(request), principal, refusal);
    }
    if (refusal !== undefined) {
      this.throttle?.recordFailure(request, route, this.getClientIp(request), refusal, Date.now());
      return this.reject(context, refusal);
    }
    if (principal === undefined) return true;
    if (route.closeAtExpiry) this.markStreamDeadline(request, principal);
    return attachPrincipal(request, principal, this.options.mapUser);
  }

  /** A gateway message: the principal comes from the handshake; it must still be valid and allowed. */
  private admitMessage(context: ExecutionContext, route: RoutePolicy): boolean {
    if (route.access === 'public') return true;
    const auth = this.getRequest(context).auth;
    if (auth === undefined) {
      if (route.access === 'optional') return true;
      this.reject(context, MISSING);
    }
    if ((credentialDeadline(auth, this.clockToleranceSeconds) ?? Infinity) <= Date.now()) this.reject(context, EXPIRED);
    const refusal = checkAccess(route, auth);
    if (refusal !== undefined) this.reject(context, refusal);
    return true;
  }

  /** Tells the stream expiry interceptor when this SSE stream must close. */
  private markStreamDeadline(request: AuthRequest, auth: AuthContext): void {
    const deadline = credentialDeadline(auth, this.clockToleranceSeconds);
    if (deadline !== undefined) (request as AuthRequest & StreamRequest)[STREAM_DEADLINE] = deadline;
  }
}
