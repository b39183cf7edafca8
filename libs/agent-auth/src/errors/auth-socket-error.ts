import type { AuthError } from './auth-error.js';
import { AuthHttpException } from './auth-http-exception.js';
import { wsException } from '../websockets/websockets-support.js';

/** How a refusal is answered over WebSockets: the same body (and challenge) as over HTTP. */
export interface SocketRefusal {
  readonly status: number;
  /** Our JSON body: `statusCode`, `error`, `code`, `message` (or what `errorBody` made of it). */
  readonly body: object;
  /** The `WWW-Authenticate` challenge of a refused upgrade, when the status has one. */
  readonly challenge?: string;
  /** The `Retry-After` seconds of a refused upgrade (429 `too_many_failures`). */
  readonly retryAfter?: number;
}

/** The WebSocket form of an {@link AuthError}, built from its HTTP form so both transports say the same. */
export function socketRefusal(error: AuthError, realm: string, errorBody?: (error: AuthError) => object): SocketRefusal {
  const exception = new AuthHttpException(error, realm, errorBody);
  return { status: exception.getStatus(), body: exception.getResponse() as object, challenge: exception.challenge, retryAfter: exception.retryAfter };
}

/** A refused message: a `WsException` whose payload is our body (sent as an `exception` event). */
export function authWsException(error: AuthError, realm: string, errorBody?: (error: AuthError) => object): Error {
  return wsException(socketRefusal(error, realm, errorBody).body);
}

/** A refused socket.io handshake: the client's `connect_error` gets `message` and our body as `data`. */
export function authConnectError(error: AuthError, realm: string, errorBody?: (error: AuthError) => object): Error & { data: object } {
  return Object.assign(new Error(error.message), { data: socketRefusal(error, realm, errorBody).body });
}
