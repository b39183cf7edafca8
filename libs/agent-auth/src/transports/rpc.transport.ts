import type { ExecutionContext } from '@nestjs/common';
import type { AuthError } from '../errors/auth-error.js';
import { describeRefusal, type RefusalFormat } from '../errors/auth-refusal.js';
import { messageRequest, readMessage } from '../microservices/message-request.js';
import { rpcException } from '../microservices/microservices-support.js';
import { messageInput } from './message-input.js';
import type { AuthTransport } from './auth-transport.js';

/**
 * Messages and events to `@MessagePattern`/`@EventPattern` handlers (@nestjs/microservices): every message carries
 * its own credential, verified by the route's strategies, in the payload's `authorization` field (removed before
 * the handler runs) or in the packet metadata (TCP, Redis); the principal is kept against the message for
 * `@AuthContext()`/`@AuthUser()`. A refusal is an `RpcException` carrying our body: the client's `send()` errors
 * with it; a refused event is dropped (Nest logs it).
 */
export const RPC_TRANSPORT: AuthTransport = {
  origin: () => 'credentials',
  prepare: (context: ExecutionContext) => readMessage(context.getArgByIndex(0), context.getArgByIndex(1)),
  request: (context: ExecutionContext) => messageRequest(context.getArgByIndex(0), context.getArgByIndex(1)),
  input: (context: ExecutionContext) => messageInput(context.getArgByIndex(0)),
  target: (context: ExecutionContext) => messageRequest(context.getArgByIndex(0), context.getArgByIndex(1)),
  refusal: (_context: ExecutionContext, error: AuthError, format: RefusalFormat) => rpcException(describeRefusal(error, format).body),
};
