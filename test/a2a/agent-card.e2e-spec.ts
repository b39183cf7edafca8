import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ClientFactory, ClientFactoryOptions, DefaultAgentCardResolver, RestTransportFactory } from '@a2a-js/sdk/client';
import request from 'supertest';
import { AgentAuthModule, AgentCardModule, type AgentCardContent, type AgentSkill } from 'nest-agent-auth';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const secret = newSecret();
const apiKey = `ak_${newSecret()}`;
const OPS_ISSUER = 'https://ops.agents.example.test';
/** Where the card says the agent is served; the clients reach it through {@link routedFetch}. */
const PUBLIC_ORIGIN = 'https://agents.example.test';

const card: AgentCardContent = {
  name: 'Support agent',
  description: 'Answers support tickets and triages them.',
  version: '2.4.0',
  supportedInterfaces: [{ url: `${PUBLIC_ORIGIN}/a2a`, protocolBinding: 'HTTP+JSON', protocolVersion: '1.0' }],
  provider: { organization: 'Example Support', url: PUBLIC_ORIGIN },
  capabilities: { streaming: true },
  defaultInputModes: ['text/plain'],
  defaultOutputModes: ['text/plain', 'application/json'],
  skills: [{ id: 'triage', name: 'Triage', description: 'Sorts a ticket into a queue.', tags: ['support'] }],
};
const refunds: AgentSkill = { id: 'refunds', name: 'Refunds', description: 'Issues refunds up to a limit.', tags: ['billing'] };

describe.each(PLATFORMS)('the A2A agent card on %s', (platform) => {
  let provider: TestOidcProvider;
  let server: TestApp;
  /** `fetch` as the SDK calls it, with the card's public origin answered by the test app. */
  const routedFetch =
    (headers: Record<string, string> = {}): typeof fetch =>
    (input, init) =>
      fetch(String(input instanceof Request ? input.url : input).replace(PUBLIC_ORIGIN, server.url), {
        ...init,
        headers: { ...Object.fromEntries(new Headers(init?.headers)), ...headers },
      });
  const clientOf = (headers?: Record<string, string>) =>
    new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
        transports: [new RestTransportFactory({ fetchImpl: routedFetch(headers) })],
        cardResolver: new DefaultAgentCardResolver({ fetchImpl: routedFetch() }),
      }),
    ).createFromUrl(PUBLIC_ORIGIN);

  beforeAll(async () => {
    provider = await startOidcProvider();
    server = await startTestApp(platform, {
      imports: [
        AgentAuthModule.forRoot({
          jwt: [
            { secret, issuer: OPS_ISSUER },
            { issuer: provider.issuer, discovery: true, algorithms: ['RS256'] },
          ],
          apiKey: { keys: [{ id: 'partner', key: apiKey }], header: 'x-agent-key' },
        }),
        AgentCardModule.register({ card, extendedSkills: [refunds] }),
      ],
    });
  });
  afterAll(async () => {
    await server?.close();
    await provider?.close();
  });

  it('serves the public card to anyone, with security generated from the module options, read by the SDK resolver', async () => {
    const resolved = await new DefaultAgentCardResolver({ fetchImpl: routedFetch() }).resolve(PUBLIC_ORIGIN);
    expect(resolved.name).toBe('Support agent');
    expect(resolved.skills.map((skill) => skill.id)).toEqual(['triage']);
    expect(resolved.capabilities?.extendedAgentCard).toBe(true);
    expect(resolved.securitySchemes).toEqual({
      bearer: { scheme: { $case: 'httpAuthSecurityScheme', value: expect.objectContaining({ scheme: 'Bearer', bearerFormat: 'JWT' }) } },
      openIdConnect: {
        scheme: {
          $case: 'openIdConnectSecurityScheme',
          value: expect.objectContaining({ openIdConnectUrl: `${provider.issuer}/.well-known/openid-configuration` }),
        },
      },
      apiKey: { scheme: { $case: 'apiKeySecurityScheme', value: expect.objectContaining({ location: 'header', name: 'x-agent-key' }) } },
    });
    expect(resolved.securityRequirements.map((requirement) => Object.keys(requirement.schemes))).toEqual([['bearer'], ['openIdConnect'], ['apiKey']]);
  });

  it('is public and cacheable, and holds no secret', async () => {
    const response = await request(server.url).get('/.well-known/agent-card.json');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.text).not.toContain(secret);
    expect(response.text).not.toContain(apiKey);
  });

  it('gives the extended card to an authenticated SDK client, through the HTTP+JSON binding', async () => {
    const client = await clientOf({ Authorization: `Bearer ${signToken(secret, { iss: OPS_ISSUER })}` });
    const extended = await client.getAgentCard();
    expect(extended.skills.map((skill) => skill.id)).toEqual(['triage', 'refunds']);
    const withKey = await (await clientOf({ 'x-agent-key': apiKey })).getAgentCard();
    expect(withKey.skills.map((skill) => skill.id)).toEqual(['triage', 'refunds']);
  });

  it('refuses the extended card to a client without credentials, and never caches it', async () => {
    await expect((await clientOf()).getAgentCard()).rejects.toThrow();
    const refused = await request(server.url).get('/a2a/extendedAgentCard');
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('missing_credentials');
    const granted = await request(server.url).get('/a2a/extendedAgentCard').set('x-agent-key', apiKey);
    expect(granted.status).toBe(200);
    expect(granted.headers['cache-control']).toBe('private, no-store');
  });
});

