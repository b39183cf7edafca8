import type { ExecutionContext } from '@nestjs/common';
import type { AuthRequest } from '../auth-context.js';
import type { AuthError } from '../errors/auth-error.js';
import { describeRefusal, type RefusalFormat } from '../errors/auth-refusal.js';
import { connectionOf } from '../websockets/connection.js';
import { wsException } from '../websockets/websockets-support.js';
import { messageInput } from './message-input.js';
import type { AuthTransport } from './auth-transport.js';

/**
 * Messages to a WebSocket gateway (ws and socket.io): the principal is the one the client's handshake established
 * (checked again: unexpired, accepted by the handler), attached to the client; a refusal is a `WsException`
 * carrying our body, which Nest sends to the client as an `exception` event.
 */
export const WS_TRANSPORT: AuthTransport = {
  origin: () => 'connection',
  request: (context: ExecutionContext) => connectionOf(context.getArgByIndex<AuthRequest>(0)),
  input: (context: ExecutionContext) => messageInput(context.getArgByIndex(1)),
  target: (context: ExecutionContext) => context.getArgByIndex<AuthRequest>(0),
  refusal: (_context: ExecutionContext, error: AuthError, format: RefusalFormat) => wsException(describeRefusal(error, format).body),
};
