import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { AuthError } from '../../errors/auth-error.js';
import type { SlackAllowlistOptions } from '../../options/slack-allowlist.options.js';
import { decodeHex } from '../../util/hex.js';
import { Allowlist } from './allowlist.js';
import { readSlackPayload } from './slack-payload.js';
import { INVALID_SIGNATURE } from './webhook-errors.js';
import type { WebhookMessage, WebhookPlatform, WebhookRequest } from './webhook-platform.js';
import { isFreshTimestamp, STALE_TIMESTAMP } from './webhook-timestamp.js';

const VERSION = 'v0';
const SIGNATURE_PREFIX = `${VERSION}=`;
const SHA256_BYTES = 32;

/**
 * Slack requests: authentic when `X-Slack-Signature` is `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`
 * under the signing secret (compared in constant time), and `X-Slack-Request-Timestamp` is within 5 minutes.
 */
export class SlackPlatform implements WebhookPlatform {
  readonly name = 'slack';
  readonly header = 'x-slack-signature';
  readonly allowlist: Allowlist;
  private readonly key: KeyObject;

  constructor(options: SlackAllowlistOptions) {
    this.key = createSecretKey(Buffer.from(options.signingSecret));
    this.allowlist = new Allowlist(options.userIds, options.channelIds);
  }

  /** Checks the timestamp window, then the signature. */
  verify(request: WebhookRequest, nowMs: number): AuthError | undefined {
    const timestamp = request.headers['x-slack-request-timestamp'];
    if (!isFreshTimestamp(timestamp, nowMs)) return STALE_TIMESTAMP;
    const header = request.headers[this.header];
    const signature = typeof header === 'string' && header.startsWith(SIGNATURE_PREFIX) ? decodeHex(header.slice(3), SHA256_BYTES) : undefined;
    if (signature === undefined) return INVALID_SIGNATURE;
    const expected = createHmac('sha256', this.key)
      .update(`${VERSION}:${timestamp as string}:`)
      .update(request.rawBody)
      .digest();
    return timingSafeEqual(expected, signature) ? undefined : INVALID_SIGNATURE;
  }

  /** Reads the sender of an event, slash command or interaction. */
  identify(request: WebhookRequest): WebhookMessage {
    return readSlackPayload(request);
  }
}
