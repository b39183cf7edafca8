import { IsArray, IsOptional, ValidateNested } from 'class-validator';
import { CustomAllowlistOptions } from './custom-allowlist.options.js';
import { DiscordAllowlistOptions } from './discord-allowlist.options.js';
import { SlackAllowlistOptions } from './slack-allowlist.options.js';
import { TelegramAllowlistOptions } from './telegram-allowlist.options.js';

/**
 * The messaging allowlist, for webhook routes marked `@UseAuth('allowlist')`: per platform, its own authenticity
 * check (secret token, signing secret or public key) and the users and chats allowed. Needs the app's `rawBody: true`.
 * @example { telegram: { secretToken: process.env.TG_SECRET, userIds: ['123456789'] } }
 */
export class AllowlistOptions {
  /** Telegram bot webhooks (`X-Telegram-Bot-Api-Secret-Token`). */
  @IsOptional()
  @ValidateNested()
  telegram?: TelegramAllowlistOptions;

  /** Slack events, slash commands and interactivity (`X-Slack-Signature`). */
  @IsOptional()
  @ValidateNested()
  slack?: SlackAllowlistOptions;

  /** Discord interactions (`X-Signature-Ed25519`). */
  @IsOptional()
  @ValidateNested()
  discord?: DiscordAllowlistOptions;

  /** Platforms of your own, each routed by its own header. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  custom?: CustomAllowlistOptions[];
}
