import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { AuthError } from '../../errors/auth-error.js';
import type { DiscordAllowlistOptions } from '../../options/discord-allowlist.options.js';
import { decodeHex } from '../../util/hex.js';
import { Allowlist } from './allowlist.js';
import { readDiscordInteraction } from './discord-interaction.js';
import { INVALID_SIGNATURE } from './webhook-errors.js';
import type { WebhookMessage, WebhookPlatform, WebhookRequest } from './webhook-platform.js';
import { isFreshTimestamp, STALE_TIMESTAMP } from './webhook-timestamp.js';

const ED25519_SIGNATURE_BYTES = 64;

/**
 * Discord interactions: authentic when `X-Signature-Ed25519` is the Ed25519 signature of
 * `X-Signature-Timestamp` + raw body under the application's public key, and the timestamp is within 5 minutes.
 */
export class DiscordPlatform implements WebhookPlatform {
  readonly name = 'discord';
  readonly header = 'x-signature-ed25519';
  readonly allowlist: Allowlist;
  private readonly key: KeyObject;

  constructor(options: DiscordAllowlistOptions) {
    this.key = importEd25519PublicKey(options.publicKey);
    this.allowlist = new Allowlist(options.userIds, options.channelIds);
  }

  /** Checks the timestamp window, then the Ed25519 signature. */
  verify(request: WebhookRequest, nowMs: number): AuthError | undefined {
    const timestamp = request.headers['x-signature-timestamp'];
    if (!isFreshTimestamp(timestamp, nowMs)) return STALE_TIMESTAMP;
    const signature = decodeHex(request.headers[this.header], ED25519_SIGNATURE_BYTES);
    if (signature === undefined) return INVALID_SIGNATURE;
    const signed = Buffer.concat([Buffer.from(timestamp as string), request.rawBody]);
    return verify(null, signed, this.key, signature) ? undefined : INVALID_SIGNATURE;
  }

  /** Reads the sender of an interaction. */
  identify(request: WebhookRequest): WebhookMessage {
    return readDiscordInteraction(request.rawBody);
  }
}

/**
 * Imports a raw Ed25519 public key given as 64 hex characters (as the Discord portal shows it).
 * @throws Error naming the option when the bytes are not a valid Ed25519 key.
 */
export function importEd25519PublicKey(hex: string): KeyObject {
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') }, format: 'jwk' });
  } catch {
    throw new Error('Invalid AgentAuthModule options:\n  - allowlist.discord.publicKey: not a valid Ed25519 public key');
  }
}
