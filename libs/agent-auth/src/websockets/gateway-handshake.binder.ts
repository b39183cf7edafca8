import { Inject, Injectable, Logger, type OnModuleInit, type Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import { AGENT_AUTH_OPTIONS, DEFAULT_REALM } from '../agent-auth.constants.js';
import type { AuthContext, AuthRequest } from '../auth-context.js';
import type { AuthError } from '../errors/auth-error.js';
import { describeRefusal, type RefusalFormat } from '../errors/auth-refusal.js';
import { AuthFlow } from '../flow/auth-flow.js';
import { defaultClientIp } from '../flow/client-ip.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import { RoutePolicyRegistry } from '../policy/route-policy.registry.js';
import { scheduleAtExpiry, streamClockTolerance } from '../streaming/credential-deadline.js';
import { openConnection } from './connection.js';
import { socketIoRequest, upgradeRequest, type SocketIoHandshake } from './handshake-request.js';
import { declareServerHook, gatewayServer, isGateway } from './websockets-support.js';

/** Close code of a WebSocket whose credential expired (4000–4999: application codes; 4401 echoes HTTP 401). */
export const WS_CLOSE_TOKEN_EXPIRED = 4401;

type Done = (verified: boolean, code?: number, message?: string, headers?: Record<string, string>) => void;
type VerifyClient = ((info: UpgradeInfo) => boolean) | ((info: UpgradeInfo, done: Done) => void);
interface UpgradeInfo {
  readonly req: IncomingMessage;
}
/** The parts of a `ws` WebSocketServer the binder uses. */
interface WsServer {
  readonly options: { verifyClient?: VerifyClient | null };
  handleUpgrade: unknown;
  prependListener(event: 'connection', listener: (client: WsClient, request: IncomingMessage) => void): unknown;
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
  readonly nsp: { readonly name: string };
  disconnect(close: boolean): unknown;
  once(event: 'disconnect', listener: () => void): unknown;
}
/** The gateways served by one server, and the handshake policy they share. */
interface ServerGateways {
  readonly policy: RoutePolicy;
  readonly gateways: string[];
}

/**
 * Authenticates every WebSocket gateway's handshake with the {@link AuthFlow}, whatever the app's guards: no
 * gateway fails open. While Nest builds the app it asks Nest to hand over each gateway's server (as
 * `@WebSocketServer()` does); once the servers exist (`onModuleInit`, before any client is let in) it installs a
 * socket.io middleware (`connect_error` with our body as `data`) or a `ws` `verifyClient` (the upgrade answered
 * 401/403/400/429 with our body). The principal lands on the client as `auth` and `user`, for `@AuthContext()`,
 * `@AuthUser()` and the guard's check of every message; the connection is closed when its token expires.
 * A gateway class marked `@Public()` accepts anonymous clients. Gateways that share a server (a socket.io
 * namespace, a `ws` path) share its handshake, so the non-public ones among them must ask the same of it.
 */
@Injectable()
export class GatewayHandshakeBinder implements OnModuleInit {
  private readonly logger = new Logger('AgentAuthModule');
  private readonly format: RefusalFormat;
  /** The handshake each admitted `ws` upgrade was authenticated as, until its connection opens. */
  private readonly upgrades = new WeakMap<IncomingMessage, AuthRequest>();

  constructor(
    @Inject(AGENT_AUTH_OPTIONS) private readonly options: AgentAuthModuleOptions,
    private readonly policies: RoutePolicyRegistry,
    private readonly flow: AuthFlow,
    private readonly discovery: DiscoveryService,
  ) {
    this.format = { realm: options.realm ?? DEFAULT_REALM, errorBody: options.errorBody };
    new Set(
      this.discovery
        .getProviders()
        .map((wrapper) => wrapper.metatype)
        .filter(isGateway),
    ).forEach(declareServerHook);
  }

  /**
   * Installs the handshake check on every gateway server (servers shared by several gateways once).
   * @throws Error when a non-public gateway has no server Nest handed over, or gateways sharing a server disagree.
   */
  onModuleInit(): void {
    if (this.options.enabled === false) return;
    const servers = new Map<object, ServerGateways>();
    const publicOnes = new Map<object, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      if (!isGateway(wrapper.metatype)) continue;
      const gateway = (wrapper.metatype as Type).name;
      const policy = this.policies.policyForGateway(wrapper.metatype);
      const server = gatewayServer(wrapper.instance);
      if (server === undefined) {
        if (policy.access === 'public') continue;
        throw new Error(
          `AgentAuthModule: gateway ${gateway} has no server to authenticate handshakes on (is a WebSocket adapter set up for it?); mark it @Public() to accept anonymous clients`,
        );
      }
      if (policy.access === 'public') {
        publicOnes.set(server, [...(publicOnes.get(server) ?? []), gateway]);
        continue;
      }
      const shared = servers.get(server);
      if (shared === undefined) servers.set(server, { policy, gateways: [gateway] });
      else if (handshakeRule(shared.policy) === handshakeRule(policy)) shared.gateways.push(gateway);
      else {
        throw new Error(
          `AgentAuthModule: gateways ${shared.gateways[0]} and ${gateway} share one server (namespace or path) but ask different things of its handshake (${handshakeRule(shared.policy)} vs ${handshakeRule(policy)}); give them the same auth decorators, or each its own namespace or path`,
        );
      }
    }
    for (const [server, { policy, gateways }] of servers) {
      const open = publicOnes.get(server);
      if (open !== undefined) {
        this.logger.warn(
          `@Public() gateway ${open.join(', ')} shares its server with ${gateways.join(', ')}: it only sees clients their handshake admits`,
        );
      }
      this.bind(server, policy, gateways[0]);
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
      const handshake = socketIoRequest(socket.handshake, socket.nsp.name, policy);
      this.admit(handshake, policy)
        .then((refusal) => {
          if (refusal !== undefined) return next(connectError(refusal, this.format));
          openConnection(socket, handshake);
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
      const handshake = upgradeRequest(info.req, policy);
      this.admit(handshake, policy)
        .then((refusal) => {
          if (refusal !== undefined) return this.refuseUpgrade(refusal, done);
          this.upgrades.set(info.req, handshake);
          if (own === undefined) return done(true);
          if (own.length >= 2) return (own as (info: UpgradeInfo, done: Done) => void)(info, done);
          done((own as (info: UpgradeInfo) => boolean)(info));
        })
        .catch((error: unknown) => this.fail(error, () => done(false, 500)));
    };
    server.prependListener('connection', (client, request) => {
      const handshake = this.upgrades.get(request);
      if (handshake === undefined) return;
      openConnection(client, handshake);
      this.closeAtExpiry(
        client,
        () => client.close(WS_CLOSE_TOKEN_EXPIRED, 'token_expired'),
        (listener) => client.once('close', listener),
      );
    });
  }

  /** Authenticates a handshake for a gateway (the client's address is the socket's peer); the principal lands on it. */
  private async admit(handshake: AuthRequest, policy: RoutePolicy): Promise<AuthError | undefined> {
    return this.flow.decide({ request: handshake, target: handshake, route: policy, origin: 'credentials', clientIp: defaultClientIp });
  }

  private refuseUpgrade(error: AuthError, done: Done): void {
    const refusal = describeRefusal(error, this.format);
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

/** What a gateway asks of a handshake (who may connect, with which credentials, roles and scopes), as one comparable line. */
function handshakeRule(policy: RoutePolicy): string {
  const { access, strategies, roles, scopes, queryToken } = policy;
  return JSON.stringify({ access, strategies, roles, scopes, queryToken });
}

/** A refused socket.io handshake: the client's `connect_error` gets `message` and our body as `data`. */
function connectError(error: AuthError, format: RefusalFormat): Error & { data: object } {
  return Object.assign(new Error(error.message), { data: describeRefusal(error, format).body });
}

function isWsServer(server: object): server is WsServer {
  return typeof Reflect.get(server, 'handleUpgrade') === 'function' && typeof Reflect.get(server, 'options') === 'object';
}

function isSocketIoServer(server: object): server is SocketIoServer {
  return typeof Reflect.get(server, 'use') === 'function';
}
