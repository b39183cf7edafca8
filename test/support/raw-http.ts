import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';

/** A response read without any client-side normalisation. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The JSON body, or undefined when the body is not JSON. */
  readonly body?: Record<string, unknown>;
}

/** What to send: the request target is written exactly as given (no `..` or `//` resolution, no re-encoding). */
export interface RawRequest {
  readonly method?: string;
  readonly path: string;
  /** An array value is sent as several header lines. Latin-1 strings go on the wire byte for byte. */
  readonly headers?: OutgoingHttpHeaders;
  readonly body?: string;
}

/** Sends one HTTP/1.1 request with node:http, which (unlike supertest) leaves the path as written. */
export function rawRequest(baseUrl: string, { method = 'GET', path, headers = {}, body }: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: hostname, port, method, path, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, body: parseJson(text) });
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
