import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthError } from '../../errors/auth-error.js';
import type { TelegramAllowlistOptions } from '../../options/telegram-allowlist.options.js';
import { Allowlist } from './allowlist.js';
import { readTelegramUpdate } from './telegram-update.js';
import { INVALID_SIGNATURE } from './webhook-errors.js';
import type { WebhookMessage, WebhookPlatform, WebhookRequest } from './webhook-platform.js';

/**
 * Telegram bot webhooks: authentic when `X-Telegram-Bot-Api-Secret-Token` equals the configured secret token
 * (both SHA-256 hashed and compared in constant time, so neither content nor length leaks).
 */
export class TelegramPlatform implements WebhookPlatform {
  readonly name = 'telegram';
  readonly header = 'x-telegram-bot-api-secret-token';
  readonly allowlist: Allowlist;
  private readonly tokenDigest: Buffer;

  constructor(options: TelegramAllowlistOptions) {
    this.tokenDigest = sha256(options.secretToken);
    this.allowlist = new Allowlist(options.userIds, options.chatIds);
  }

  /** Checks the secret token header. */
  verify(request: WebhookRequest): AuthError | undefined {
    const token = request.headers[this.header];
    return typeof token === 'string' && timingSafeEqual(sha256(token), this.tokenDigest) ? undefined : INVALID_SIGNATURE;
  }

  /** Reads the update's sender and chat. */
  identify(request: WebhookRequest): WebhookMessage {
    return readTelegramUpdate(request.rawBody);
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
