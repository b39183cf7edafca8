import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import request from 'supertest';
import { AgentAuthModule, type AgentAuthModuleOptions, type WebhookRequest } from 'nest-agent-auth';
import { WebhooksFixtureController } from '../fixtures/webhooks.fixture.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import {
  discordCommand,
  discordHeaders,
  newDiscordKeys,
  newSlackSigningSecret,
  newTelegramSecretToken,
  slackEvent,
  slackHeaders,
  slackInteraction,
  slackSlashCommand,
  telegramMessage,
  unixNow,
} from '../support/webhooks.js';

const telegramToken = newTelegramSecretToken();
const slackSecret = newSlackSigningSecret();
const discordKeys = newDiscordKeys();
const acmeSecret = newSlackSigningSecret();
const BIG_ID = '9007199254740993'; // 2^53 + 1: JSON.parse would round it to …992
const SUPERGROUP = '-1001234567890';
const DISCORD_USER = '80351110224678912';
const DISCORD_CHANNEL = '41771983423143937';

const acmeSignature = (body: Buffer | string) => createHmac('sha256', acmeSecret).update(body).digest('hex');

const allowlist: AgentAuthModuleOptions['allowlist'] = {
  telegram: { secretToken: telegramToken, userIds: ['111', BIG_ID], chatIds: ['111', SUPERGROUP, BIG_ID] },
  slack: { signingSecret: slackSecret, userIds: ['U111'] },
  discord: { publicKey: discordKeys.publicKeyHex, userIds: [DISCORD_USER], channelIds: [DISCORD_CHANNEL] },
  custom: [
    {
      name: 'acme',
      header: 'X-Acme-Signature',
      verify: ({ headers, rawBody }: WebhookRequest) => {
        if (headers['x-acme-signature'] === 'explode') throw new Error('resolver bug');
        const sent = Buffer.from(String(headers['x-acme-signature']));
        const expected = Buffer.from(acmeSignature(rawBody));
        return sent.length === expected.length && timingSafeEqual(sent, expected);
      },
      identify: ({ rawBody }: WebhookRequest) => {
        const payload = JSON.parse(rawBody.toString());
        if (payload.explode) throw new Error('resolver bug');
        return { userId: payload.user, claims: { team: 'blue' } };
      },
      userIds: ['alice'],
    },
  ],
};

