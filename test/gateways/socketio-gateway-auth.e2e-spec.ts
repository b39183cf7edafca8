import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { AgentAuthModule } from 'nest-agent-auth';
import { IoChatFixtureGateway, IoLobbyFixtureGateway } from '../fixtures/gateways.fixture.js';
import { CapturedLogger } from '../support/captured-logger.js';
import { connectIo, type IoConnectOptions } from '../support/socket-clients.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { credentialLedger, newSecret, nowSeconds } from '../support/tokens.js';

const secret = newSecret();
const now = nowSeconds;
/** Every credential a test sends: none may appear in a log line. */
const { sent: credentials, token } = credentialLedger(secret, { sub: 'alice' });
/** The next `exception` event on a socket. */
const nextException = (socket: Socket) => new Promise<Record<string, unknown>>((resolve) => socket.once('exception', resolve));

describe.each(PLATFORMS)('socket.io gateways on %s', (platform) => {
  let server: TestApp;
  const logger = new CapturedLogger();
  const sockets: Socket[] = [];
  const connect = async (namespace: string, options?: IoConnectOptions) => {
    const connection = await connectIo(`${server.url}${namespace}`, options);
    if (connection.kind === 'open') sockets.push(connection.socket);
    return connection;
  };
  const openSocket = async (namespace: string, options?: IoConnectOptions) => {
    const connection = await connect(namespace, options);
    if (connection.kind !== 'open') throw new Error(`refused: ${connection.message}`);
    return connection.socket;
  };

  beforeAll(async () => {
    server = await startTestApp(
      platform,
      { imports: [AgentAuthModule.forRoot({ jwt: { secret } })], providers: [IoChatFixtureGateway, IoLobbyFixtureGateway] },
      { logger },
    );
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await server.close();
  });

  it('accepts handshake.auth.token and answers each message as that user', async () => {
    const socket = await openSocket('/chat', { auth: { token: token({ sub: 'alice' }) } });
    expect(await socket.emitWithAck('whoami', 'hello')).toEqual({ userId: 'alice', method: 'jwt', user: 'alice', text: 'hello' });
  });

  it('accepts the Authorization header', async () => {
    const socket = await openSocket('/chat', { headers: { Authorization: `Bearer ${token({ sub: 'bob' })}` } });
    expect(await socket.emitWithAck('whoami')).toMatchObject({ userId: 'bob' });
  });

  it('ignores query tokens on a gateway that did not opt in', async () => {
    expect(await connect('/chat', { query: { token: token() } })).toMatchObject({ kind: 'refused', data: { code: 'missing_credentials' } });
  });

  it('refuses a handshake without credentials with a connect_error carrying our code', async () => {
    expect(await connect('/chat')).toEqual({
      kind: 'refused',
      message: 'Missing Authorization header',
      data: { statusCode: 401, error: 'Unauthorized', code: 'missing_credentials', message: 'Missing Authorization header' },
    });
  });

  it('refuses an expired token (token_expired) and a tampered one (invalid_token)', async () => {
    expect(await connect('/chat', { auth: { token: token({ exp: now() - 60 }) } })).toMatchObject({
      kind: 'refused',
      data: { code: 'token_expired' },
    });
    const [header, , signature] = token().split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'mallory' })).toString('base64url')}.${signature}`;
    credentials.add(forged);
    expect(await connect('/chat', { auth: { token: forged } })).toMatchObject({ kind: 'refused', data: { code: 'invalid_token' } });
  });

  it('enforces @Roles per message with an exception event carrying our code', async () => {
    const viewer = await openSocket('/chat', { auth: { token: token({ roles: ['viewer'] }) } });
    const refused = nextException(viewer);
    viewer.emit('deploy');
    expect(await refused).toEqual({ statusCode: 403, error: 'Forbidden', code: 'insufficient_role', message: 'Insufficient role' });
    const operator = await openSocket('/chat', { auth: { token: token({ roles: ['operator'] }) } });
    expect(await operator.emitWithAck('deploy')).toEqual({ deployed: true });
  });

  it('disconnects the client when its token expires', async () => {
    const socket = await openSocket('/chat', { auth: { token: token({ exp: now() + 2 }) } });
    const reason = await new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect(reason).toBe('io server disconnect');
  });

  it('lets anyone connect to a @Public() gateway', async () => {
    const socket = await openSocket('/lobby');
    expect(await socket.emitWithAck('whoami')).toMatchObject({ userId: null });
  });

  it('never writes a token in a log line', () => {
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.linesContaining(credentials)).toEqual([]);
  });
});
