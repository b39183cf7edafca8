import type { ExecutionContext } from '@nestjs/common';
import type { AuthRequest } from '../auth-context.js';
import type { AuthError } from '../errors/auth-error.js';
import type { RefusalFormat } from '../errors/auth-refusal.js';
import type { RoutePolicy } from '../policy/route-policy.js';

/**
 * Where a transport's principal comes from: `credentials` the route's strategies verify on every call (HTTP,
 * GraphQL over HTTP, microservice messages), or the `connection` a client opened with its credentials (WebSocket
 * messages, GraphQL subscriptions): the principal established at the handshake is checked again, not re-verified.
 */
export type PrincipalOrigin = 'credentials' | 'connection';

/**
 * The parts of a call authorization reads: the ids its checks name, and the fields where a client may send an
 * identity (`@Permissions`, `@TenantScoped`, `@OwnedResource`, `@BindIdentity`).
 */
export interface CallInput {
  /** Route params (HTTP), the fields of a message's payload (WebSocket, microservices), a resolver's arguments (GraphQL). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Holds the `body` (a message's payload, a resolver's arguments) and the `query`, which identity bindings check and fill. */
  readonly fields: { body?: unknown; query?: unknown };
}

/**
 * What one kind of execution context (`http`, `ws`, `graphql`, `rpc`) adds to the one auth flow: where credentials
 * are read from, where the principal is attached, and how a refusal reaches the client. The rest (throttling,
 * strategies, roles and scopes, events) is the same for every transport.
 */
export interface AuthTransport {
  /** Where this call's principal comes from (see {@link PrincipalOrigin}). */
  origin(context: ExecutionContext): PrincipalOrigin;
  /** The request-shaped view the strategies read: headers, method, query, client address. */
  request(context: ExecutionContext): AuthRequest;
  /** What the principal is attached to (`auth`, `user`) and `@AuthContext()`/`@AuthUser()` read it from. */
  target(context: ExecutionContext): AuthRequest;
  /** The call's params and client-sent fields, read only for routes that authorize beyond roles and scopes. */
  input(context: ExecutionContext): CallInput;
  /** Work due before the decision, whatever it is (HTTP: `Cache-Control: no-store` on routes that accept query tokens). */
  prepare?(context: ExecutionContext, route: RoutePolicy): void;
  /** The error the guard throws to refuse: the transport's own exception handling delivers it. */
  refusal(context: ExecutionContext, error: AuthError, format: RefusalFormat): Error;
}
