import { describe, expect, it } from '@jest/globals';
import { newSlackSigningSecret, slackHeaders } from '../../../../../test/support/webhooks.js';
import { SlackPlatform } from './slack.platform.js';

const secret = newSlackSigningSecret();
const slack = new SlackPlatform({ signingSecret: secret, userIds: ['U1'] });
const body = '{"type":"event_callback","event":{"user":"U1"}}';
const now = 1_700_000_000_000;
const at = (seconds: number) => String(now / 1000 + seconds);
const verify = (headers: Record<string, string>, raw = body, nowMs = now) =>
  slack.verify({ headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])), rawBody: Buffer.from(raw) }, nowMs);

describe('SlackPlatform.verify', () => {
  it('accepts v0=HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body)', () => {
    expect(verify(slackHeaders(secret, body, at(0)))).toBeUndefined();
  });

  it('accepts the signature in upper-case hex (same bytes)', () => {
    const headers = slackHeaders(secret, body, at(0));
    expect(verify({ ...headers, 'X-Slack-Signature': `v0=${headers['X-Slack-Signature'].slice(3).toUpperCase()}` })).toBeUndefined();
  });

  it('accepts timestamps up to 300 seconds away, either way, and no further', () => {
    expect(verify(slackHeaders(secret, body, at(-300)))).toBeUndefined();
    expect(verify(slackHeaders(secret, body, at(300)))).toBeUndefined();
    expect(verify(slackHeaders(secret, body, at(-301)))?.code).toBe('invalid_signature');
    expect(verify(slackHeaders(secret, body, at(301)))?.code).toBe('invalid_signature');
  });

  it('refuses a body changed by one byte, even whitespace', () => {
    expect(verify(slackHeaders(secret, body, at(0)), `${body} `)?.code).toBe('invalid_signature');
    expect(verify(slackHeaders(secret, body, at(0)), body.replace('U1', 'U2'))?.code).toBe('invalid_signature');
  });

  it('refuses another secret, a signature over another timestamp, and malformed signatures', () => {
    expect(verify(slackHeaders(newSlackSigningSecret(), body, at(0)))?.code).toBe('invalid_signature');
    const signed = slackHeaders(secret, body, at(-1));
    expect(verify({ ...signed, 'X-Slack-Request-Timestamp': at(0) })?.code).toBe('invalid_signature');
    for (const signature of [
      '',
      'v0=',
      'v0',
      signed['X-Slack-Signature'].slice(3),
      `${signed['X-Slack-Signature']}00`,
      `V0=${signed['X-Slack-Signature'].slice(3)}`,
    ]) {
      expect(verify({ ...signed, 'X-Slack-Signature': signature })?.code).toBe('invalid_signature');
    }
  });

  it('never accepts the secret itself as a signature', () => {
    expect(verify({ ...slackHeaders(secret, body, at(0)), 'X-Slack-Signature': `v0=${secret}` })?.code).toBe('invalid_signature');
  });
});
