import { ArrayNotEmpty, IsArray, IsOptional, IsString, Matches } from 'class-validator';

/** A Telegram user or chat id as Telegram writes it: a decimal integer, negative for groups and channels. */
export const TELEGRAM_ID = /^-?[1-9][0-9]{0,19}$/;
/** What Telegram accepts as a webhook secret token (1–256 of these characters); we ask for at least 16. */
export const TELEGRAM_SECRET_TOKEN = /^[A-Za-z0-9_-]{16,256}$/;

/**
 * Telegram bot webhooks: the `secret_token` given to `setWebhook` (sent back in `X-Telegram-Bot-Api-Secret-Token`)
 * and the users and chats allowed. Give `userIds`, `chatIds` or both; when both are given, both must match.
 */
export class TelegramAllowlistOptions {
  /** The webhook's `secret_token`: 16 to 256 characters of `A-Z a-z 0-9 _ -`. Compared in constant time. */
  @IsString()
  @Matches(TELEGRAM_SECRET_TOKEN, { message: '$property must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -' })
  secretToken!: string;

  /** Telegram user ids (`from.id`) allowed, as decimal strings such as `'123456789'`. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @Matches(TELEGRAM_ID, { each: true, message: '$property must hold Telegram ids as decimal strings (e.g. "123456789")' })
  userIds?: string[];

  /** Telegram chat ids (`chat.id`) allowed, as decimal strings (`'-1001234567890'` for a supergroup or channel). */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @Matches(TELEGRAM_ID, { each: true, message: '$property must hold Telegram ids as decimal strings (e.g. "-1001234567890")' })
  chatIds?: string[];
}
