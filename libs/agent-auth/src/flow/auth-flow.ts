import { Inject, Injectable } from '@nestjs/common';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import type { AuthContext, AuthRequest } from '../auth-context.js';
import type { StrategyOutcome } from '../authentication/auth-strategy.interface.js';
import { StrategyChain } from '../authentication/strategy.chain.js';
import { BruteForceThrottle } from '../brute-force/brute-force.throttle.js';
import { repeatsAuthorization } from '../credentials/repeated-authorization.js';
import { AuthError } from '../errors/auth-error.js';
import { strategyAttempt, type StrategyAttempt } from '../events/auth-event.js';
import { AuthEventEmitter } from '../events/auth-event.emitter.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import { credentialDeadline, streamClockTolerance } from '../streaming/credential-deadline.js';
import { STREAM_DEADLINE, type StreamRequest } from '../streaming/stream-deadline.js';
import type { CallInput, PrincipalOrigin } from '../transports/auth-transport.js';
import { RouteAuthorization } from '../authorization/route-authorization.js';
import { DecisionRecord } from '../authorization/decision-record.js';
import type { AuthorizationDecision } from '../events/auth-event.js';
import { checkResourceAccess, resourceRefusal } from '../protected-resource/resource-access.js';
import { checkAccess } from './access-check.js';
import { attachPrincipal } from './attach-principal.js';
import type { ClientIpReader } from './client-ip.js';
import { establishedPrincipal } from './established-principal.js';

const MISSING = new AuthError('missing_credentials');
const API_KEY_STRATEGY = 'api-key';
const REPEATED_AUTHORIZATION = new AuthError('invalid_request', { message: 'Multiple Authorization headers sent' });
/** The name events give the principal a connection was opened with. */
const CONNECTION = 'connection';
/** The params of a call that has none (a WebSocket handshake). */
const NO_PARAMS: CallInput['params'] = Object.freeze({});

/**
 * The input of a call that has none (a WebSocket handshake): no params, and fields of its own, since identity
 * bindings fill them (one shared object would keep the first principal's identity for every later call).
 */
function noInput(): CallInput {
  return { params: NO_PARAMS, fields: {} };
}

/** One call the flow decides: what it reads, what it attaches to, and for which route. */
export interface AuthCall {
  /** What the strategies read (headers, method, query, client address), or the connection a message came on. */
  readonly request: AuthRequest;
  /** What the principal is attached to (`auth`, `user`); often the request itself. */
  readonly target: AuthRequest;
  readonly route: RoutePolicy;
  /** Whether the route's strategies verify the request's credentials, or the connection's principal is checked again. */
  readonly origin: PrincipalOrigin;
  readonly clientIp: ClientIpReader;
  /** The params and fields authorization reads; given for routes that {@link RoutePolicy.authorizes}, and for a protected resource's tool calls. */
  readonly input?: CallInput;
}

/**
 * The one auth flow of every transport (HTTP, SSE, WebSocket handshakes and messages, GraphQL, microservices):
 * refuses a blocked client (brute-force throttling) or an ambiguous request, finds the principal (the route's
 * strategies in order, or the connection's principal), enforces roles and scopes, then permissions, tenant,
 * identity bindings, ownership and the rules' predicates ({@link RouteAuthorization}), reports the decision
 * (`onAuthEvent`, log) and counts failures, then attaches the principal. Transports differ only in where the
 * credentials come from and how a refusal reaches the client (see `AuthTransport`). Synchronous when nothing waits.
 */
@Injectable()
export class AuthFlow {
  private readonly throttle?: BruteForceThrottle;
  private readonly toleranceSeconds: number;
  private readonly mapUser?: (auth: AuthContext) => unknown;
  /** What a route that takes only API keys answers when none is sent: it names the header, not a Bearer token. */
  private readonly missingApiKey: AuthError;

  constructor(
    @Inject(AGENT_AUTH_OPTIONS) options: AgentAuthModuleOptions,
    private readonly chain: StrategyChain,
    throttle: BruteForceThrottle,
    private readonly events: AuthEventEmitter,
    private readonly authorization: RouteAuthorization,
  ) {
    this.throttle = throttle.enabled ? throttle : undefined;
    this.toleranceSeconds = streamClockTolerance(options);
    this.mapUser = options.mapUser;
    const header = options.apiKey?.header ?? 'x-api-key';
    const scheme = options.apiKey?.scheme ?? 'ApiKey';
    this.missingApiKey = new AuthError('missing_credentials', {
      message: `Missing API key (send the ${header} header, or Authorization: ${scheme} <key>)`,
      scheme,
    });
  }

