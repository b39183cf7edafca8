import { createHmac } from 'node:crypto';
import { webhookBody, webhookTimestamp, type SignedWebhook, type WebhookBody, type WebhookSigningOptions } from './signed-webhook.js';

/**
 * A Slack request as Slack signs it: `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<body>">` under the
 * signing secret, and `X-Slack-Request-Timestamp`.
 */
export function signSlackWebhook(signingSecret: string | Buffer, body: WebhookBody, options: WebhookSigningOptions = {}): SignedWebhook {
  const { text, contentType } = webhookBody(body);
  const timestamp = webhookTimestamp(options);
  const signature = createHmac('sha256', Buffer.from(signingSecret)).update(`v0:${timestamp}:${text}`).digest('hex');
  return { headers: { 'Content-Type': contentType, 'X-Slack-Signature': `v0=${signature}`, 'X-Slack-Request-Timestamp': timestamp }, body: text };
}
