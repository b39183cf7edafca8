import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { webhookBody, webhookTimestamp, type SignedWebhook, type WebhookBody, type WebhookSigningOptions } from './signed-webhook.js';

/** A Discord application's key pair for tests: the public key as the developer portal shows it (64 hex characters). */
export interface TestDiscordKeys {
  /** For `allowlist.discord.publicKey`. */
  readonly publicKeyHex: string;
  /** Signs interactions ({@link signDiscordWebhook}, `AgentAuthTestKit.discord`). */
  readonly privateKey: KeyObject;
}

/** A fresh Ed25519 key pair standing for a Discord application. */
export function testDiscordKeys(): TestDiscordKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x as string;
  return { publicKeyHex: Buffer.from(x, 'base64url').toString('hex'), privateKey };
}

/** A Discord interaction as Discord signs it: `X-Signature-Ed25519` (hex Ed25519 of timestamp + body) and `X-Signature-Timestamp`. */
export function signDiscordWebhook(privateKey: KeyObject, body: WebhookBody, options: WebhookSigningOptions = {}): SignedWebhook {
  const { text, contentType } = webhookBody(body);
  const timestamp = webhookTimestamp(options);
  const signature = sign(null, Buffer.from(timestamp + text), privateKey).toString('hex');
  return { headers: { 'Content-Type': contentType, 'X-Signature-Ed25519': signature, 'X-Signature-Timestamp': timestamp }, body: text };
}
