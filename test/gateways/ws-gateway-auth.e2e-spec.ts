import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WsAdapter } from '@nestjs/platform-ws';
import type WebSocket from 'ws';
import { AgentAuthModule, WS_CLOSE_TOKEN_EXPIRED } from 'nest-agent-auth';
import { WsChatFixtureGateway, WsPublicFixtureGateway } from '../fixtures/gateways.fixture.js';
import { CapturedLogger } from '../support/captured-logger.js';
import { askWs, closedWs, connectWs } from '../support/socket-clients.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { credentialLedger, newSecret, nowSeconds } from '../support/tokens.js';

const secret = newSecret();
const now = nowSeconds;
/** Every credential a test sends: none may appear in a log line. */
const { sent: credentials, token } = credentialLedger(secret, { sub: 'alice' });
const bearer = (value: string) => ({ Authorization: `Bearer ${value}` });

describe.each(PLATFORMS)('ws gateways on %s', (platform) => {
  let server: TestApp;
  let wsUrl: string;
  const logger = new CapturedLogger();
  const open: WebSocket[] = [];
  const connect = async (path: string, headers?: Record<string, string>) => {
    const connection = await connectWs(`${wsUrl}${path}`, headers);
    if (connection.kind === 'open') open.push(connection.socket);
    return connection;
  };
  const openSocket = async (path: string, headers?: Record<string, string>) => {
    const connection = await connect(path, headers);
    if (connection.kind !== 'open') throw new Error(`refused with ${connection.status}`);
    return connection.socket;
  };

  beforeAll(async () => {
    server = await startTestApp(
      platform,
      { imports: [AgentAuthModule.forRoot({ jwt: { secret }, streamTicketRoute: true })], providers: [WsChatFixtureGateway, WsPublicFixtureGateway] },
      { logger, configure: (app) => app.useWebSocketAdapter(new WsAdapter(app)) },
    );
    wsUrl = server.url.replace('http', 'ws');
  });
  afterAll(async () => {
    open.forEach((socket) => socket.terminate());
    await server.close();
  });

  it('accepts a valid Authorization header and answers each message as that user', async () => {
    const socket = await openSocket('/ws', bearer(token({ sub: 'alice' })));
    expect(await askWs(socket, 'whoami', 'hello')).toEqual({
      event: 'whoami',
      data: { userId: 'alice', method: 'jwt', user: 'alice', text: 'hello' },
    });
  });

  it('accepts a token in the query of a gateway that opted in', async () => {
    const socket = await openSocket(`/ws?token=${token({ sub: 'bob' })}`);
    expect((await askWs(socket, 'whoami')).data).toMatchObject({ userId: 'bob' });
  });

  it('accepts a stream ticket issued for the gateway path, once', async () => {
    const response = await fetch(`${server.url}/auth/stream-tickets`, {
      method: 'POST',
      headers: { ...bearer(token({ sub: 'carol' })), 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: '/ws' }),
    });
    const { ticket } = (await response.json()) as { ticket: string };
    credentials.add(ticket);
    const socket = await openSocket(`/ws?ticket=${ticket}`);
    expect((await askWs(socket, 'whoami')).data).toMatchObject({ userId: 'carol', method: 'ticket' });
    expect(await connect(`/ws?ticket=${ticket}`)).toMatchObject({ kind: 'refused', status: 401, body: { code: 'invalid_token' } });
  });

  it('answers an upgrade without credentials 401 missing_credentials, with our body and challenge', async () => {
    const refused = await connect('/ws');
    expect(refused).toMatchObject({ kind: 'refused', status: 401, body: { statusCode: 401, code: 'missing_credentials' } });
    expect(refused.kind === 'refused' && refused.headers['www-authenticate']).toBe('Bearer realm="api"');
  });

  it('refuses an expired token (401 token_expired) and a tampered one (401 invalid_token)', async () => {
    expect(await connect('/ws', bearer(token({ exp: now() - 60 })))).toMatchObject({ kind: 'refused', status: 401, body: { code: 'token_expired' } });
    const [header, , signature] = token().split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'mallory' })).toString('base64url')}.${signature}`;
    credentials.add(forged);
    expect(await connect(`/ws?token=${forged}`)).toMatchObject({ kind: 'refused', status: 401, body: { code: 'invalid_token' } });
  });

  it('refuses a token sent in the header and the query: 400 invalid_request', async () => {
    const value = token();
    expect(await connect(`/ws?token=${value}`, bearer(value))).toMatchObject({ kind: 'refused', status: 400, body: { code: 'invalid_request' } });
  });

  it('enforces @Roles per message with a WsException carrying our code', async () => {
    const viewer = await openSocket('/ws', bearer(token({ roles: ['viewer'] })));
    expect(await askWs(viewer, 'deploy')).toEqual({
      event: 'exception',
      data: { statusCode: 403, error: 'Forbidden', code: 'insufficient_role', message: 'Insufficient role' },
    });
    expect(await askWs(viewer, 'whoami')).toMatchObject({ event: 'whoami' });
    const operator = await openSocket('/ws', bearer(token({ roles: ['operator'] })));
    expect(await askWs(operator, 'deploy')).toEqual({ event: 'deploy', data: { deployed: true } });
  });

  it('closes the connection with 4401 token_expired when the token expires', async () => {
    const socket = await openSocket('/ws', bearer(token({ exp: now() + 2 })));
    expect((await askWs(socket, 'whoami')).event).toBe('whoami');
    expect(await closedWs(socket)).toEqual({ code: WS_CLOSE_TOKEN_EXPIRED, reason: 'token_expired' });
  });

  it('lets anyone connect to a @Public() gateway', async () => {
    const socket = await openSocket('/ws-public');
    expect((await askWs(socket, 'whoami')).data).toMatchObject({ userId: null });
  });

  it('never writes a token or a ticket in a log line', () => {
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.linesContaining(credentials)).toEqual([]);
  });
});

describe('a ws gateway in an app that applies no guard (globalGuard: false)', () => {
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp(
      'express',
      { imports: [AgentAuthModule.forRoot({ jwt: { secret }, globalGuard: false })], providers: [WsChatFixtureGateway] },
      { configure: (app) => app.useWebSocketAdapter(new WsAdapter(app)) },
    );
  });
  afterAll(() => server.close());

  it('still refuses unauthenticated handshakes', async () => {
    expect(await connectWs(`${server.url.replace('http', 'ws')}/ws`)).toMatchObject({ kind: 'refused', status: 401 });
  });
});
