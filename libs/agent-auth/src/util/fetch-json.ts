/** How {@link fetchJson} may fetch. */
export interface FetchJsonOptions {
  /** Aborts the request and the reading of its body (`AbortSignal.timeout(ms)`). */
  readonly signal: AbortSignal;
  /** Largest body read; a longer one fails without being buffered. */
  readonly maxBytes: number;
}

/**
 * GETs a JSON document from a trusted, configured URL: 200 only, redirects never followed, the body read up to
 * `maxBytes` and no further, everything (connection, headers, body) bounded by `signal`.
 * @throws Error with a message safe to log (status, size or network reason; never the body).
 */
export async function fetchJson(url: string, options: FetchJsonOptions): Promise<unknown> {
  const response = await fetch(url, { signal: options.signal, redirect: 'manual', headers: { accept: 'application/json' } });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status}`);
  }
  const text = await readText(response, options.maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error('the response is not JSON');
  }
}

/** A short, loggable reason for a failed {@link fetchJson} (a timeout, `ECONNREFUSED`, `HTTP 503`, …). */
export function fetchFailureReason(error: unknown): string {
  // Duck-typed: fetch's DOMExceptions and network errors may come from another realm than this module's Error.
  if (typeof error !== 'object' || error === null) return 'unknown error';
  const { name, message, cause } = error as { name?: unknown; message?: unknown; cause?: { code?: unknown } };
  if (name === 'TimeoutError' || name === 'AbortError') return 'timed out';
  if (typeof cause?.code === 'string') return cause.code;
  return typeof message === 'string' ? message : 'unknown error';
}

async function readText(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = new Error(`the response is larger than ${maxBytes} bytes`);
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge;
  }
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
