import type { ExecutionContext } from '@nestjs/common';
import type { AuthTransport } from './auth-transport.js';
import { GRAPHQL_TRANSPORT } from './graphql.transport.js';
import { HTTP_TRANSPORT } from './http.transport.js';
import { RPC_TRANSPORT } from './rpc.transport.js';
import { WS_TRANSPORT } from './ws.transport.js';

/** The transport of each execution context type the library authenticates. */
const TRANSPORTS: ReadonlyMap<string, AuthTransport> = new Map([
  ['http', HTTP_TRANSPORT],
  ['ws', WS_TRANSPORT],
  ['rpc', RPC_TRANSPORT],
  ['graphql', GRAPHQL_TRANSPORT],
]);

/** The transport of an execution context, or undefined for a context type the library does not know. */
export function findTransport(context: ExecutionContext): AuthTransport | undefined {
  return TRANSPORTS.get(context.getType<string>());
}

/**
 * The transport of an execution context.
 * @throws Error naming the type for a context the library does not know: it fails closed, with a reason.
 */
export function transportFor(context: ExecutionContext): AuthTransport {
  const transport = findTransport(context);
  if (transport === undefined) {
    const type = context.getType<string>();
    throw new Error(
      `AgentAuthModule cannot authenticate a "${type}" execution context (it knows ${[...TRANSPORTS.keys()].join(', ')}): the call is refused`,
    );
  }
  return transport;
}
