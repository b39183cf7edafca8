import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OutgoingHttpHeaders } from 'node:http';
import { generateApiKey, type AgentAuthModuleOptions, type AuthEvent } from 'nest-agent-auth';
import { startAdversarialApp } from '../support/adversarial-app.js';
import { rawRequest } from '../support/raw-http.js';
import { CapturedLogger } from '../support/captured-logger.js';
import { PLATFORMS, type Platform, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const secret = newSecret();
const apiKey = generateApiKey();
const valid = signToken(secret);
const forged = signToken(newSecret(), { roles: ['admin'] });
const auth: AgentAuthModuleOptions = { jwt: { secret }, apiKey: { keys: [{ id: 'ci', key: apiKey }] } };

/** An app whose decisions are collected from `onAuthEvent` and from the log. */
interface Observed {
  readonly server: TestApp;
  readonly events: AuthEvent[];
  readonly logger: CapturedLogger;
}

async function observe(platform: Platform, options: AgentAuthModuleOptions, trustProxy = false): Promise<Observed> {
  const events: AuthEvent[] = [];
  const logger = new CapturedLogger();
  const server = await startAdversarialApp(
    platform,
    { ...auth, onAuthEvent: (event) => events.push(event), ...options },
    { configure: (app) => app.useLogger(logger), trustProxy },
  );
  return { server, events, logger };
}

describe.each(PLATFORMS)('auth events on %s', (platform) => {
  let observed: Observed;
  beforeAll(async () => {
    observed = await observe(platform, { bruteForce: { maxFailures: 50 } }, true);
  });
  afterAll(() => observed.server.close());

  /** Sends one request and returns the single event it produced. */
  const eventOf = async (path: string, headers: OutgoingHttpHeaders = {}, method = 'GET'): Promise<AuthEvent> => {
    const before = observed.events.length;
    await rawRequest(observed.server.url, method, path, { 'x-forwarded-for': '203.0.113.9', ...headers });
    expect(observed.events.length).toBe(before + 1);
    return observed.events[before];
  };

  it('reports a success: declared route, handler, deciding strategy, attempts, client IP, principal', async () => {
    const event = await eventOf('/vault/a1?token=query-secret', { authorization: `Bearer ${valid}` });
    expect(event).toEqual({
      outcome: 'authenticated',
      status: undefined,
      code: undefined,
      route: 'GET /vault/:id',
      handler: 'VaultFixtureController.vaultItem',
      strategy: 'jwt',
      attempts: [{ strategy: 'jwt', outcome: 'authenticated' }],
      clientIp: '203.0.113.9',
      principalId: 'u1',
      timestamp: expect.any(Number),
    });
  });

  it('reports a refusal with every strategy tried and what each made of the request', async () => {
    const event = await eventOf('/vault', { authorization: `Bearer ${forged}` });
    expect(event).toMatchObject({
      outcome: 'refused',
      status: 401,
      code: 'invalid_token',
      strategy: 'jwt',
      attempts: [
        { strategy: 'jwt', outcome: 'refused', code: 'invalid_token' },
        { strategy: 'api-key', outcome: 'refused', code: 'invalid_scheme' },
      ],
    });
    expect(event.principalId).toBeUndefined();
  });

  it('reports a missing credential, an anonymous pass and a 403 with its principal', async () => {
    expect(await eventOf('/vault')).toMatchObject({ outcome: 'refused', status: 401, code: 'missing_credentials', strategy: undefined });
    expect(await eventOf('/optional')).toMatchObject({ outcome: 'anonymous', code: undefined, principalId: undefined });
    expect(await eventOf('/admin', { 'x-api-key': apiKey })).toMatchObject({
      outcome: 'refused',
      status: 403,
      code: 'insufficient_role',
      strategy: 'api-key',
      principalId: 'ci',
      attempts: [
        { strategy: 'jwt', outcome: 'absent' },
        { strategy: 'api-key', outcome: 'authenticated' },
      ],
    });
  });

  it('names the strategy that decided a composite route', async () => {
    expect(await eventOf('/composite/admin', { authorization: `Bearer ${forged}`, 'x-test-user': 'alice' })).toMatchObject({
      outcome: 'refused',
      code: 'insufficient_role',
      strategy: 'test-header',
      principalId: 'alice',
      attempts: [
        { strategy: 'jwt', outcome: 'refused', code: 'invalid_token' },
        { strategy: 'test-header', outcome: 'authenticated' },
      ],
    });
  });

  it('reports a request refused before any strategy ran with no attempts', async () => {
    expect(await eventOf('/vault', { Authorization: ['Bearer a', 'Bearer b'] })).toMatchObject({
      code: 'invalid_request',
      status: 400,
      attempts: [],
    });
  });

  it('reports nothing for a public route', async () => {
    const before = observed.events.length;
    await rawRequest(observed.server.url, 'GET', '/health');
    expect(observed.events.length).toBe(before);
  });

  it('never carries a token, key, secret or query string, in events or in log lines', async () => {
    await eventOf(`/vault?access_token=${valid}&query_marker=${apiKey}`, { authorization: `Bearer ${forged}` });
    await eventOf('/vault', { 'x-api-key': `${apiKey}x` });
    const everything = JSON.stringify(observed.events) + JSON.stringify(observed.logger.lines);
    for (const secretValue of [valid, forged, apiKey, secret, 'access_token', 'query_marker', 'query-secret']) {
      expect(everything).not.toContain(secretValue);
    }
  });

  it('logs refusals (401 at log, 403 at warn) and not successes by default', async () => {
    observed.logger.clear();
    await eventOf('/vault', { authorization: `Bearer ${valid}` });
    await eventOf('/vault', { authorization: `Bearer ${forged}` });
    await eventOf('/admin', { authorization: `Bearer ${valid}` });
    expect(observed.logger.fromLibrary().map((line) => [line.level, line.message])).toEqual([
      ['log', 'refused GET /vault 401 invalid_token (Invalid token signature) ip=203.0.113.9 strategies=jwt:invalid_token,api-key:invalid_scheme'],
      ['warn', 'refused GET /admin 403 insufficient_role principal=u1 ip=203.0.113.9 strategies=jwt:authenticated'],
    ]);
  });

  it('keeps log lines on one line whatever a principal id holds', async () => {
    observed.logger.clear();
    await eventOf('/admin', { authorization: `Bearer ${signToken(secret, { sub: 'eve\n[AgentAuthModule] admin granted\u001b[2J' })}` });
    const [line] = observed.logger.fromLibrary('warn');
    expect(line.message).toContain('principal=eve?[AgentAuthModule] admin granted?[2J');
    expect(line.message).not.toContain('\n');
    expect(line.message).not.toContain('\u001b');
  });
});

describe.each(PLATFORMS)('auth event settings on %s', (platform) => {
  it("logs successes at debug with logAuthEvents: 'all'", async () => {
    const { server, logger } = await observe(platform, { logAuthEvents: 'all' });
    try {
      await rawRequest(server.url, 'GET', '/vault', { authorization: `Bearer ${valid}` });
      await rawRequest(server.url, 'GET', '/optional');
      expect(logger.fromLibrary().map((line) => [line.level, line.message.replace(/ ip=\S+/, '')])).toEqual([
        ['debug', 'authenticated GET /vault principal=u1 strategies=jwt:authenticated'],
        ['debug', 'anonymous GET /optional strategies=jwt:absent,api-key:absent'],
      ]);
    } finally {
      await server.close();
    }
  });

  it("logs nothing with logAuthEvents: 'none', while onAuthEvent still hears every decision", async () => {
    const { server, logger, events } = await observe(platform, { logAuthEvents: 'none' });
    try {
      await rawRequest(server.url, 'GET', '/vault', { authorization: `Bearer ${forged}` });
      await rawRequest(server.url, 'GET', '/vault', { authorization: `Bearer ${valid}` });
      expect(logger.fromLibrary()).toEqual([]);
      expect(events.map((event) => event.outcome)).toEqual(['refused', 'authenticated']);
    } finally {
      await server.close();
    }
  });

  it('warns at 429 with the brute-force refusal', async () => {
    const { server, logger, events } = await observe(platform, { bruteForce: { maxFailures: 1 } });
    try {
      await rawRequest(server.url, 'GET', '/vault', { authorization: `Bearer ${forged}` });
      await rawRequest(server.url, 'GET', '/vault', { authorization: `Bearer ${valid}` });
      expect(events[1]).toMatchObject({ outcome: 'refused', status: 429, code: 'too_many_failures', attempts: [] });
      expect(logger.fromLibrary('warn').map((line) => line.message)).toEqual([
        expect.stringMatching(/^refused GET \/vault 429 too_many_failures ip=\S+$/),
      ]);
    } finally {
      await server.close();
    }
  });

  it('survives a listener that throws or rejects: the request is answered as if there were none', async () => {
    for (const onAuthEvent of [
      () => {
        throw new Error('listener bug');
      },
      () => Promise.reject(new Error('listener bug')),
    ]) {
      const { server, logger } = await observe(platform, { onAuthEvent, logAuthEvents: 'none' });
      try {
        expect((await rawRequest(server.url, 'GET', '/vault', { authorization: `Bearer ${valid}` })).status).toBe(200);
        expect((await rawRequest(server.url, 'GET', '/vault', { authorization: `Bearer ${forged}` })).status).toBe(401);
        await new Promise((resolve) => setImmediate(resolve));
        expect(logger.fromLibrary('error').map((line) => line.message)).toEqual([
          'onAuthEvent threw: listener bug',
          'onAuthEvent threw: listener bug',
        ]);
      } finally {
        await server.close();
      }
    }
  });
});
