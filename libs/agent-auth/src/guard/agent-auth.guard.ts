import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AGENT_AUTH_OPTIONS, DEFAULT_REALM } from '../agent-auth.constants.js';
import { readAuthTarget, type AuthContext, type AuthRequest } from '../auth-context.js';
import type { StrategyOutcome } from '../authentication/auth-strategy.interface.js';
import { StrategyChain } from '../authentication/strategy.chain.js';
import { AuthError } from '../errors/auth-error.js';
import { AuthHttpException } from '../errors/auth-http-exception.js';
import { authWsException } from '../errors/auth-socket-error.js';
import type { StrategyAttempt } from '../events/auth-event.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import { RoutePolicyRegistry } from '../policy/route-policy.registry.js';
import { credentialDeadline, streamClockTolerance } from '../streaming/credential-deadline.js';
import { STREAM_DEADLINE, type StreamRequest } from '../streaming/stream-deadline.js';
import { checkAccess } from './access-check.js';
import { attachPrincipal } from './attach-principal.js';
import { AuthDecisions, defaultClientIp, type ClientIpReader } from './auth-decisions.js';

const MISSING = new AuthError('missing_credentials');
const EXPIRED = new AuthError('token_expired');

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
  /** {@link getClientIp}, bound once: the decisions call it only when they need the address. */
  private readonly clientIp: ClientIpReader = (request) => this.getClientIp(request);

  constructor(
    @Inject(AGENT_AUTH_OPTIONS) private readonly options: AgentAuthModuleOptions,
    private readonly policies: RoutePolicyRegistry,
    private readonly chain: StrategyChain,
    private readonly adapterHost: HttpAdapterHost,
    private readonly decisions: AuthDecisions,
  ) {
    this.realm = options.realm ?? DEFAULT_REALM;
    this.clockToleranceSeconds = streamClockTolerance(options);
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
    const refusal = this.decisions.screen(request, route, this.clientIp);
    return refusal instanceof Promise
      ? refusal.then((settled) => this.authenticate(context, request, route, settled))
      : this.authenticate(context, request, route, refusal);
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
    return defaultClientIp(request);
  }

  /**
   * Turns a refusal into the error the client sees (a `WsException` on a gateway, an HTTP exception with its
   * challenge and `Retry-After` otherwise); override to change how errors are thrown.
   */
  protected reject(context: ExecutionContext, error: AuthError): never {
    if (context.getType() === 'ws') throw authWsException(error, this.realm, this.options.errorBody);
    const exception = new AuthHttpException(error, this.realm, this.options.errorBody);
    if (exception.challenge !== undefined || exception.retryAfter !== undefined) {
      const response: unknown = context.getArgByIndex(1);
      const adapter = this.adapterHost.httpAdapter;
      if (exception.challenge !== undefined) adapter.setHeader(response, 'WWW-Authenticate', exception.challenge);
      if (exception.retryAfter !== undefined) adapter.setHeader(response, 'Retry-After', String(exception.retryAfter));
    }
    throw exception;
  }

  /** Runs the route's strategies, unless the request is refused already (a blocked client, several Authorization headers). */
  private authenticate(
    context: ExecutionContext,
    request: AuthRequest,
    route: RoutePolicy,
    refusal: AuthError | undefined,
  ): boolean | Promise<boolean> {
    if (refusal !== undefined) return this.conclude(context, request, route, refusal, undefined);
    const attempts = this.decisions.trace();
    const outcome = this.chain.authenticate(request, route, attempts);
    return outcome instanceof Promise
      ? outcome.then((settled) => this.conclude(context, request, route, settled, attempts))
      : this.conclude(context, request, route, outcome, attempts);
  }

  /** Makes the decision final (see {@link AuthDecisions.settle}), then refuses, or attaches the principal. */
  private conclude(
    context: ExecutionContext,
    request: AuthRequest,
    route: RoutePolicy,
    outcome: StrategyOutcome,
    attempts: readonly StrategyAttempt[] | undefined,
  ): boolean | Promise<boolean> {
    const refusal = this.decisions.settle(request, route, outcome, attempts, this.clientIp);
    if (refusal !== undefined) return this.reject(context, refusal);
    if (outcome === undefined || outcome instanceof AuthError) return true;
    if (route.closeAtExpiry) this.markStreamDeadline(request, outcome);
    return attachPrincipal(request, outcome, this.options.mapUser);
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