describe.each(PLATFORMS)('messaging allowlist on %s', (platform) => {
  let server: TestApp;
  const post = (path: string, body: string, headers: Record<string, string>, contentType = 'application/json') =>
    request(server.url).post(path).set(headers).set('Content-Type', contentType).send(body);
  const expectRefusal = (response: request.Response, status: number, code: string) => {
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    const exposed = response.text + JSON.stringify(response.headers);
    for (const secret of [telegramToken, slackSecret, acmeSecret]) expect(exposed).not.toContain(secret);
    expect(response.text).not.toMatch(/at .*\.(js|ts):\d+/);
  };

  beforeAll(async () => {
    server = await startTestApp(
      platform,
      { imports: [AgentAuthModule.forRoot({ allowlist, realm: 'hooks' })], controllers: [WebhooksFixtureController] },
      { rawBody: true },
    );
  });
  afterAll(() => server.close());

  describe('Telegram', () => {
    const telegram = (body: string, token = telegramToken, path = '/webhooks/telegram') =>
      post(path, body, { 'X-Telegram-Bot-Api-Secret-Token': token });

    it('lets an allowlisted user in and builds the principal from the update', async () => {
      const response = await telegram(telegramMessage('111', '111'));
      expect(response.status).toBe(200);
      expect(response.body.auth).toEqual({
        userId: 'telegram:111',
        method: 'allowlist',
        roles: [],
        scopes: [],
        claims: { platform: 'telegram', userId: '111', chatId: '111', updateType: 'message', updateId: '10000', chatType: 'private' },
      });
    });

    it.each(['edited_message', 'channel_post', 'edited_channel_post', 'business_message'])('reads %s updates', async (kind) => {
      const response = await telegram(telegramMessage('111', SUPERGROUP, kind));
      expect(response.status).toBe(200);
      expect(response.body.auth.claims).toMatchObject({ updateType: kind, userId: '111', chatId: SUPERGROUP });
    });

    it('reads a callback_query (chat from its message) and a my_chat_member update', async () => {
      const callback = JSON.stringify({
        update_id: 2,
        callback_query: {
          id: '4382',
          from: { id: 111, is_bot: false, first_name: 'Ada' },
          chat_instance: '-42',
          data: 'run',
          message: { message_id: 7, date: 1, chat: { id: -1001234567890, type: 'supergroup', title: 'ops' } },
        },
      });
      expect((await telegram(callback)).body.auth.claims).toMatchObject({ updateType: 'callback_query', chatId: SUPERGROUP, chatType: 'supergroup' });
      const member = JSON.stringify({
        update_id: 3,
        my_chat_member: {
          chat: { id: 111, type: 'private' },
          from: { id: 111, is_bot: false, first_name: 'Ada' },
          date: 1,
          old_chat_member: { status: 'member', user: { id: 999, is_bot: true, first_name: 'bot' } },
          new_chat_member: { status: 'kicked', user: { id: 999, is_bot: true, first_name: 'bot' }, until_date: 0 },
        },
      });
      expect((await telegram(member)).body.auth.userId).toBe('telegram:111');
    });

    it('keeps ids past 2^53 exact (a JSON.parse reader would round them)', async () => {
      const response = await telegram(telegramMessage(BIG_ID, BIG_ID));
      expect(response.status).toBe(200);
      expect(response.body.auth.userId).toBe(`telegram:${BIG_ID}`);
      expectRefusal(await telegram(telegramMessage('9007199254740992', BIG_ID)), 403, 'not_allowlisted');
    });

    it('refuses a user who is not on the list with 403 not_allowlisted', async () => {
      const response = await telegram(telegramMessage('222', '222'));
      expectRefusal(response, 403, 'not_allowlisted');
      expect(response.body.message).toBe('Not allowlisted');
      expect(response.headers['www-authenticate']).toBeUndefined();
    });

    it('needs every configured list to match: a listed user in an unlisted chat is refused', async () => {
      expectRefusal(await telegram(telegramMessage('111', '-1009999999999')), 403, 'not_allowlisted');
    });

    it.each([
      ['a string id', '"111"'],
      ['a float id', '111.0'],
      ['an exponent id', '1.11e2'],
      ['a padded string id', '"111 "'],
      ['a zero-padded string id', '"0111"'],
      ['a longer id', '1110'],
      ['a negative id', '-111'],
      ['null', 'null'],
      ['an object', '{"id":111}'],
    ])('refuses %s as the user id (403)', async (_name, id) => {
      expectRefusal(await telegram(telegramMessage(id, '111')), 403, 'not_allowlisted');
    });

    it('refuses an update whose sender is written twice (duplicate keys read as no sender)', async () => {
      const body = '{"update_id":1,"message":{"message_id":1,"date":1,"from":{"id":999,"id":111},"chat":{"id":111,"type":"private"}}}';
      expectRefusal(await telegram(body), 403, 'not_allowlisted');
    });

    it('refuses an update carrying two update kinds', async () => {
      const body =
        '{"update_id":1,"message":{"message_id":1,"date":1,"from":{"id":111},"chat":{"id":111}},"inline_query":{"id":"1","from":{"id":222},"query":"","offset":""}}';
      expectRefusal(await telegram(body), 403, 'not_allowlisted');
    });

    it.each([
      ['another token', () => newTelegramSecretToken()],
      ['the token one character off', () => telegramToken.slice(0, -1) + (telegramToken.endsWith('A') ? 'B' : 'A')],
      ['a prefix of the token', () => telegramToken.slice(0, 16)],
      ['the token in upper case', () => telegramToken.toUpperCase()],
      ['an empty token', () => ''],
      ['the token twice', () => `${telegramToken}${telegramToken}`],
    ])('refuses %s with 401 invalid_signature', async (_name, token) => {
      const response = await telegram(telegramMessage('111', '111'), token());
      expectRefusal(response, 401, 'invalid_signature');
      expect(response.body.message).toBe('Invalid webhook signature');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="hooks", error="invalid_token", error_description="Invalid webhook signature"');
    });

    it('refuses the secret token header sent twice', async () => {
      const response = await request(server.url)
        .post('/webhooks/telegram')
        .set('Content-Type', 'application/json')
        .set('X-Telegram-Bot-Api-Secret-Token', [telegramToken, telegramToken] as unknown as string)
        .send(telegramMessage('111', '111'));
      expectRefusal(response, 401, 'invalid_signature');
    });
  });

  describe('Slack', () => {
    const slack = (body: string, headers = slackHeaders(slackSecret, body), contentType?: string) =>
      post('/webhooks/slack', body, headers, contentType);

    it('lets an allowlisted user in from an event callback', async () => {
      const response = await slack(slackEvent('U111'));
      expect(response.status).toBe(200);
      expect(response.body.auth).toMatchObject({ userId: 'slack:U111', method: 'allowlist' });
      expect(response.body.auth.claims).toEqual({
        platform: 'slack',
        userId: 'U111',
        chatId: 'C0LAN2Q65',
        type: 'event_callback',
        eventType: 'message',
        teamId: 'T061EG9R6',
        apiAppId: 'A0PNCHHK2',
      });
    });

    it('answers the url_verification handshake (authentic, no user)', async () => {
      const body = JSON.stringify({
        token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
        challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
        type: 'url_verification',
      });
      const response = await slack(body);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
    });

    it('refuses an unsigned url_verification', async () => {
      const body = JSON.stringify({ challenge: 'x', type: 'url_verification' });
      expectRefusal(await slack(body, slackHeaders(newSlackSigningSecret(), body)), 401, 'invalid_signature');
    });

    it('lets an allowlisted user in from a form-encoded slash command', async () => {
      const response = await slack(slackSlashCommand('U111'), undefined, 'application/x-www-form-urlencoded');
      expect(response.status).toBe(200);
      expect(response.body.auth.claims).toEqual({
        platform: 'slack',
        userId: 'U111',
        chatId: 'C2147483705',
        type: 'slash_command',
        command: '/weather',
        teamId: 'T0001',
        apiAppId: 'A123456',
      });
      expect(JSON.stringify(response.body)).not.toContain('gIkuvaNzQIHg97ATvDxqgjtO');
      expect(JSON.stringify(response.body)).not.toContain('hooks.slack.com');
    });

    it('reads a form content type with a charset parameter', async () => {
      const response = await slack(slackSlashCommand('U111'), undefined, 'application/x-www-form-urlencoded; charset=utf-8');
      expect(response.body.auth?.userId).toBe('slack:U111');
    });

    it('refuses a slash command from a user who is not on the list', async () => {
      expectRefusal(await slack(slackSlashCommand('U222'), undefined, 'application/x-www-form-urlencoded'), 403, 'not_allowlisted');
    });

    it('refuses a slash command whose user_id is sent twice', async () => {
      const body = slackSlashCommand('U222', undefined, '&user_id=U111');
      expectRefusal(await slack(body, undefined, 'application/x-www-form-urlencoded'), 403, 'not_allowlisted');
    });

    it('lets an allowlisted user in from an interaction payload', async () => {
      const response = await slack(slackInteraction('U111'), undefined, 'application/x-www-form-urlencoded');
      expect(response.status).toBe(200);
      expect(response.body.auth.claims).toMatchObject({ userId: 'U111', chatId: 'C0LAN2Q65', type: 'block_actions', teamId: 'T9TK3CUKW' });
    });

    it.each([
      ['a lower-case id', 'u111'],
      ['a padded id', 'U111 '],
      ['a longer id', 'U1110'],
      ['a numeric id', 111],
      ['a user object', { id: 'U111' }],
    ])('refuses %s as the user (403)', async (_name, user) => {
      expectRefusal(await slack(slackEvent(user)), 403, 'not_allowlisted');
    });

    it('refuses a tampered body with 401 invalid_signature', async () => {
      const headers = slackHeaders(slackSecret, slackEvent('U222'));
      expectRefusal(await slack(slackEvent('U111'), headers), 401, 'invalid_signature');
    });

    it('refuses a signature made with another secret', async () => {
      const body = slackEvent('U111');
      expectRefusal(await slack(body, slackHeaders(newSlackSigningSecret(), body)), 401, 'invalid_signature');
    });

    it.each([
      ['six minutes old', -360],
      ['six minutes ahead', 360],
    ])('refuses a correctly signed request timestamped %s (replay window)', async (_name, offset) => {
      const body = slackEvent('U111');
      const response = await slack(body, slackHeaders(slackSecret, body, unixNow(offset)));
      expectRefusal(response, 401, 'invalid_signature');
      expect(response.body.message).toBe('Webhook timestamp missing or outside the replay window');
    });

    it('accepts a request signed four minutes ago', async () => {
      const body = slackEvent('U111');
      expect((await slack(body, slackHeaders(slackSecret, body, unixNow(-240)))).status).toBe(200);
    });

    it('refuses a signature whose timestamp header was swapped for a fresh one', async () => {
      const body = slackEvent('U111');
      const old = slackHeaders(slackSecret, body, unixNow(-3600));
      expectRefusal(await slack(body, { ...old, 'X-Slack-Request-Timestamp': unixNow() }), 401, 'invalid_signature');
    });

    it.each([
      ['without the timestamp header', (h: Record<string, string>) => ({ 'X-Slack-Signature': h['X-Slack-Signature'] })],
      ['with a non-numeric timestamp', (h: Record<string, string>) => ({ ...h, 'X-Slack-Request-Timestamp': `${h['X-Slack-Request-Timestamp']}.0` })],
      [
        'with another signature version',
        (h: Record<string, string>) => ({ ...h, 'X-Slack-Signature': h['X-Slack-Signature'].replace('v0=', 'v1=') }),
      ],
      ['with a truncated signature', (h: Record<string, string>) => ({ ...h, 'X-Slack-Signature': h['X-Slack-Signature'].slice(0, -2) })],
      ['with a non-hex signature', (h: Record<string, string>) => ({ ...h, 'X-Slack-Signature': `v0=${'zz'.repeat(32)}` })],
      ['with an empty signature', (h: Record<string, string>) => ({ ...h, 'X-Slack-Signature': '' })],
    ])('refuses a request %s', async (_name, change) => {
      const body = slackEvent('U111');
      expectRefusal(await slack(body, change(slackHeaders(slackSecret, body))), 401, 'invalid_signature');
    });
  });

  describe('Discord', () => {
    const discord = (body: string, headers = discordHeaders(discordKeys.privateKey, body)) => post('/webhooks/discord', body, headers);

    it('answers a signed PING with { type: 1 }', async () => {
      const response = await discord('{"type":1,"id":"1","application_id":"775799577604522054","version":1}');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ type: 1 });
    });

    it('refuses an unsigned PING (Discord checks that the endpoint does)', async () => {
      const body = '{"type":1}';
      expectRefusal(await discord(body, discordHeaders(newDiscordKeys().privateKey, body)), 401, 'invalid_signature');
    });

    it('lets an allowlisted member in from a guild command', async () => {
      const response = await discord(discordCommand(DISCORD_USER));
      expect(response.status).toBe(200);
      expect(response.body.auth.userId).toBe(`discord:${DISCORD_USER}`);
      expect(response.body.auth.claims).toEqual({
        platform: 'discord',
        userId: DISCORD_USER,
        chatId: DISCORD_CHANNEL,
        interactionType: 2,
        guildId: '290926798626357999',
        applicationId: '775799577604522054',
        commandName: 'blep',
      });
      expect(JSON.stringify(response.body)).not.toContain('A_UNIQUE_TOKEN');
    });

    it('lets an allowlisted user in from a DM command (user.id)', async () => {
      const response = await discord(discordCommand(DISCORD_USER, DISCORD_CHANNEL, 'dm'));
      expect(response.body.auth?.userId).toBe(`discord:${DISCORD_USER}`);
    });

    it.each([
      ['an unlisted user', discordCommand('80351110224678913')],
      ['an unlisted channel', discordCommand(DISCORD_USER, '41771983423143938')],
      ['a numeric user id', discordCommand(Number(DISCORD_USER))],
      ['a user id with a trailing space', discordCommand(`${DISCORD_USER} `)],
    ])('refuses %s with 403 not_allowlisted', async (_name, body) => {
      expectRefusal(await discord(body), 403, 'not_allowlisted');
    });

    it('refuses a tampered body', async () => {
      const headers = discordHeaders(discordKeys.privateKey, discordCommand('80351110224678913'));
      expectRefusal(await discord(discordCommand(DISCORD_USER), headers), 401, 'invalid_signature');
    });

    it('refuses a signature made with another key, an old timestamp and a malformed signature', async () => {
      const body = discordCommand(DISCORD_USER);
      expectRefusal(await discord(body, discordHeaders(newDiscordKeys().privateKey, body)), 401, 'invalid_signature');
      expectRefusal(await discord(body, discordHeaders(discordKeys.privateKey, body, unixNow(-600))), 401, 'invalid_signature');
      const headers = discordHeaders(discordKeys.privateKey, body);
      expectRefusal(await discord(body, { ...headers, 'X-Signature-Ed25519': headers['X-Signature-Ed25519'].slice(2) }), 401, 'invalid_signature');
      expectRefusal(await discord(body, { 'X-Signature-Ed25519': headers['X-Signature-Ed25519'] }), 401, 'invalid_signature');
    });
  });

  describe('custom platform', () => {
    const acme = (body: string, signature = acmeSignature(body)) => post('/webhooks/any', body, { 'X-Acme-Signature': signature });

    it('runs the resolver: verify, identify, then the allowlist', async () => {
      const response = await acme('{"user":"alice"}');
      expect(response.status).toBe(200);
      expect(response.body.auth).toMatchObject({ userId: 'acme:alice', claims: { platform: 'acme', userId: 'alice', team: 'blue' } });
      expectRefusal(await acme('{"user":"bob"}'), 403, 'not_allowlisted');
      expectRefusal(await acme('{"user":"alice"}', acmeSignature('{"user":"bob"}')), 401, 'invalid_signature');
    });

    it('refuses (never a 500) when the resolver throws: in verify 401, in identify 403', async () => {
      expectRefusal(await acme('{"user":"alice"}', 'explode'), 401, 'invalid_signature');
      expectRefusal(await acme('{"user":"alice","explode":true}'), 403, 'not_allowlisted');
    });

    it('ignores ids that are not strings', async () => {
      expectRefusal(await acme('{"user":["alice"]}'), 403, 'not_allowlisted');
    });
  });

  describe('routing', () => {
    it('answers a webhook route with no platform header with 401 missing_credentials', async () => {
      expectRefusal(await post('/webhooks/any', telegramMessage('111', '111'), {}), 401, 'missing_credentials');
      expectRefusal(await post('/webhooks/slack', slackEvent('U111'), {}), 401, 'missing_credentials');
    });

    it('accepts every configured platform on an @UseAuth("allowlist") route', async () => {
      const body = slackEvent('U111');
      expect((await post('/webhooks/any', body, slackHeaders(slackSecret, body))).body.auth?.userId).toBe('slack:U111');
      const update = telegramMessage('111', '111');
      expect((await post('/webhooks/any', update, { 'X-Telegram-Bot-Api-Secret-Token': telegramToken })).body.auth?.userId).toBe('telegram:111');
    });

    it('keeps a platform route to its platform: an authentic Telegram update on the Slack route steps aside', async () => {
      const response = await post('/webhooks/slack', telegramMessage('111', '111'), { 'X-Telegram-Bot-Api-Secret-Token': telegramToken });
      expectRefusal(response, 401, 'missing_credentials');
    });

    it('refuses a request carrying two platforms\u2019 headers', async () => {
      const body = slackEvent('U111');
      const headers = { ...slackHeaders(slackSecret, body), 'X-Telegram-Bot-Api-Secret-Token': telegramToken };
      expectRefusal(await post('/webhooks/any', body, headers), 401, 'invalid_signature');
      expectRefusal(await post('/webhooks/slack', body, headers), 401, 'invalid_signature');
    });

    it('never tries the allowlist on a route without @UseAuth (not in the default order)', async () => {
      const update = telegramMessage('111', '111');
      const response = await post('/webhooks/default-order', update, { 'X-Telegram-Bot-Api-Secret-Token': telegramToken });
      expectRefusal(response, 401, 'missing_credentials');
    });
  });
});

