import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AgentAuthModule, type AgentAuthModuleOptions } from 'nest-agent-auth';
import {
  AgentAuthTestKit,
  createTestIssuer,
  testApiKey,
  testDiscordKeys,
  type SignedWebhook,
  type TestIssuer,
  type TestPrincipal,
} from 'nest-agent-auth/testing';
import { StreamsFixtureController } from '../fixtures/streams.fixture.js';
import { TestingKitFixtureController } from '../fixtures/testing-kit.fixture.js';
import { WebhooksFixtureController } from '../fixtures/webhooks.fixture.js';
import { readStream } from '../support/sse-client.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret } from '../support/tokens.js';
import { discordCommand, newSlackSigningSecret, newTelegramSecretToken, slackEvent, telegramMessage } from '../support/webhooks.js';

const ISSUER = 'https://auth.kit.test';
const PARTNER = 'https://partner.kit.test';
const operatorKey = testApiKey({ id: 'ci-bot', roles: ['admin'], scopes: ['agents:read'], tenantId: 'acme' });
const discordKeys = testDiscordKeys();

/** An HS app with two issuers, the first with an audience list and custom (nested, namespaced, renamed) claim paths. */
const hsOptions: AgentAuthModuleOptions = {
  jwt: [
    {
      secret: newSecret(),
      issuer: ISSUER,
      audience: ['kit-api', 'other-api'],
      algorithms: ['HS512'],
      rolesClaim: 'realm_access.roles',
      scopesClaim: 'scp',
      permissionsClaim: 'https://kit.test/permissions',
      tenantClaim: 'org.id',
    },
    { secret: newSecret(), issuer: PARTNER, audience: 'kit-api' },
  ],
  apiKey: { header: 'x-kit-key', keys: [operatorKey.definition] },
  allowlist: {
    telegram: { secretToken: newTelegramSecretToken(), userIds: ['111'] },
    slack: { signingSecret: newSlackSigningSecret(), userIds: ['U111'] },
    discord: { publicKey: discordKeys.publicKeyHex, userIds: ['80351110224678912'] },
  },
};

