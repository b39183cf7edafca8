import http from 'node:http';

/** A response to a raw request: status and body text. */
export interface RawResponse {
  readonly status: number;
  readonly body: string;
}

/** Sends a request whose path is written on the wire exactly as given (supertest would normalise `..` and `//`). */
export function rawRequest(baseUrl: string, method: string, path: string, headers: http.OutgoingHttpHeaders = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
