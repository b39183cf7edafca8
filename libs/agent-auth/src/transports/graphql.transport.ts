import type { ExecutionContext } from '@nestjs/common';
import type { AuthRequest } from '../auth-context.js';
import type { AuthError } from '../errors/auth-error.js';
import { describeRefusal, type RefusalFormat } from '../errors/auth-refusal.js';
import { graphqlConnectionOf } from '../graphql/graphql-connection.js';
import { GraphqlRefusal } from '../graphql/graphql-refusal.js';
import { messageInput } from './message-input.js';
import type { AuthTransport, PrincipalOrigin } from './auth-transport.js';

/** The GraphQL context of a resolver (its third argument), as the drivers of `@nestjs/graphql` build it. */
interface GraphqlContext {
  /** The HTTP request (both drivers put it there), or what identifies a graphql-ws connection. */
  readonly req?: unknown;
  /** Mercurius: the Fastify reply of the HTTP request. */
  readonly reply?: { readonly request: AuthRequest; header(name: string, value: string): unknown };
}

/** The resolver's fourth argument: where in the operation the field is (`prev` is undefined for a root field). */
interface ResolveInfo {
  readonly path?: { readonly prev?: unknown };
}

/**
 * GraphQL operations (`@nestjs/graphql` resolvers, Apollo and Mercurius). Over HTTP, credentials come from the
 * request in the GraphQL context and each root field is decided on them; a nested field (`@ResolveField()`, guarded
 * only with `fieldResolverEnhancers: ['guards']`) reuses the principal its request already has (checked against the
 * field's decorators, not re-verified). A subscription on a graphql-ws connection uses the principal its
 * `connection_init` established ({@link GraphqlWsAuth}). A refusal is a {@link GraphqlRefusal}, which the client
 * sees as a GraphQL error whose extensions are our body (`code`: our stable code), with the HTTP status and
 * `WWW-Authenticate` where the driver takes them: Apollo from `extensions.http`, Mercurius from the reply's headers
 * and the error's `statusCode`.
 */
export const GRAPHQL_TRANSPORT: AuthTransport = {
  origin(context: ExecutionContext): PrincipalOrigin {
    const graphql = context.getArgByIndex<GraphqlContext>(2);
    if (graphqlConnectionOf(graphql) !== undefined) return 'connection';
    const nested = context.getArgByIndex<ResolveInfo | undefined>(3)?.path?.prev !== undefined;
    return nested && httpRequest(graphql).auth !== undefined ? 'connection' : 'credentials';
  },
  request: (context: ExecutionContext) => operationRequest(context.getArgByIndex<GraphqlContext>(2)),
  input: (context: ExecutionContext) => messageInput(context.getArgByIndex(1)),
  target: (context: ExecutionContext) => operationRequest(context.getArgByIndex<GraphqlContext>(2)),
  refusal(context: ExecutionContext, error: AuthError, format: RefusalFormat): Error {
    const graphql = context.getArgByIndex<GraphqlContext | undefined>(2);
    const refusal = describeRefusal(error, format);
    const body = refusal.body as Record<string, unknown>;
    const message = typeof body.message === 'string' ? body.message : error.message;
    const extensions: Record<string, unknown> = { ...body, code: error.code };
    if (graphqlConnectionOf(graphql) !== undefined) return new GraphqlRefusal(message, extensions);
    const headers = new Map<string, string>();
    if (refusal.challenge !== undefined) headers.set('WWW-Authenticate', refusal.challenge);
    if (refusal.retryAfter !== undefined) headers.set('Retry-After', String(refusal.retryAfter));
    const reply = graphql?.reply;
    if (reply === undefined) return new GraphqlRefusal(message, { ...extensions, http: { status: refusal.status, headers } });
    headers.forEach((value, name) => reply.header(name, value));
    return new GraphqlRefusal(message, extensions, refusal.status);
  },
};

/** The handshake of the operation's graphql-ws connection, else its HTTP request. */
function operationRequest(graphql: GraphqlContext | undefined): AuthRequest {
  return graphqlConnectionOf(graphql) ?? httpRequest(graphql);
}

/**
 * The HTTP request of an operation: Mercurius' `reply.request`, else the `req` both drivers put in the context.
 * @throws Error when there is none (a context function that dropped `req`, a subscription on a connection that
 * `GraphqlWsAuth` did not admit): the call is refused, with a reason.
 */
function httpRequest(graphql: GraphqlContext | undefined): AuthRequest {
  const request = graphql?.reply?.request ?? graphql?.req;
  if (typeof request === 'object' && request !== null && typeof Reflect.get(request, 'headers') === 'object') return request as AuthRequest;
  throw new Error(
    'AgentAuthModule cannot find the HTTP request of this GraphQL operation: keep `req` in the GraphQL context, and pass GraphqlWsAuth.onConnect (Apollo) or mercuriusOnConnect (Mercurius) to the subscription server',
  );
}
