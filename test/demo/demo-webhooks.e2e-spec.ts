import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { demoAuthConfig } from '../../src/auth.config.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import {
  discordCommand,
  discordHeaders,
  newDiscordKeys,
  newSlackSigningSecret,
  newTelegramSecretToken,
  slackHeaders,
  slackSlashCommand,
  telegramMessage,
} from '../support/webhooks.js';

const telegramToken = newTelegramSecretToken();
const slackSecret = newSlackSigningSecret();
const discordKeys = newDiscordKeys();
const env = {
  JWT_SECRET: newSlackSigningSecret() + newSlackSigningSecret(),
  TELEGRAM_SECRET_TOKEN: telegramToken,
  TELEGRAM_USER_IDS: '111, 112',
  SLACK_SIGNING_SECRET: slackSecret,
  SLACK_USER_IDS: 'U111',
  DISCORD_PUBLIC_KEY: discordKeys.publicKeyHex,
  DISCORD_USER_IDS: '80351110224678912',
};

describe.each(PLATFORMS)('demo server webhooks on %s', (platform) => {
  let server: TestApp;
  const post = (path: string, body: string, headers: Record<string, string>, type = 'application/json') =>
    request(server.url).post(path).set(headers).set('Content-Type', type).send(body);

  beforeAll(async () => {
    server = await startTestApp(platform, { imports: [AppModule.register(demoAuthConfig(env), platform)] }, { rawBody: true });
  });
  afterAll(() => server.close());

  it('replies to an allowlisted Telegram user with a sendMessage call', async () => {
    const response = await post('/webhooks/telegram', telegramMessage('112', '112'), { 'X-Telegram-Bot-Api-Secret-Token': telegramToken });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ method: 'sendMessage', chat_id: '112' });
    expect(response.body.text).toContain('telegram:112');
  });

  it('refuses an unlisted Telegram user and a wrong secret token', async () => {
    const update = telegramMessage('222', '222');
    expect((await post('/webhooks/telegram', update, { 'X-Telegram-Bot-Api-Secret-Token': telegramToken })).status).toBe(403);
    expect((await post('/webhooks/telegram', update, { 'X-Telegram-Bot-Api-Secret-Token': newTelegramSecretToken() })).status).toBe(401);
  });

  it('answers Slack url_verification and slash commands', async () => {
    const handshake = JSON.stringify({ type: 'url_verification', token: 't', challenge: 'ch4llenge' });
    expect((await post('/webhooks/slack', handshake, slackHeaders(slackSecret, handshake))).body).toEqual({ challenge: 'ch4llenge' });
    const command = slackSlashCommand('U111');
    const response = await post('/webhooks/slack', command, slackHeaders(slackSecret, command), 'application/x-www-form-urlencoded');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ response_type: 'ephemeral' });
    expect(response.body.text).toContain('you said: 94070');
  });

  it('answers the Discord PING and commands', async () => {
    const ping = '{"type":1}';
    expect((await post('/webhooks/discord', ping, discordHeaders(discordKeys.privateKey, ping))).body).toEqual({ type: 1 });
    const command = discordCommand('80351110224678912');
    const response = await post('/webhooks/discord', command, discordHeaders(discordKeys.privateKey, command));
    expect(response.body).toMatchObject({ type: 4, data: { content: expect.stringContaining('discord:80351110224678912') } });
  });

  it('does not accept platform credentials on the JWT routes', async () => {
    const response = await post('/agents/support/text', '{"input":"hi"}', { 'X-Telegram-Bot-Api-Secret-Token': telegramToken });
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code: 'missing_credentials' });
  });
});

describe('demo server without webhook settings', () => {
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp('express', { imports: [AppModule.register(demoAuthConfig({}), 'express')] }, { rawBody: true });
  });
  afterAll(() => server.close());

  it('boots and serves no webhook route', async () => {
    expect((await request(server.url).get('/health')).status).toBe(200);
    expect((await request(server.url).post('/webhooks/telegram').send({})).status).toBe(404);
  });
});
