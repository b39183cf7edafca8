import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { WsAdapter } from '@nestjs/platform-ws';
import { AgentAuthModule, type AuthEvent } from 'nest-agent-auth';
import { IoChatFixtureGateway, WsChatFixtureGateway } from '../fixtures/gateways.fixture.js';
import { connectIo, connectWs } from '../support/socket-clients.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

/**
 * WebSocket handshakes get the same hardening as HTTP requests: a client whose handshakes keep failing is blocked
 * (its upgrade answered 429 with `Retry-After`, a socket.io `connect_error` with `too_many_failures`) whatever it
 * sends next, and every handshake decision is an auth event naming the gateway.
 */
const secret = newSecret();
const valid = signToken(secret);
const forged = signToken(newSecret());
const bruteForce = { maxFailures: 2, windowSeconds: 60, blockSeconds: 60 };

describe.each(PLATFORMS)('gateway handshakes on %s', (platform) => {
  describe('ws', () => {
    let server: TestApp;
    const events: AuthEvent[] = [];
    beforeAll(async () => {
      server = await startTestApp(
        platform,
        {
          imports: [AgentAuthModule.forRoot({ jwt: { secret }, bruteForce, onAuthEvent: (event) => events.push(event) })],
          providers: [WsChatFixtureGateway],
        },
        { configure: (app) => app.useWebSocketAdapter(new WsAdapter(app)) },
      );
    });
    afterAll(() => server.close());
    const connect = (query: string) => connectWs(`${server.url.replace('http', 'ws')}/ws?${query}`);

    it('reports each handshake decision, then blocks a client whose tokens keep failing, even with a valid one', async () => {
      const first = await connect(`token=${valid}`);
      expect(first.kind).toBe('open');
      if (first.kind === 'open') first.socket.terminate();
      for (let i = 0; i < 2; i++)
        expect(await connect(`token=${forged}`)).toMatchObject({ kind: 'refused', status: 401, body: { code: 'invalid_token' } });
      const blocked = await connect(`token=${valid}`);
      expect(blocked).toMatchObject({ kind: 'refused', status: 429, body: { code: 'too_many_failures' } });
      expect(blocked.kind === 'refused' && Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(events.map((event) => [event.outcome, event.code, event.route])).toEqual([
        ['authenticated', undefined, 'WsChatFixtureGateway'],
        ['refused', 'invalid_token', 'WsChatFixtureGateway'],
        ['refused', 'invalid_token', 'WsChatFixtureGateway'],
        ['refused', 'too_many_failures', 'WsChatFixtureGateway'],
      ]);
      expect(JSON.stringify(events)).not.toContain(valid);
    });
  });

  describe('socket.io', () => {
    let server: TestApp;
    beforeAll(async () => {
      server = await startTestApp(
        platform,
        { imports: [AgentAuthModule.forRoot({ jwt: { secret }, bruteForce })], providers: [IoChatFixtureGateway] },
        { configure: (app) => app.useWebSocketAdapter(new IoAdapter(app)) },
      );
    });
    afterAll(() => server.close());
    const connect = (token: string) => connectIo(`${server.url}/chat`, { auth: { token } });

    it('blocks a client whose handshakes keep failing, even with a valid token', async () => {
      for (let i = 0; i < 2; i++) expect(await connect(forged)).toMatchObject({ kind: 'refused', data: { code: 'invalid_token' } });
      expect(await connect(valid)).toMatchObject({ kind: 'refused', data: { statusCode: 429, code: 'too_many_failures' } });
    });
  });
});
