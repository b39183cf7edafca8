/** A webhook request signed as its platform signs it: send `body` byte for byte with `headers`. */
export interface SignedWebhook {
  /** The platform's authenticity headers and the body's `Content-Type`. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A webhook body: JSON text or form-encoded text as is, an object as JSON, `URLSearchParams` form-encoded. */
export type WebhookBody = string | URLSearchParams | object;

/** Options of the signing webhook helpers. */
export interface WebhookSigningOptions {
  /** The signed timestamp, in seconds since the epoch. @default now */
  readonly timestamp?: number | string;
}

/** The text of a webhook body and its `Content-Type` (text starting with `{` is JSON, other text form-encoded). */
export function webhookBody(body: WebhookBody): { text: string; contentType: string } {
  if (body instanceof URLSearchParams) return { text: body.toString(), contentType: 'application/x-www-form-urlencoded' };
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { text, contentType: text.trimStart().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded' };
}

/** A webhook timestamp header value: the given one, or now in seconds since the epoch. */
export function webhookTimestamp(options: WebhookSigningOptions): string {
  return String(options.timestamp ?? Math.floor(Date.now() / 1000));
}
