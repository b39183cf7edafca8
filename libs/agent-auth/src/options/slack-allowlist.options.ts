import { ArrayNotEmpty, IsArray, IsOptional, Matches } from 'class-validator';
import { IsSecret } from './option-validators.js';

/** A Slack user, team or channel id: upper-case letters and digits (`U024BE7LH`, `W…`, `C…`, `G…`, `D…`). */
export const SLACK_ID = /^[A-Z][A-Z0-9]{1,31}$/;
/** Shortest signing secret accepted (Slack's are 32 characters). */
export const MIN_SLACK_SECRET_BYTES = 16;

/**
 * Slack apps (Events API, slash commands, interactivity): the app's signing secret and the users and channels
 * allowed. Give `userIds`, `channelIds` or both; when both are given, both must match.
 */
export class SlackAllowlistOptions {
  /** The app's Signing Secret (Basic Information page), used for `v0` HMAC-SHA256 signatures. */
  @IsSecret(MIN_SLACK_SECRET_BYTES)
  signingSecret!: string | Buffer;

  /** Slack user ids allowed (`U…` or `W…`). */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @Matches(SLACK_ID, { each: true, message: '$property must hold Slack ids such as "U024BE7LH"' })
  userIds?: string[];

  /** Slack channel ids allowed (`C…`, `G…` or `D…`). */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @Matches(SLACK_ID, { each: true, message: '$property must hold Slack ids such as "C024BE91L"' })
  channelIds?: string[];
}
