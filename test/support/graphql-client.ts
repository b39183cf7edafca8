import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

/** A GraphQL response over HTTP: its status, headers and parsed body, and the raw text (to look for secrets). */
export interface GraphqlResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }>;
  };
  readonly text: string;
}

/** POSTs one operation to `<baseUrl>/graphql` as JSON, with the given headers. */
export async function postGraphql(
  baseUrl: string,
  query: string,
  headers: Record<string, string> = {},
  variables?: object,
): Promise<GraphqlResponse> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
}

/** How a graphql-ws connection ended, as the client saw it. */
export interface GraphqlWsClosed {
  readonly code: number;
  readonly reason: string;
}

/** A real `graphql-ws` client on `<baseUrl>/graphql` (over `ws`), and how its connection ends. */
export interface GraphqlWsConnection {
  readonly client: Client;
  /** Resolves once the server acknowledged `connection_init`. */
  readonly acknowledged: Promise<void>;
  /** Resolves when the socket closes (refused at `connection_init`, expired, or disposed). */
  readonly closed: Promise<GraphqlWsClosed>;
}

/** Connects at once (not lazily), without retries, sending `connectionParams` in `connection_init`. */
export function connectGraphqlWs(baseUrl: string, connectionParams: Record<string, unknown>): GraphqlWsConnection {
  let acknowledge!: () => void;
  let close!: (closed: GraphqlWsClosed) => void;
  const acknowledged = new Promise<void>((resolve) => (acknowledge = resolve));
  const closed = new Promise<GraphqlWsClosed>((resolve) => (close = resolve));
  const client = createClient({
    url: `${baseUrl.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    on: {
      connected: () => acknowledge(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        close({ code, reason: String(reason) });
      },
    },
  });
  return { client, acknowledged, closed };
}

/** Subscribes and collects results until `count` arrived, or the subscription errored or completed. */
export function collect(
  client: Client,
  query: string,
  count: number,
): Promise<{ results: FormattedExecutionResult<Record<string, unknown>, unknown>[]; error?: unknown }> {
  return new Promise((resolve) => {
    const results: FormattedExecutionResult<Record<string, unknown>, unknown>[] = [];
    const unsubscribe = client.subscribe(
      { query },
      {
        next: (result) => {
          results.push(result);
          if (results.length === count || result.errors !== undefined) {
            unsubscribe();
            resolve({ results });
          }
        },
        error: (error) => resolve({ results, error }),
        complete: () => resolve({ results }),
      },
    );
  });
}
