import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import { AGENT_AUTH_OPTIONS, DEFAULT_REALM } from '../agent-auth.constants.js';
import type { AuthContext, AuthRequest } from '../auth-context.js';
import { StrategyChain } from '../authentication/strategy.chain.js';
import { AuthError } from '../errors/auth-error.js';
import { authConnectError, socketRefusal } from '../errors/auth-socket-error.js';
import { attachPrincipal } from '../guard/attach-principal.js';
import { AuthDecisions, defaultClientIp } from '../guard/auth-decisions.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import { RoutePolicyRegistry } from '../policy/route-policy.registry.js';
import { scheduleAtExpiry, streamClockTolerance } from '../streaming/credential-deadline.js';
import { socketIoRequest, upgradeRequest, type SocketIoHandshake } from './handshake-request.js';
import { declareServerHook, gatewayServer, isGateway } from './websockets-support.js';

/** Close code of a WebSocket whose credential expired (4000–4999: application codes; 4401 echoes HTTP 401). */
export const WS_CLOSE_TOKEN_EXPIRED = 4401;

type Done = (verified: boolean, code?: number, message?: string, headers?: Record<string, string>) => void;
type VerifyClient = ((info: UpgradeInfo) => boolean) | ((info: UpgradeInfo, done: Done) => void);
interface UpgradeInfo {
  readonly req: IncomingMessage & AuthRequest;
}
/** The parts of a `ws` WebSocketServer the binder uses. */
interface WsServer {
  readonly options: { verifyClient?: VerifyClient | null };
  handleUpgrade: unknown;
  prependListener(event: 'connection', listener: (client: WsClient, request: AuthRequest) => void): unknown;
}
interface WsClient extends AuthRequest {
  close(code: number, reason: string): void;
  once(event: 'close', listener: () => void): unknown;
}
/** The parts of a socket.io Server or Namespace the binder uses. */
interface SocketIoServer {
  use(middleware: (socket: SocketIoSocket, next: (error?: Error) => void) => void): unknown;
}
interface SocketIoSocket extends AuthRequest {
  readonly handshake: SocketIoHandshake;
  disconnect(close: boolean): unknown;
  once(event: 'disconnect', listener: () => void): unknown;
}

/**
 * Authenticates every WebSocket gateway's handshake, whatever the app's guards: no gateway fails open.
 * While Nest builds the app it asks Nest to hand over each gateway's server (as `@WebSocketServer()` does); once
 * the servers exist (`onModuleInit`, before any client is let in) it installs a socket.io middleware
 * (`connect_error` with our body as `data`) or a `ws` `verifyClient` (the upgrade answered 401/403/400 with our
 * body). The principal lands on the client as `auth` and `user`, for `@AuthContext()` and `@AuthUser()`; the
 * connection is closed when its token expires. A gateway class marked `@Public()` accepts anonymous clients.
 */
@Injectable()
export class GatewayHandshakeBinder implements OnModuleInit {
  private readonly logger = new Logger('AgentAuthModule');
  private readonly realm: string;

  constructor(
    @Inject(AGENT_AUTH_OPTIONS) private readonly options: AgentAuthModuleOptions,
    private readonly policies: RoutePolicyRegistry,
    private readonly chain: StrategyChain,
    private readonly discovery: DiscoveryService,
    private readonly decisions: AuthDecisions,
  ) {
    this.realm = options.realm ?? DEFAULT_REALM;
    new Set(
      this.discovery
        .getProviders()
        .map((wrapper) => wrapper.metatype)
        .filter(isGateway),
    ).forEach(declareServerHook);
  }

  /** Installs the handshake check on every gateway server (servers shared by several gateways once). */
  onModuleInit(): void {
    if (this.options.enabled === false) return;
    const rules = new Map<object, { policy: RoutePolicy; gateway: string }>();
    for (const wrapper of this.discovery.getProviders()) {
      if (!isGateway(wrapper.metatype)) continue;
      const server = gatewayServer(wrapper.instance);
      if (server === undefined) continue;
      const policy = this.policies.policyForGateway(wrapper.metatype);
      const current = rules.get(server);
      if (current === undefined || current.policy.access === 'public') rules.set(server, { policy, gateway: wrapper.metatype.name });
    }
    for (const [server, { policy, gateway }] of rules) {
      if (policy.access !== 'public') this.bind(server, policy, gateway);
    }
  }

