import http from 'node:http';

/** A response to a raw request, read without any client-side normalisation. */
export interface RawResponse {
  readonly status: number;
  /** The body text. */
  readonly body: string;
  readonly headers: http.IncomingHttpHeaders;
  /** The body parsed as a JSON object, or undefined when it is not one. */
  readonly json?: Record<string, unknown>;
}

/**
 * Sends a request whose path is written on the wire exactly as given (supertest would normalise `..` and `//`).
 * An array header value is sent as several header lines; latin-1 strings go on the wire byte for byte.
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  headers: http.OutgoingHttpHeaders = {},
  body?: string,
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers, json: parseObject(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Header lines sending `Authorization` once per value (Node's header types allow only one). */
export function authorizationLines(...values: string[]): http.OutgoingHttpHeaders {
  return { Authorization: values };
}
