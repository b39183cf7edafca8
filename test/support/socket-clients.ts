import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';

/** How a `ws` connection attempt ended: open, or refused at the upgrade with a status and our JSON body. */
export type WsConnection =
  | { readonly kind: 'open'; readonly socket: WebSocket }
  | { readonly kind: 'refused'; readonly status: number; readonly body: Record<string, unknown>; readonly headers: Record<string, unknown> };

/** Opens a `ws` client connection (with optional upgrade headers). */
export function connectWs(url: string, headers: Record<string, string> = {}): Promise<WsConnection> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve({ kind: 'open', socket }));
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => {
        socket.terminate();
        resolve({ kind: 'refused', status: response.statusCode ?? 0, body: JSON.parse(text), headers: response.headers });
      });
    });
    socket.once('error', (error) => {
      if (!error.message.startsWith('Unexpected server response')) reject(error);
    });
  });
}

/** Sends `{ event, data }` on a `ws` connection and resolves with the next message it receives, parsed. */
export function askWs(socket: WebSocket, event: string, data: unknown = null): Promise<{ event: string; data: Record<string, unknown> }> {
  return new Promise((resolve) => {
    socket.once('message', (raw) => resolve(JSON.parse(raw.toString())));
    socket.send(JSON.stringify({ event, data }));
  });
}

/** Resolves with the close code and reason of a `ws` connection. */
export function closedWs(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

/** How a socket.io connection attempt ended: connected, or a `connect_error` with its message and data. */
export type IoConnection =
  | { readonly kind: 'open'; readonly socket: Socket }
  | { readonly kind: 'refused'; readonly message: string; readonly data: Record<string, unknown> | undefined };

/** Options of {@link connectIo}. */
export interface IoConnectOptions {
  readonly auth?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string>;
}

/** Connects a socket.io client (websocket transport, no reconnection) to a namespace URL. */
export function connectIo(url: string, options: IoConnectOptions = {}): Promise<IoConnection> {
  return new Promise((resolve) => {
    const socket = io(url, {
      auth: options.auth,
      extraHeaders: options.headers,
      query: options.query,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    socket.once('connect', () => resolve({ kind: 'open', socket }));
    socket.once('connect_error', (error: Error & { data?: Record<string, unknown> }) => {
      socket.close();
      resolve({ kind: 'refused', message: error.message, data: error.data });
    });
  });
}

/** The WebSocket adapters a gateway behaviour is checked on. */
export const GATEWAY_ADAPTERS = ['ws', 'socket.io'] as const;
/** One of {@link GATEWAY_ADAPTERS}. */
export type GatewayAdapter = (typeof GATEWAY_ADAPTERS)[number];

/** What a gateway answered one message: the handler's reply, or the `exception` event a refusal is sent as. */
export type GatewayAnswer = { readonly reply: unknown } | { readonly exception: Record<string, unknown> };

/** An authenticated connection to a gateway that asks one message at a time, whatever the adapter. */
export interface GatewayClient {
  /** Sends a message and resolves with its answer: the reply (`ws`: the frame's data; socket.io: the ack) or the refusal. */
  ask(event: string, data: unknown): Promise<GatewayAnswer>;
  /** Whether the connection is still open. */
  readonly open: boolean;
  close(): void;
}

/**
 * Connects to a gateway with a bearer token: a `ws` client at `<baseUrl><path>` (Authorization header), or a
 * socket.io client in namespace `<path>` (`handshake.auth.token`).
 * @throws Error when the handshake is refused.
 */
export async function openGatewayClient(adapter: GatewayAdapter, baseUrl: string, path: string, token: string): Promise<GatewayClient> {
  if (adapter === 'ws') {
    const connection = await connectWs(`${baseUrl.replace('http', 'ws')}${path}`, { Authorization: `Bearer ${token}` });
    if (connection.kind !== 'open') throw new Error(`ws handshake refused with ${connection.status}`);
    const { socket } = connection;
    return {
      async ask(event, data) {
        const frame = await askWs(socket, event, data);
        return frame.event === 'exception' ? { exception: frame.data } : { reply: frame.data };
      },
      get open() {
        return socket.readyState === WebSocket.OPEN;
      },
      close: () => socket.terminate(),
    };
  }
  const connection = await connectIo(`${baseUrl}${path}`, { auth: { token } });
  if (connection.kind !== 'open') throw new Error(`socket.io handshake refused: ${connection.message}`);
  const { socket } = connection;
  return {
    ask: (event, data) =>
      new Promise((resolve) => {
        const refused = (exception: Record<string, unknown>) => resolve({ exception });
        socket.once('exception', refused);
        socket.emit(event, data, (reply: unknown) => {
          socket.off('exception', refused);
          resolve({ reply });
        });
      }),
    get open() {
      return socket.connected;
    },
    close: () => socket.close(),
  };
}