  private bind(server: object, policy: RoutePolicy, gateway: string): void {
    if (isWsServer(server)) return this.bindWs(server, policy);
    if (isSocketIoServer(server)) return this.bindSocketIo(server, policy);
    throw new Error(
      `AgentAuthModule: cannot authenticate the handshake of gateway ${gateway} (its server is neither socket.io nor ws); mark it @Public() to accept anonymous clients`,
    );
  }

  private bindSocketIo(server: SocketIoServer, policy: RoutePolicy): void {
    server.use((socket, next) => {
      this.admit({ ...socketIoRequest(socket.handshake, policy), ip: socket.handshake.address }, policy, socket)
        .then((refusal) => {
          if (refusal !== undefined) return next(authConnectError(refusal, this.realm, this.options.errorBody));
          this.closeAtExpiry(
            socket,
            () => socket.disconnect(true),
            (listener) => socket.once('disconnect', listener),
          );
          next();
        })
        .catch((error: unknown) => this.fail(error, () => next(new Error('Internal server error'))));
    });
  }

  private bindWs(server: WsServer, policy: RoutePolicy): void {
    const own = typeof server.options.verifyClient === 'function' ? server.options.verifyClient : undefined;
    server.options.verifyClient = (info: UpgradeInfo, done: Done) => {
      const request = upgradeRequest(info.req.headers, info.req.url, policy);
      this.admit({ ...request, ip: info.req.socket.remoteAddress, rawHeaders: info.req.rawHeaders }, policy, info.req)
        .then((refusal) => {
          if (refusal !== undefined) return this.refuseUpgrade(refusal, done);
          if (own === undefined) return done(true);
          if (own.length >= 2) return (own as (info: UpgradeInfo, done: Done) => void)(info, done);
          done((own as (info: UpgradeInfo) => boolean)(info));
        })
        .catch((error: unknown) => this.fail(error, () => done(false, 500)));
    };
    server.prependListener('connection', (client, request) => {
      if (request.auth === undefined) return;
      client.auth = request.auth;
      client.user = request.user;
      this.closeAtExpiry(
        client,
        () => client.close(WS_CLOSE_TOKEN_EXPIRED, 'token_expired'),
        (listener) => client.once('close', listener),
      );
    });
  }

  /**
   * Authenticates a handshake for a gateway as the guard does a request (brute-force throttling, events, roles and
   * scopes; the client's address is the socket's peer) and attaches the principal to `target`.
   * @returns the refusal, or undefined when the client may connect.
   */
  private async admit(request: AuthRequest, policy: RoutePolicy, target: AuthRequest): Promise<AuthError | undefined> {
    const screened = await this.decisions.screen(request, policy, defaultClientIp);
    const attempts = screened === undefined ? this.decisions.trace() : undefined;
    const outcome = screened ?? (await this.chain.authenticate(request, policy, attempts));
    const refusal = this.decisions.settle(request, policy, outcome, attempts, defaultClientIp);
    if (refusal !== undefined) return refusal;
    if (outcome !== undefined && !(outcome instanceof AuthError)) await attachPrincipal(target, outcome, this.options.mapUser);
    return undefined;
  }

  private refuseUpgrade(error: AuthError, done: Done): void {
    const refusal = socketRefusal(error, this.realm, this.options.errorBody);
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
    if (refusal.challenge !== undefined) headers['WWW-Authenticate'] = refusal.challenge;
    if (refusal.retryAfter !== undefined) headers['Retry-After'] = String(refusal.retryAfter);
    done(false, refusal.status, JSON.stringify(refusal.body), headers);
  }

  /** Closes a connection when the credential it was opened with expires (`streaming.closeAtExpiry`). */
  private closeAtExpiry(client: AuthRequest, close: () => void, onClosed: (listener: () => void) => void): void {
    if (this.options.streaming?.closeAtExpiry === false || client.auth === undefined) return;
    const cancel = scheduleAtExpiry(client.auth as AuthContext, streamClockTolerance(this.options), close);
    if (cancel !== undefined) onClosed(cancel);
  }

  /** An unexpected failure (a throwing `mapUser`, a store down): logged without the request, answered as a 500. */
  private fail(error: unknown, answer: () => void): void {
    this.logger.error(`WebSocket handshake failed: ${error instanceof Error ? error.name : 'unknown error'}`);
    answer();
  }
}

function isWsServer(server: object): server is WsServer {
  return typeof Reflect.get(server, 'handleUpgrade') === 'function' && typeof Reflect.get(server, 'options') === 'object';
}

function isSocketIoServer(server: object): server is SocketIoServer {
  return typeof Reflect.get(server, 'use') === 'function';
}
