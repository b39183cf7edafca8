import { describe, expect, it } from '@jest/globals';
import { discordHeaders } from '../../../../../test/support/webhooks.js';
import { testDiscordKeys } from '../../testing/discord-webhook.js';
import { DiscordPlatform, importEd25519PublicKey } from './discord.platform.js';

const keys = testDiscordKeys();
const discord = new DiscordPlatform({ publicKey: keys.publicKeyHex, userIds: ['1'] });
const body = '{"type":1}';
const now = 1_700_000_000_000;
const at = (seconds: number) => String(now / 1000 + seconds);
const verify = (headers: Record<string, string>, raw = body) =>
  discord.verify({ headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])), rawBody: Buffer.from(raw) }, now);

describe('DiscordPlatform.verify', () => {
  it('accepts an Ed25519 signature of timestamp + raw body', () => {
    expect(verify(discordHeaders(keys.privateKey, body, at(0)))).toBeUndefined();
  });

  it('accepts the public key in upper-case hex', () => {
    const upper = new DiscordPlatform({ publicKey: keys.publicKeyHex.toUpperCase(), userIds: ['1'] });
    const headers = discordHeaders(keys.privateKey, body, at(0));
    expect(
      upper.verify(
        { headers: { 'x-signature-ed25519': headers['X-Signature-Ed25519'], 'x-signature-timestamp': at(0) }, rawBody: Buffer.from(body) },
        now,
      ),
    ).toBeUndefined();
  });

  it('refuses another key, a changed body, a moved timestamp and a stale one', () => {
    expect(verify(discordHeaders(testDiscordKeys().privateKey, body, at(0)))?.code).toBe('invalid_signature');
    expect(verify(discordHeaders(keys.privateKey, body, at(0)), '{"type":2}')?.code).toBe('invalid_signature');
    const signed = discordHeaders(keys.privateKey, body, at(-1));
    expect(verify({ ...signed, 'X-Signature-Timestamp': at(0) })?.code).toBe('invalid_signature');
    expect(verify(discordHeaders(keys.privateKey, body, at(-301)))?.code).toBe('invalid_signature');
  });

  it('refuses malformed signatures', () => {
    const signed = discordHeaders(keys.privateKey, body, at(0));
    for (const signature of ['', 'zz'.repeat(64), signed['X-Signature-Ed25519'].slice(2), `${signed['X-Signature-Ed25519']}00`]) {
      expect(verify({ ...signed, 'X-Signature-Ed25519': signature })?.code).toBe('invalid_signature');
    }
  });
});

describe('importEd25519PublicKey', () => {
  it('imports 32 hex-encoded bytes as an Ed25519 KeyObject', () => {
    const key = importEd25519PublicKey(keys.publicKeyHex);
    expect({ type: key.type, kind: key.asymmetricKeyType }).toEqual({ type: 'public', kind: 'ed25519' });
  });
});
