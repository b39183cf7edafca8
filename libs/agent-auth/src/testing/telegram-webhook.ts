import { webhookBody, type SignedWebhook, type WebhookBody } from './signed-webhook.js';

/** A Telegram webhook update as the Bot API sends it: the `secret_token` in `X-Telegram-Bot-Api-Secret-Token`. */
export function signTelegramWebhook(secretToken: string, update: WebhookBody): SignedWebhook {
  const { text, contentType } = webhookBody(update);
  return { headers: { 'Content-Type': contentType, 'X-Telegram-Bot-Api-Secret-Token': secretToken }, body: text };
}