  /**
   * Decides one call on a non-public route.
   * @returns the refusal to deliver, or undefined when the call may go on (with its principal attached, if any).
   */
  decide(call: AuthCall): AuthError | undefined | Promise<AuthError | undefined> {
    const blocked = this.throttle?.check(call.request, call.route, call.clientIp(call.request), Date.now());
    if (blocked instanceof Promise) return blocked.then((refusal) => this.authenticate(call, refusal ?? ambiguity(call)));
    return this.authenticate(call, blocked ?? ambiguity(call));
  }

  /** Finds the principal, unless the call is refused already (a blocked client, several Authorization headers). */
  private authenticate(call: AuthCall, refusal: AuthError | undefined): AuthError | undefined | Promise<AuthError | undefined> {
    if (refusal !== undefined) return this.conclude(call, refusal, undefined);
    const attempts: StrategyAttempt[] | undefined = this.events.reportsRefusals || this.events.reportsSuccesses ? [] : undefined;
    if (call.origin === 'connection') {
      const outcome = establishedPrincipal(call.request, call.route, this.toleranceSeconds);
      attempts?.push(strategyAttempt(CONNECTION, outcome));
      return this.conclude(call, outcome, attempts);
    }
    const outcome = this.chain.authenticate(call.request, call.route, attempts);
    return outcome instanceof Promise ? outcome.then((settled) => this.conclude(call, settled, attempts)) : this.conclude(call, outcome, attempts);
  }

  /**
   * Judges the principal found (or the refusal met): roles and scopes, then the route's authorization checks
   * (which may wait for an ownership lookup).
   */
  private conclude(
    call: AuthCall,
    outcome: StrategyOutcome,
    attempts: readonly StrategyAttempt[] | undefined,
  ): AuthError | undefined | Promise<AuthError | undefined> {
    const { route } = call;
    if (outcome instanceof AuthError) return this.finish(call, undefined, outcome, attempts, undefined);
    if (outcome === undefined)
      return this.finish(call, undefined, route.access === 'optional' ? undefined : this.missing(route), attempts, undefined);
    const refusal =
      (route.resource && checkResourceAccess(route, route.resource, outcome, call.request.method, call.input?.fields.body)) ||
      checkAccess(route, outcome);
    if (refusal !== undefined || !route.authorizes) return this.finish(call, outcome, refusal, attempts, undefined);
    const record = this.events.reportsRefusals || this.events.reportsSuccesses ? new DecisionRecord(this.events.reportsSuccesses) : undefined;
    const verdict = this.authorization.authorize(route, outcome, call.input ?? noInput(), call.request, record);
    return verdict instanceof Promise
      ? verdict.then((settled) => this.finish(call, outcome, settled, attempts, record?.entries))
      : this.finish(call, outcome, verdict, attempts, record?.entries);
  }

  /**
   * Makes the decision final: the refusal (the strategies', a missing credential, unmet roles, scopes or
   * authorization checks), reported and counted by brute-force throttling; or the principal, attached.
   */
  private finish(
    call: AuthCall,
    principal: AuthContext | undefined,
    refusal: AuthError | undefined,
    attempts: readonly StrategyAttempt[] | undefined,
    decisions: readonly AuthorizationDecision[] | undefined,
  ): AuthError | undefined | Promise<undefined> {
    const { request, route } = call;
    if (refusal !== undefined && route.resource !== undefined) refusal = resourceRefusal(refusal, route.resource);
    if (refusal === undefined ? this.events.reportsSuccesses : this.events.reportsRefusals) {
      this.events.report(route, attempts, call.clientIp(request), principal, refusal, decisions);
    }
    if (refusal !== undefined) {
      this.throttle?.recordFailure(request, route, call.clientIp(request), refusal, Date.now());
      return refusal;
    }
    if (principal === undefined || call.target.auth === principal) return undefined;
    if (route.closeAtExpiry) this.markStreamDeadline(request, principal);
    const attached = attachPrincipal(call.target, principal, this.mapUser);
    return attached === true ? undefined : attached.then(() => undefined);
  }

  /** The refusal of a call that sent no credential the route's strategies read. */
  private missing(route: RoutePolicy): AuthError {
    return route.strategies.length > 0 && route.strategies.every((strategy) => strategy === API_KEY_STRATEGY) ? this.missingApiKey : MISSING;
  }

  /** Tells the stream expiry interceptor when this SSE stream must close. */
  private markStreamDeadline(request: AuthRequest, auth: AuthContext): void {
    const deadline = credentialDeadline(auth, this.toleranceSeconds);
    if (deadline !== undefined) (request as AuthRequest & StreamRequest)[STREAM_DEADLINE] = deadline;
  }
}

function ambiguity(call: AuthCall): AuthError | undefined {
  const request = call.request;
  return request.headers.authorization !== undefined && repeatsAuthorization(request) ? REPEATED_AUTHORIZATION : undefined;
}
