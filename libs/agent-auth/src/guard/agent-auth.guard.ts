import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AGENT_AUTH_OPTIONS, DEFAULT_REALM } from '../agent-auth.constants.js';
import type { AuthRequest } from '../auth-context.js';
import type { AuthError } from '../errors/auth-error.js';
import type { RefusalFormat } from '../errors/auth-refusal.js';
import { AuthFlow } from '../flow/auth-flow.js';
import { defaultClientIp, type ClientIpReader } from '../flow/client-ip.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import { RoutePolicyRegistry } from '../policy/route-policy.registry.js';
import { transportFor } from '../transports/transports.js';

/**
 * The composite guard: looks up the handler's policy (resolved at startup) and has the {@link AuthFlow} decide
 * the call, whatever its transport: an HTTP request, a message on a WebSocket connection (checked against the
 * principal of its handshake), and the other transports the library knows. Every refusal is delivered the
 * transport's way: our JSON body with its `WWW-Authenticate` challenge and `Retry-After` over HTTP, a
 * `WsException` carrying the same body on a gateway. Registered as `APP_GUARD` by the module.
 */
@Injectable()
export class AgentAuthGuard implements CanActivate {
  private readonly format: RefusalFormat;
  /** {@link getClientIp}, bound once: the flow calls it only when it needs the address. */
  private readonly clientIp: ClientIpReader = (request) => this.getClientIp(request);

  constructor(
    @Inject(AGENT_AUTH_OPTIONS) private readonly options: AgentAuthModuleOptions,
    private readonly policies: RoutePolicyRegistry,
    private readonly flow: AuthFlow,
  ) {
    this.format = { realm: options.realm ?? DEFAULT_REALM, errorBody: options.errorBody };
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.options.enabled === false) return true;
    const transport = transportFor(context);
    const route = this.policies.policyFor(context);
    transport.prepare?.(context, route);
    if (route.access === 'public') return true;
    const request = this.getRequest(context);
    const target = transport.target(context);
    const input = route.authorizes || route.resource?.tools !== undefined ? transport.input(context) : undefined;
    const refusal = this.flow.decide({ request, target, route, origin: transport.origin(context), clientIp: this.clientIp, input });
    return refusal instanceof Promise ? refusal.then((settled) => this.admit(context, settled)) : this.admit(context, refusal);
  }

  /** Where the credentials are read from: the HTTP request, the WebSocket client's handshake, … (see the transports). */
  protected getRequest(context: ExecutionContext): AuthRequest {
    return transportFor(context).request(context);
  }

  /**
   * The client's address: the brute-force key and the `clientIp` of events. `req.ip` by default, which honours the
   * platform's proxy trust (Express `trust proxy`, Fastify `trustProxy`), else the socket's peer address.
   */
  protected getClientIp(request: AuthRequest): string | undefined {
    return defaultClientIp(request);
  }

  /** Turns a refusal into the error the client sees (see the transports); override to change how errors are thrown. */
  protected reject(context: ExecutionContext, error: AuthError): never {
    throw transportFor(context).refusal(context, error, this.format);
  }

  private admit(context: ExecutionContext, refusal: AuthError | undefined): true {
    if (refusal !== undefined) this.reject(context, refusal);
    return true;
  }
}
