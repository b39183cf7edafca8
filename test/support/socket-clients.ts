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