describe.each(PLATFORMS)('the A2A agent card behind a global prefix on %s', (platform) => {
  const prefixed: AgentCardContent = {
    ...card,
    supportedInterfaces: [{ url: `${PUBLIC_ORIGIN}/api/a2a`, protocolBinding: 'HTTP+JSON', protocolVersion: '1.0' }],
  };
  const boot = (extendedCardPath?: string) =>
    startTestApp(
      platform,
      {
        imports: [
          AgentAuthModule.forRoot({ jwt: { secret }, apiKey: { keys: [{ id: 'partner', key: apiKey }] } }),
          AgentCardModule.register({ card: prefixed, extendedSkills: [refunds], extendedCardPath }),
        ],
      },
      { configure: (app) => app.setGlobalPrefix('api') },
    );

  it('serves the public card at the root of the host (RFC 8615), and the extended card at the interface URL', async () => {
    const server = await boot('/a2a/extendedAgentCard');
    try {
      const root = await request(server.url).get('/.well-known/agent-card.json');
      expect(root.status).toBe(200);
      expect(root.headers['cache-control']).toBe('public, max-age=300');
      expect(root.body).toMatchObject({ name: 'Support agent', capabilities: { extendedAgentCard: true } });
      expect((await request(server.url).get('/api/.well-known/agent-card.json')).status).toBe(404);
      expect((await request(server.url).get('/api/a2a/extendedAgentCard')).status).toBe(401);
      const extended = await request(server.url).get('/api/a2a/extendedAgentCard').set('x-api-key', apiKey);
      expect(extended.body.skills.map((skill: AgentSkill) => skill.id)).toEqual(['triage', 'refunds']);
    } finally {
      await server.close();
    }
  });

  it('refuses to boot when the global prefix would move the extended card away from the interface URL, naming the fix', async () => {
    await expect(boot()).rejects.toThrow(
      'AgentCardModule: the extended card would be served at /api/api/a2a/extendedAgentCard (after the global prefix "api"), but clients of https://agents.example.test/api/a2a ask /api/a2a/extendedAgentCard: set extendedCardPath: "/a2a/extendedAgentCard"',
    );
  });
});

describe('AgentCardModule.register', () => {
  it('refuses a card the specification would not accept, naming every problem', () => {
    expect(() =>
      AgentCardModule.register({
        card: { ...card, name: '', supportedInterfaces: [{ url: '/a2a', protocolBinding: 'JSONRPC', protocolVersion: '1.0' }] },
        extendedSkills: [{ ...refunds, id: 'triage' }],
      }),
    ).toThrow(
      [
        'AgentCardModule: invalid agent card:',
        '  - card.name must be a non-empty string',
        '  - card.supportedInterfaces[0].url must be an absolute http(s) URL, got "/a2a"',
        '  - skill id "triage" is used twice',
      ].join('\n'),
    );
  });
});
