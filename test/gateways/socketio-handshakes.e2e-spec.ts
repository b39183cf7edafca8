import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { AgentAuthModule } from 'nest-agent-auth';
import { IoSharedOptionalFixtureGateway, IoSharedPrivateFixtureGateway, IoTicketFixtureGateway } from '../fixtures/gateways.fixture.js';
import { connectIo, type IoConnectOptions } from '../support/socket-clients.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

/**
 * socket.io handshakes where a namespace, a credential or a message handler could let a client through on the
 * wrong terms: gateways sharing a namespace, a token sent two ways, stream tickets, `@UseAuth()` per message.
 */
const secret = newSecret();
const apiKey = 'sk-gateway-automation-key-0123456789';

describe.each(PLATFORMS)('socket.io handshakes on %s', (platform) => {
  it('refuses to boot when gateways sharing a namespace disagree on its handshake (an anonymous client must never reach the private one)', async () => {
    await expect(
      startTestApp(platform, {
        imports: [AgentAuthModule.forRoot({ jwt: { secret } })],
        providers: [IoSharedOptionalFixtureGateway, IoSharedPrivateFixtureGateway],
      }),
    ).rejects.toThrow(/gateways IoSharedOptionalFixtureGateway and IoSharedPrivateFixtureGateway share one server/);
    expect(IoSharedPrivateFixtureGateway.connections).toEqual([]);
  });

  describe('on a gateway with tickets and an API-key-only message', () => {
    let server: TestApp;
    const sockets: Socket[] = [];
    const connect = async (options?: IoConnectOptions) => {
      const connection = await connectIo(`${server.url}/tickets`, options);
      if (connection.kind === 'open') sockets.push(connection.socket);
      return connection;
    };
    const ticketFor = async (path: string) => {
      const response = await fetch(`${server.url}/auth/stream-tickets`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${signToken(secret, { sub: 'carol' })}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ path }),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { ticket: string }).ticket;
    };

    beforeAll(async () => {
      server = await startTestApp(platform, {
        imports: [AgentAuthModule.forRoot({ jwt: { secret }, apiKey: { keys: [{ id: 'bot', key: apiKey }] }, streamTicketRoute: true })],
        providers: [IoTicketFixtureGateway],
      });
    });
    afterAll(async () => {
      sockets.forEach((socket) => socket.close());
      await server.close();
    });

    it('refuses auth.token sent together with an Authorization header (invalid_request), instead of picking one', async () => {
      const refused = await connect({
        auth: { token: signToken(secret, { sub: 'alice' }) },
        headers: { Authorization: `Bearer ${signToken(secret, { sub: 'bob' })}` },
      });
      expect(refused).toMatchObject({ kind: 'refused', data: { statusCode: 400, code: 'invalid_request' } });
    });

    it('accepts a stream ticket issued for /socket.io/<namespace>, once', async () => {
      const ticket = await ticketFor('/socket.io/tickets');
      const connection = await connect({ query: { ticket } });
      expect(connection.kind).toBe('open');
      if (connection.kind !== 'open') return;
      expect(await connection.socket.emitWithAck('whoami')).toMatchObject({ userId: 'carol', method: 'ticket' });
      expect(await connect({ query: { ticket } })).toMatchObject({ kind: 'refused', data: { code: 'invalid_token' } });
    });

    it('refuses a ticket issued for another namespace', async () => {
      const ticket = await ticketFor('/socket.io/chat');
      expect(await connect({ query: { ticket } })).toMatchObject({ kind: 'refused', data: { code: 'invalid_token' } });
    });

    it("enforces a message handler's @UseAuth(): a JWT connection is refused there, an API key connection is not", async () => {
      const jwt = await connect({ auth: { token: signToken(secret, { sub: 'alice' }) } });
      if (jwt.kind !== 'open') throw new Error('the JWT connection was refused');
      expect(await jwt.socket.emitWithAck('whoami')).toMatchObject({ userId: 'alice' });
      const refused = new Promise<Record<string, unknown>>((resolve) => jwt.socket.once('exception', resolve));
      jwt.socket.emit('automation');
      expect(await refused).toMatchObject({ statusCode: 401, code: 'missing_credentials' });
      const key = await connect({ headers: { 'x-api-key': apiKey } });
      if (key.kind !== 'open') throw new Error('the API key connection was refused');
      expect(await key.socket.emitWithAck('automation')).toMatchObject({ userId: 'bot', method: 'api-key' });
    });
  });
});
