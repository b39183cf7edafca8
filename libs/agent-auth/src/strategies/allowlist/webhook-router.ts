import type { IncomingHttpHeaders } from 'node:http';
import type { WebhookPlatform } from './webhook-platform.js';

/** Several platforms' headers on one request: it cannot be trusted to be any of them. */
export const AMBIGUOUS_PLATFORM = Symbol('AMBIGUOUS_PLATFORM');

/**
 * The platform a request claims to come from, by which platform header it carries
 * (`X-Telegram-Bot-Api-Secret-Token`, `X-Slack-Signature`, `X-Signature-Ed25519`, or a custom one).
 * @returns the platform, {@link AMBIGUOUS_PLATFORM} when several match, or undefined when none does.
 */
export function routeWebhook(
  platforms: readonly WebhookPlatform[],
  headers: IncomingHttpHeaders,
): WebhookPlatform | typeof AMBIGUOUS_PLATFORM | undefined {
  let found: WebhookPlatform | undefined;
  for (const platform of platforms) {
    if (headers[platform.header] === undefined) continue;
    if (found !== undefined) return AMBIGUOUS_PLATFORM;
    found = platform;
  }
  return found;
}
