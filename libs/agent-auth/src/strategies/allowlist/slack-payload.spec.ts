import { describe, expect, it } from '@jest/globals';
import { readSlackPayload } from './slack-payload.js';

const json = (body: unknown) => readSlackPayload({ headers: { 'content-type': 'application/json' }, rawBody: Buffer.from(JSON.stringify(body)) });
const form = (body: string, contentType = 'application/x-www-form-urlencoded') =>
  readSlackPayload({ headers: { 'content-type': contentType }, rawBody: Buffer.from(body) });

describe('readSlackPayload', () => {
  it('reads event.user and event.channel of an event callback', () => {
    const message = json({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event: { type: 'app_mention', user: 'U1', channel: 'C1' } });
    expect(message).toEqual({
      platform: 'slack',
      userId: 'U1',
      chatId: 'C1',
      claims: { type: 'event_callback', eventType: 'app_mention', teamId: 'T1', apiAppId: 'A1' },
    });
  });

  it('reads the url_verification handshake without its token or challenge', () => {
    const message = json({ type: 'url_verification', token: 'legacy-token', challenge: 'abc' });
    expect(message).toEqual({ platform: 'slack', handshake: true, claims: { type: 'url_verification' } });
  });

  it('reads no sender from other JSON bodies', () => {
    expect(json({ type: 'app_rate_limited', team_id: 'T1' })).toEqual({ platform: 'slack', claims: { type: 'app_rate_limited', teamId: 'T1' } });
    expect(json({ event: { user: 'U1' } })).toEqual({ platform: 'slack' });
    expect(readSlackPayload({ headers: {}, rawBody: Buffer.from('not json') })).toEqual({ platform: 'slack' });
  });

  it.each([
    ['a number', 111],
    ['an object', { id: 'U1' }],
    ['an empty string', ''],
  ])('reads no user from %s', (_name, user) => {
    expect(json({ type: 'event_callback', event: { type: 'message', user, channel: 'C1' } }).userId).toBeUndefined();
  });

  it('keeps ids exactly as sent', () => {
    expect(json({ type: 'event_callback', event: { user: ' U1', channel: 'c1' } })).toMatchObject({ userId: ' U1', chatId: 'c1' });
  });

  it('reads user_id and channel_id of a form-encoded slash command, never the token or response_url', () => {
    const message = form(
      'token=secret&team_id=T1&channel_id=C1&user_id=U1&command=%2Fdeploy&text=prod&response_url=https%3A%2F%2Fhooks.slack.com%2Fx&trigger_id=t',
    );
    expect(message).toEqual({
      platform: 'slack',
      userId: 'U1',
      chatId: 'C1',
      claims: { type: 'slash_command', command: '/deploy', teamId: 'T1', apiAppId: undefined },
    });
  });

  it('recognises the form content type whatever its case and parameters', () => {
    expect(form('user_id=U1', 'Application/X-WWW-Form-Urlencoded; charset=utf-8').userId).toBe('U1');
  });

  it('reads no sender from a field sent twice or empty', () => {
    expect(form('user_id=U1&user_id=U2&channel_id=C1')).toMatchObject({ userId: undefined, chatId: 'C1' });
    expect(form('user_id=&channel_id=C1').userId).toBeUndefined();
  });

  it('reads user.id and channel.id of an interaction payload', () => {
    const payload = {
      type: 'block_actions',
      user: { id: 'U1' },
      channel: { id: 'C1' },
      team: { id: 'T1' },
      token: 'secret',
      response_url: 'https://x',
    };
    expect(form(`payload=${encodeURIComponent(JSON.stringify(payload))}`)).toEqual({
      platform: 'slack',
      userId: 'U1',
      chatId: 'C1',
      claims: { type: 'block_actions', teamId: 'T1', apiAppId: undefined },
    });
  });

  it('reads no sender from an interaction payload that is not a JSON object', () => {
    expect(form('payload=%7Bbroken')).toEqual({ platform: 'slack' });
    expect(form('payload=%22U1%22')).toEqual({ platform: 'slack' });
  });
});
