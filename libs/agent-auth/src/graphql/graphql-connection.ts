import type { AuthRequest } from '../auth-context.js';

/** The graphql-ws connections {@link GraphqlWsAuth} admitted, by the `req` their subscriptions' GraphQL context carries. */
const CONNECTIONS = new WeakMap<object, AuthRequest>();

/**
 * Records a connection admitted at `connection_init`: `key` is what the GraphQL context of its operations holds as
 * `req` (Apollo: the graphql-ws context, which `@nestjs/apollo` puts there; Mercurius: the handshake itself).
 */
export function openGraphqlConnection(key: object, handshake: AuthRequest): void {
  CONNECTIONS.set(key, handshake);
}

/** The handshake (connection params, address, principal) of the connection a GraphQL operation runs on, if any. */
export function graphqlConnectionOf(graphqlContext: { readonly req?: unknown } | undefined): AuthRequest | undefined {
  const key = graphqlContext?.req;
  return typeof key === 'object' && key !== null ? CONNECTIONS.get(key) : undefined;
}