describe.each(PLATFORMS)('messaging allowlist without rawBody on %s', (platform) => {
  let server: TestApp;
  let warn: jest.SpiedFunction<Logger['warn']>;

  beforeAll(async () => {
    warn = jest.spyOn(Logger.prototype, 'warn');
    server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ allowlist })],
      controllers: [WebhooksFixtureController],
    });
  });
  afterAll(async () => {
    warn.mockRestore();
    await server.close();
  });
  afterEach(() => {
    warn.mockClear();
  });

  it('refuses signed webhooks with 401 invalid_signature and tells the developer once to enable rawBody', async () => {
    const body = slackEvent('U111');
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await request(server.url)
        .post('/webhooks/slack')
        .set(slackHeaders(slackSecret, body))
        .set('Content-Type', 'application/json')
        .send(body);
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code: 'invalid_signature' });
    }
    const warnings = warn.mock.calls.map(([message]) => String(message)).filter((message) => message.includes('rawBody'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('rawBody: true');
    expect(warnings[0]).not.toContain(slackSecret);
  });
});

describe.each(PLATFORMS)('messaging allowlist with rawBody, for a body Nest does not parse, on %s', (platform) => {
  let server: TestApp;
  let warn: jest.SpiedFunction<Logger['warn']>;

  beforeAll(async () => {
    warn = jest.spyOn(Logger.prototype, 'warn');
    server = await startTestApp(
      platform,
      { imports: [AgentAuthModule.forRoot({ allowlist })], controllers: [WebhooksFixtureController] },
      { rawBody: true },
    );
  });
  afterAll(async () => {
    warn.mockRestore();
    await server.close();
  });

  it('names the content type as the cause, not rawBody', async () => {
    const body = slackEvent('U111');
    const response = await request(server.url)
      .post('/webhooks/slack')
      .set(slackHeaders(slackSecret, body))
      .set('Content-Type', 'text/plain')
      .send(body);
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code: 'invalid_signature' });
    const warnings = warn.mock.calls.map(([message]) => String(message)).filter((message) => message.includes('rawBody'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Its Content-Type is "text/plain"');
    expect(warnings[0]).not.toContain('rawBody: true');
  });
});
