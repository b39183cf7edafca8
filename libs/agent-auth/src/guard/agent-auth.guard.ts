import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import { readAuthTarget, type AuthContext, type AuthRequest } from '../auth-context.js';
import type { StrategyOutcome } from '../authentication/auth-strategy.interface.js';
import { Authenticator } from '../authentication/authenticator.js';
import { AuthError } from '../errors/auth-error.js';
import { AuthHttpException } from '../errors/auth-http-exception.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import { RoutePolicyRegistry } from '../policy/route-policy.registry.js';
import { checkAccess } from './access-check.js';

const MISSING = new AuthError('missing_credentials');

/**
 * The composite guard: looks up the route's policy (resolved at startup), runs its strategies in order,
 * attaches the principal (`req.auth`, `req.user`), enforces roles and scopes, and answers every refusal
 * with our JSON body and `WWW-Authenticate` challenge. Registered as `APP_GUARD` by the module.
 */
@Injectable()
export class AgentAuthGuard implements CanActivate {
  private readonly realm: string;

  constructor(
    @Inject(AGENT_AUTH_OPTIONS) private readonly options: AgentAuthModuleOptions,
    private readonly policies: RoutePolicyRegistry,
    private readonly authenticator: Authenticator,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.realm = options.realm ?? 'api';
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.options.enabled === false) return true;
    const route = this.policies.policyFor(context);
    if (route.access === 'public') return true;
    const request = this.getRequest(context);
    const outcome = this.authenticator.authenticate(request, route);
    return outcome instanceof Promise
      ? outcome.then((settled) => this.admit(context, request, route, settled))
      : this.admit(context, request, route, outcome);
  }

  /** Where the credentials are read from and the principal attached: the HTTP request, or the WebSocket client. */
  protected getRequest(context: ExecutionContext): AuthRequest {
    return readAuthTarget(context);
  }

  /** Turns a refusal into the error the client sees; override to change how errors are thrown. */
  protected reject(context: ExecutionContext, error: AuthError): never {
    const exception = new AuthHttpException(error, this.realm, this.options.errorBody);
    if (exception.challenge !== undefined) {
      this.adapterHost.httpAdapter.setHeader(context.getArgByIndex(1), 'WWW-Authenticate', exception.challenge);
    }
    throw exception;
  }

  private admit(context: ExecutionContext, request: AuthRequest, route: RoutePolicy, outcome: StrategyOutcome): boolean | Promise<boolean> {
    if (outcome === undefined) {
      if (route.access === 'optional') return true;
      this.reject(context, MISSING);
    }
    if (outcome instanceof AuthError) this.reject(context, outcome);
    const refusal = checkAccess(route, outcome);
    if (refusal !== undefined) this.reject(context, refusal);
    return this.attach(request, outcome);
  }

  private attach(request: AuthRequest, auth: AuthContext): boolean | Promise<boolean> {
    request.auth = auth;
    const mapUser = this.options.mapUser;
    if (mapUser === undefined) {
      request.user = auth;
      return true;
    }
    return Promise.resolve(mapUser(auth)).then((user) => {
      request.user = user;
      return true;
    });
  }
}