describe.each(PLATFORMS)('the testing kit on %s', (platform) => {
  describe('with an HS app', () => {
    let server: TestApp;
    let kit: AgentAuthTestKit;
    const get = (path: string, headers: Record<string, string>) => request(server.url).get(path).set(headers);
    const postWebhook = (path: string, webhook: SignedWebhook) => request(server.url).post(path).set(webhook.headers).send(webhook.body);

    beforeAll(async () => {
      server = await startTestApp(
        platform,
        {
          imports: [AgentAuthModule.forRoot(hsOptions)],
          controllers: [TestingKitFixtureController, WebhooksFixtureController, StreamsFixtureController],
        },
        { rawBody: true },
      );
      kit = AgentAuthTestKit.from(server.app);
    });
    afterAll(() => server.close());

    it('mints tokens with the configured issuer, audience and claim paths', async () => {
      const grants = { roles: ['admin'], scopes: ['agents:read', 'agents:write'], permissions: ['agents:*:run'], tenantId: 'acme' };
      const principal = { sub: 'ann', ...grants };
      const response = await get('/kit/me', kit.bearerHeaders(principal, { issuer: ISSUER }));
      expect(response.body).toEqual({ userId: 'ann', method: 'jwt', ...grants });
      const payload = JSON.parse(Buffer.from(kit.token(principal, { issuer: ISSUER }).split('.')[1], 'base64url').toString());
      expect(payload).toMatchObject({
        iss: ISSUER,
        aud: 'kit-api',
        realm_access: { roles: ['admin'] },
        scp: 'agents:read agents:write',
        'https://kit.test/permissions': ['agents:*:run'],
        org: { id: 'acme' },
      });
    });

    it('grants exactly the roles, scopes, permissions and tenant it is given: a 403 without, a 2xx with', async () => {
      const cases: Array<[string, 'get' | 'post', object]> = [
        ['/kit/admin', 'get', { roles: ['admin'] }],
        ['/kit/agents', 'get', { scopes: ['agents:read'] }],
        ['/kit/agents/support/run', 'post', { permissions: ['agents:support:run'] }],
        ['/kit/tenants/acme', 'get', { tenantId: 'acme' }],
      ];
      for (const [path, method, grant] of cases) {
        const call = (principal: TestPrincipal) => {
          const agent = request(server.url);
          return (method === 'get' ? agent.get(path) : agent.post(path)).set(kit.bearerHeaders(principal, { issuer: ISSUER }));
        };
        const without = await call({ sub: 'ann' });
        const granted = await call({ sub: 'ann', ...grant });
        expect({ path, without: without.status, granted: granted.status }).toEqual({ path, without: 403, granted: method === 'get' ? 200 : 201 });
      }
    });

    it('picks the jwt entry of the issuer asked for, and asks for one when the app has several', async () => {
      const partner = await get('/kit/admin', kit.bearerHeaders({ sub: 'bob', roles: ['admin'] }, { issuer: PARTNER }));
      expect(partner.status).toBe(200);
      expect(() => kit.token()).toThrow('several jwt entries, pass { issuer } (one of https://auth.kit.test, https://partner.kit.test)');
      expect(() => kit.token({}, { issuer: 'https://unknown.test' })).toThrow('no jwt entry accepts the issuer "https://unknown.test"');
    });

    it('lets extra claims override its own, for tokens the app must refuse', async () => {
      const expired = await get('/kit/me', kit.bearerHeaders({ claims: { exp: Math.floor(Date.now() / 1000) - 60 } }, { issuer: ISSUER }));
      expect({ status: expired.status, code: expired.body.code }).toEqual({ status: 401, code: 'token_expired' });
      const foreign = await get('/kit/me', kit.bearerHeaders({ claims: { aud: 'foreign-api' } }, { issuer: ISSUER }));
      expect({ status: foreign.status, code: foreign.body.code }).toEqual({ status: 401, code: 'invalid_token' });
    });

    it('sends testApiKey keys under the configured header', async () => {
      const response = await get('/kit/me', kit.apiKeyHeaders(operatorKey.key));
      expect(response.body).toMatchObject({ userId: 'ci-bot', method: 'api-key', roles: ['admin'], tenantId: 'acme' });
      expect((await get('/kit/admin', kit.apiKeyHeaders(testApiKey().key))).body.code).toBe('invalid_api_key');
    });

    it('signs webhooks that the allowlist routes accept, and only with the configured secrets', async () => {
      const telegram = await postWebhook('/webhooks/telegram', kit.telegram(telegramMessage('111', '111')));
      expect({ status: telegram.status, userId: telegram.body.auth?.userId }).toEqual({ status: 200, userId: 'telegram:111' });
      const slack = await postWebhook('/webhooks/slack', kit.slack(slackEvent('U111')));
      expect({ status: slack.status, userId: slack.body.auth?.userId }).toEqual({ status: 200, userId: 'slack:U111' });
      const command = await postWebhook('/webhooks/slack', kit.slack(new URLSearchParams({ user_id: 'U111', channel_id: 'C1', command: '/run' })));
      expect({ status: command.status, userId: command.body.auth?.userId }).toEqual({ status: 200, userId: 'slack:U111' });
      const discord = await postWebhook('/webhooks/discord', kit.discord(discordCommand('80351110224678912'), discordKeys.privateKey));
      expect({ status: discord.status, userId: discord.body.auth?.userId }).toEqual({ status: 200, userId: 'discord:80351110224678912' });
      const stale = await postWebhook('/webhooks/slack', kit.slack(slackEvent('U111'), { timestamp: Math.floor(Date.now() / 1000) - 600 }));
      expect(stale.status).toBe(401);
      const forged = await postWebhook('/webhooks/discord', kit.discord(discordCommand('80351110224678912'), testDiscordKeys().privateKey));
      expect({ status: forged.status, code: forged.body.code }).toEqual({ status: 401, code: 'invalid_signature' });
    });

    it('issues a stream ticket that opens its SSE route once, as the principal', async () => {
      const ticket = await kit.ticket({ sub: 'carol', roles: ['viewer'] }, '/streams/support/events');
      expect(await readStream(`${server.url}${ticket.url}`)).toMatchObject({
        kind: 'events',
        events: [{ userId: 'carol', method: 'ticket' }, {}, {}],
      });
      expect(await readStream(`${server.url}${ticket.url}`)).toEqual({ kind: 'refused', status: 401 });
    });
  });

  describe('with an app verifying test issuers by JWKS and by discovery', () => {
    let server: TestApp;
    let issuers: TestIssuer[];
    let kit: AgentAuthTestKit;

    beforeAll(async () => {
      issuers = await Promise.all([createTestIssuer(), createTestIssuer({ algorithm: 'ES256' }), createTestIssuer({ algorithm: 'EdDSA' })]);
      const [rsa, ec, ed] = issuers;
      const jwt = [
        rsa.jwtOptions({ audience: 'kit-api', rolesClaim: 'app.roles' }),
        ec.jwtOptions(),
        ed.jwtOptions({ discovery: true, audience: 'kit-api' }),
      ];
      server = await startTestApp(platform, { imports: [AgentAuthModule.forRoot({ jwt })], controllers: [TestingKitFixtureController] });
      kit = AgentAuthTestKit.from(server.app, { issuers });
    });
    afterAll(async () => {
      await server.close();
      await Promise.all(issuers.map((issuer) => issuer.close()));
    });

    it('signs with the issuer each jwt entry was configured from (RS256 and ES256 by jwksUri, EdDSA by discovery)', async () => {
      expect(issuers[2].jwtOptions({ discovery: true })).toEqual({ issuer: issuers[2].issuer, discovery: true, algorithms: ['EdDSA'] });
      for (const { issuer } of issuers) {
        const without = await request(server.url)
          .get('/kit/admin')
          .set(kit.bearerHeaders({ sub: 'dan' }, { issuer }));
        const granted = await request(server.url)
          .get('/kit/admin')
          .set(kit.bearerHeaders({ sub: 'dan', roles: ['admin'] }, { issuer }));
        expect({ issuer, without: without.status, granted: granted.status }).toEqual({ issuer, without: 403, granted: 200 });
      }
    });

    it('cannot sign for an asymmetric entry without its test issuer', () => {
      expect(() => AgentAuthTestKit.from(server.app).token({}, { issuer: issuers[0].issuer })).toThrow('createTestIssuer()');
    });
  });
});

describe('the testing kit on an app without those options', () => {
  it('names what the app lacks', async () => {
    const server = await startTestApp('express', { imports: [AgentAuthModule.forRoot({ apiKey: { keys: [testApiKey().definition] } })] });
    try {
      const kit = AgentAuthTestKit.from(server.app);
      expect(() => kit.token()).toThrow('the app has no jwt options');
      expect(() => kit.telegram('{}')).toThrow('the app has no allowlist.telegram options');
      expect(kit.apiKeyHeaders('k')).toEqual({ 'x-api-key': 'k' });
    } finally {
      await server.close();
    }
  });
});
