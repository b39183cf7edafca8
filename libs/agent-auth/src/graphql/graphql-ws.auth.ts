import { Inject, Injectable, Logger } from '@nestjs/common';
import { AGENT_AUTH_OPTIONS, DEFAULT_REALM } from '../agent-auth.constants.js';
import type { AuthContext, AuthRequest } from '../auth-context.js';
import { describeRefusal, type RefusalFormat } from '../errors/auth-refusal.js';
import { AuthFlow } from '../flow/auth-flow.js';
import { defaultClientIp } from '../flow/client-ip.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import { RoutePolicyRegistry } from '../policy/route-policy.registry.js';
import { scheduleAtExpiry, streamClockTolerance } from '../streaming/credential-deadline.js';
import { WS_CLOSE_TOKEN_EXPIRED } from '../websockets/gateway-handshake.binder.js';
import { connectionParamsRequest } from './connection-params-request.js';
import { openGraphqlConnection } from './graphql-connection.js';

/** The parts of a `ws` socket the library uses. */
interface Socket {
  close(code: number, reason: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/** The graphql-ws server context `onConnect` receives; its `extra` is `{ socket, request }` with `graphql-ws/use/ws`. */
export interface GraphqlWsContext {
  readonly connectionParams?: Readonly<Record<string, unknown>>;
  readonly extra: unknown;
}

/** The `extra` of a graphql-ws server on `ws` (what `@nestjs/graphql` runs): the socket and its upgrade request. */
interface WsExtra {
  readonly socket: Socket;
  readonly request: { readonly url?: string; readonly socket: { readonly remoteAddress?: string } };
}

/** What Mercurius calls its subscription `onConnect` with, as `this` (the connection) and argument. */
export interface MercuriusConnection {
  readonly socket: Socket;
  readonly context: { readonly request?: { readonly url?: string; readonly ip?: string } };
}

/** Mercurius' subscription `onConnect`: the connection is admitted with the context it returns (`req`: the handshake). */
export type MercuriusOnConnect = (this: MercuriusConnection, data: { readonly payload?: unknown }) => Promise<false | { req: AuthRequest }>;

/**
 * Authenticates GraphQL subscriptions over graphql-ws at `connection_init`, from the client's `connectionParams`
 * (`{ authorization: 'Bearer …' }` or `{ 'x-api-key': '…' }`), with the module's default strategies: the
 * {@link AuthFlow} decides it like a route without decorators (an anonymous connection is let in only when
 * `defaultPrivate` is false). A refused connection is closed with 4000 + the HTTP status (4401, 4403, 4400, 4429) and
 * our code as the reason; an admitted one is closed with 4401 `token_expired` when its credential expires. Each
 * subscription is then checked by the guard against its resolver's decorators and the connection's principal.
 * @example
 * GraphQLModule.forRootAsync<ApolloDriverConfig>({
 *   driver: ApolloDriver,
 *   inject: [GraphqlWsAuth],
 *   useFactory: (auth: GraphqlWsAuth) => ({ autoSchemaFile: true, subscriptions: { 'graphql-ws': { onConnect: auth.onConnect } } }),
 * });
 */
@Injectable()
export class GraphqlWsAuth {
  private readonly logger = new Logger('AgentAuthModule');
  private readonly format: RefusalFormat;
  private policy?: RoutePolicy;

  /** graphql-ws `onConnect` (Apollo: `subscriptions: { 'graphql-ws': { onConnect } }`): true admits the connection. */
  readonly onConnect = async (context: GraphqlWsContext): Promise<boolean> => {
    if (!isWsExtra(context.extra)) throw new Error('GraphqlWsAuth.onConnect needs a graphql-ws server on `ws` (graphql-ws/use/ws)');
    const { socket, request } = context.extra;
    const handshake = connectionParamsRequest(context.connectionParams, { url: request.url, ip: request.socket.remoteAddress });
    if (!(await this.admit(handshake, socket))) return false;
    openGraphqlConnection(context, handshake);
    return true;
  };

  /** Mercurius' `subscription.onConnect` (`subscription: { onConnect: auth.mercuriusOnConnect }`). */
  readonly mercuriusOnConnect: MercuriusOnConnect;

  constructor(
    @Inject(AGENT_AUTH_OPTIONS) private readonly options: AgentAuthModuleOptions,
    private readonly policies: RoutePolicyRegistry,
    private readonly flow: AuthFlow,
  ) {
    this.format = { realm: options.realm ?? DEFAULT_REALM, errorBody: options.errorBody };
    const admit = (handshake: AuthRequest, socket: Socket) => this.admit(handshake, socket);
    this.mercuriusOnConnect = async function (this: MercuriusConnection, data) {
      const handshake = connectionParamsRequest(data.payload, { url: this.context.request?.url, ip: this.context.request?.ip });
      if (!(await admit(handshake, this.socket))) return false;
      openGraphqlConnection(handshake, handshake);
      return { req: handshake };
    };
  }

  /**
   * Decides a connection with the flow; closes it when refused (or when the decision fails), and schedules its
   * close at expiry when admitted with a principal.
   * @returns whether the connection is admitted.
   */
  private async admit(handshake: AuthRequest, socket: Socket): Promise<boolean> {
    try {
      this.policy ??= connectionPolicy(this.policies.policyForGateway(GraphqlWsAuth));
      const refusal = await this.flow.decide({
        request: handshake,
        target: handshake,
        route: this.policy,
        origin: 'credentials',
        clientIp: defaultClientIp,
      });
      if (refusal !== undefined) {
        socket.close(4000 + describeRefusal(refusal, this.format).status, refusal.code);
        return false;
      }
    } catch (error) {
      this.logger.error(`GraphQL connection_init failed: ${error instanceof Error ? error.name : 'unknown error'}`);
      socket.close(4500, 'Internal server error');
      return false;
    }
    if (handshake.auth !== undefined && this.options.streaming?.closeAtExpiry !== false) {
      const cancel = scheduleAtExpiry(handshake.auth as AuthContext, streamClockTolerance(this.options), () =>
        socket.close(WS_CLOSE_TOKEN_EXPIRED, 'token_expired'),
      );
      if (cancel !== undefined) socket.once('close', cancel);
    }
    return true;
  }
}

function isWsExtra(extra: unknown): extra is WsExtra {
  const socket: unknown = typeof extra === 'object' && extra !== null ? Reflect.get(extra, 'socket') : undefined;
  return (
    typeof socket === 'object' && socket !== null && typeof Reflect.get(socket, 'close') === 'function' && Reflect.has(extra as object, 'request')
  );
}

/** A connection is decided like a route without decorators; where such a route would be public, credentials are optional. */
function connectionPolicy(policy: RoutePolicy): RoutePolicy {
  return policy.access === 'public' ? Object.freeze({ ...policy, access: 'optional' }) : policy;
}
