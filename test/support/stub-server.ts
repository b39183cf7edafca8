import { createServer, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP server on 127.0.0.1 whose answers a test swaps at will, counting the requests it gets per path. */
export interface StubServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Requests received for a path (query string ignored) since the start. */
  count(path: string): number;
  /** Answers every later request with this listener. */
  handle(listener: RequestListener): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Starts a {@link StubServer} (answering 404 until told otherwise). */
export async function startStubServer(listener: RequestListener = (_request, response) => send(response, 404, {})): Promise<StubServer> {
  let current = listener;
  const counts = new Map<string, number>();
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    counts.set(path, (counts.get(path) ?? 0) + 1);
    current(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: (path) => counts.get(path) ?? 0,
    handle: (next) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A listener answering with a JSON body. */
export function respondJson(body: unknown, status = 200): RequestListener {
  return (_request, response) => send(response, status, body);
}

/** A listener that never answers (a hung endpoint); the connection stays open until the client gives up. */
export const neverRespond: RequestListener = () => undefined;

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
