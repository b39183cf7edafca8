import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { demoAuthConfig } from '../../src/auth.config.js';
import { AgentAuthTestKit, testDiscordKeys, type SignedWebhook } from 'nest-agent-auth/testing';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { discordCommand, newSlackSigningSecret, newTelegramSecretToken, slackSlashCommand, telegramMessage } from '../support/webhooks.js';

const telegramToken = newTelegramSecretToken();
const slackSecret = newSlackSigningSecret();
const discordKeys = testDiscordKeys();
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
  let kit: AgentAuthTestKit;
  const post = (path: string, { headers, body }: SignedWebhook) => request(server.url).post(path).set(headers).send(body);

  beforeAll(async () => {
    server = await startTestApp(platform, { imports: [AppModule.register(demoAuthConfig(env), platform)] }, { rawBody: true });
    kit = AgentAuthTestKit.from(server.app);
  });
  afterAll(() => server.close());

  it('replies to an allowlisted Telegram user with a sendMessage call', async () => {
    const response = await post('/webhooks/telegram', kit.telegram(telegramMessage('112', '112')));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ method: 'sendMessage', chat_id: '112' });
    expect(response.body.text).toContain('telegram:112');
  });

  it('refuses an unlisted Telegram user and a wrong secret token', async () => {
    const update = kit.telegram(telegramMessage('222', '222'));
    expect((await post('/webhooks/telegram', update)).status).toBe(403);
    const forged = { ...update, headers: { ...update.headers, 'X-Telegram-Bot-Api-Secret-Token': newTelegramSecretToken() } };
    expect((await post('/webhooks/telegram', forged)).status).toBe(401);
  });

  it('answers Slack url_verification and slash commands', async () => {
    const handshake = JSON.stringify({ type: 'url_verification', token: 't', challenge: 'ch4llenge' });
    expect((await post('/webhooks/slack', kit.slack(handshake))).body).toEqual({ challenge: 'ch4llenge' });
    const response = await post('/webhooks/slack', kit.slack(slackSlashCommand('U111')));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ response_type: 'ephemeral' });
    expect(response.body.text).toContain('you said: 94070');
  });

  it('answers the Discord PING and commands', async () => {
    expect((await post('/webhooks/discord', kit.discord({ type: 1 }, discordKeys.privateKey))).body).toEqual({ type: 1 });
    const response = await post('/webhooks/discord', kit.discord(discordCommand('80351110224678912'), discordKeys.privateKey));
    expect(response.body).toMatchObject({ type: 4, data: { content: expect.stringContaining('discord:80351110224678912') } });
  });

  it('does not accept platform credentials on the JWT routes', async () => {
    const response = await post('/agents/support/text', kit.telegram({ input: 'hi' }));
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
