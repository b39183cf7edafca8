import { EventSource } from 'eventsource';

/** How an SSE connection made with the `eventsource` client ended. */
export type StreamResult =
  { readonly kind: 'events'; readonly events: unknown[]; readonly types: string[] } | { readonly kind: 'refused'; readonly status?: number };

/** Options of {@link readStream}. */
export interface ReadStreamOptions {
  /** Headers sent with the request (EventSource in browsers cannot send any; the Node client can). */
  readonly headers?: Record<string, string>;
  /** Stop after this many messages. @default 3 */
  readonly count?: number;
  /** Stop when an event of this type arrives instead (it is recorded in `types`). */
  readonly until?: string;
}

/**
 * Opens an SSE stream with the `eventsource` client and resolves with the first messages, or with the HTTP status
 * it was refused with. The connection is closed either way (no reconnection).
 */
export function readStream(url: string, options: ReadStreamOptions = {}): Promise<StreamResult> {
  const count = options.count ?? 3;
  return new Promise((resolve) => {
    const events: unknown[] = [];
    const types: string[] = [];
    const source = new EventSource(url, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, ...options.headers } }),
    });
    const finish = (result: StreamResult) => {
      source.close();
      resolve(result);
    };
    source.onmessage = (event) => {
      events.push(JSON.parse(event.data));
      types.push(event.type);
      if (options.until === undefined && events.length >= count) finish({ kind: 'events', events, types });
    };
    if (options.until !== undefined) {
      source.addEventListener(options.until, (event) => {
        types.push(event.type);
        events.push(JSON.parse(event.data));
        finish({ kind: 'events', events, types });
      });
    }
    source.onerror = (event) => finish(events.length > 0 ? { kind: 'events', events, types } : { kind: 'refused', status: event.code });
  });
}
