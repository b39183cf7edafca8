import { ArrayNotEmpty, IsArray, IsOptional, IsString, Matches } from 'class-validator';

/** A Discord snowflake id as Discord sends it: a decimal string. */
export const DISCORD_ID = /^[1-9][0-9]{0,19}$/;
/** An Ed25519 public key as the Discord developer portal shows it: 32 bytes in hex. */
export const DISCORD_PUBLIC_KEY = /^[0-9a-fA-F]{64}$/;

/**
 * Discord interactions endpoint: the application's public key and the users and channels allowed.
 * Give `userIds`, `channelIds` or both; when both are given, both must match.
 */
export class DiscordAllowlistOptions {
  /** The application's public key (General Information page), 64 hex characters; imported once as a KeyObject. */
  @IsString()
  @Matches(DISCORD_PUBLIC_KEY, { message: '$property must be the Ed25519 public key as 64 hex characters' })
  publicKey!: string;

  /** Discord user ids allowed (snowflakes as strings). */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @Matches(DISCORD_ID, { each: true, message: '$property must hold Discord ids as decimal strings (e.g. "80351110224678912")' })
  userIds?: string[];

  /** Discord channel ids allowed (snowflakes as strings). */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @Matches(DISCORD_ID, { each: true, message: '$property must hold Discord ids as decimal strings (e.g. "41771983423143937")' })
  channelIds?: string[];
}
