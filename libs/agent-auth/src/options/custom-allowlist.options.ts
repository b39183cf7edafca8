import { ArrayNotEmpty, IsArray, IsOptional, IsString, Matches } from 'class-validator';
import type { WebhookRequest, WebhookSender } from '../strategies/allowlist/webhook-platform.js';
import { IsFunction } from './option-validators.js';

/** A custom platform's name: lower-case, it becomes the principal's `<name>:<id>` and `allowlist:<name>`. */
export const CUSTOM_PLATFORM_NAME = /^[a-z][a-z0-9_-]{0,31}$/;
/** An HTTP header name. */
export const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;
/** A custom id: 1 to 256 characters, none of them whitespace. */
export const CUSTOM_ID = /^\S{1,256}$/;

/**
 * A messaging platform of your own: requests carrying `header` are checked by `verify` (over the headers and
 * the raw body), then `identify` reads the sender, then the lists apply as for the built-in platforms.
 * Give `userIds`, `chatIds` or both; when both are given, both must match.
 * @example { name: 'acme', header: 'x-acme-signature', verify: (req) => checkHmac(req), identify: (req) => ({ userId: … }), userIds: ['42'] }
 */
export class CustomAllowlistOptions {
  /** The platform's name (`acme`): principals are `acme:<user id>`, routes may use `@UseAuth('allowlist:acme')`. */
  @IsString()
  @Matches(CUSTOM_PLATFORM_NAME, { message: '$property must be lower-case letters, digits, _ or - (starting with a letter)' })
  name!: string;

  /** The header whose presence routes a request to this platform (its signature header, typically). */
  @IsString()
  @Matches(HEADER_NAME, { message: '$property must be an HTTP header name' })
  header!: string;

  /** The authenticity check: `true` only for a request the platform really sent. A throw counts as `false`. */
  @IsFunction()
  verify!: (request: WebhookRequest) => boolean;

  /** Reads the sender of an authentic request; called only after `verify` returned `true`. A throw reads no sender. */
  @IsFunction()
  identify!: (request: WebhookRequest) => WebhookSender | undefined;

  /** User ids allowed, compared as exact strings. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @Matches(CUSTOM_ID, { each: true, message: '$property must hold non-empty ids without whitespace' })
  userIds?: string[];

  /** Chat (channel, room…) ids allowed, compared as exact strings. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @Matches(CUSTOM_ID, { each: true, message: '$property must hold non-empty ids without whitespace' })
  chatIds?: string[];
}
