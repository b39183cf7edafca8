import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { WsAdapter } from '@nestjs/platform-ws';
import type WebSocket from 'ws';
import { AgentAuthModule, AuthorizationService, NoPrincipalError, type AuthEvent } from 'nest-agent-auth';
import type { ClientProxy } from '@nestjs/microservices';
import {
  RunAgentToolFixture,
  TOOL_CHECK_EVENT,
  ToolsFixtureController,
  ToolsFixtureGateway,
  ToolsFixtureResolver,
  ToolsMessagesFixtureController,
} from '../fixtures/agent-tools.fixture.js';
import { graphqlFixtureModule } from '../fixtures/graphql.fixture.js';
import { postGraphql } from '../support/graphql-client.js';
import { ask, startTestMicroservice, tcpClient, type TestMicroservice } from '../support/microservice.js';
import { CapturedLogger } from '../support/captured-logger.js';
import { askWs, connectWs } from '../support/socket-clients.js';
import { readStream } from '../support/sse-client.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { credentialLedger, newSecret } from '../support/tokens.js';

const secret = newSecret();
const { token } = credentialLedger(secret);
/** Operators run every agent; support runners only the support agent; viewers none. */
const rolePermissions = { operator: ['agents:*:run'], 'support-runner': ['agents:support:run'] };
const bearer = (sub: string, roles: string[]) => ({ Authorization: `Bearer ${token({ sub, roles })}` });
const operator = () => bearer('olivia', ['operator']);
const supportRunner = () => bearer('sam', ['support-runner']);
const viewer = () => bearer('victor', ['viewer']);
const REFUSED = { statusCode: 403, error: 'Forbidden', code: 'insufficient_permission', message: 'Insufficient permission' };

describe.each(PLATFORMS)('AuthorizationService inside agent tools on %s', (platform) => {
  let server: TestApp;
  const events: AuthEvent[] = [];
  const logger = new CapturedLogger();
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}${path}`, { headers });
    return { status: response.status, body: await response.json() };
  };
  /** The events of the tool's decisions (the guard reports its own too). */
  const decided = () => events.filter((event) => event.decisions !== undefined);

  beforeAll(async () => {
    server = await startTestApp(
      platform,
      {
        imports: [
          AgentAuthModule.forRoot({ jwt: { secret }, rolePermissions, principalContext: true, onAuthEvent: (event) => void events.push(event) }),
        ],
        controllers: [ToolsFixtureController],
        providers: [RunAgentToolFixture, ToolsFixtureGateway],
      },
      { logger, configure: (app) => app.useWebSocketAdapter(new WsAdapter(app)) },
    );
  });
  afterAll(() => server.close());
  beforeEach(() => {
    events.length = 0;
  });

  it('lets a tool run when a role grants the permission, through a wildcard or literally', async () => {
    expect(await get('/tools/research/run', operator())).toEqual({ status: 200, body: { ran: 'research', by: 'olivia' } });
    expect(await get('/tools/support/run', supportRunner())).toEqual({ status: 200, body: { ran: 'support', by: 'sam' } });
    expect(await get('/tools/support/can', supportRunner())).toEqual({ status: 200, body: { can: true } });
  });

  it("lets a tool run on the principal's own permissions (the JWT's permissions claim)", async () => {
    const headers = { Authorization: `Bearer ${token({ sub: 'pia', permissions: ['agents:research:run'] })}` };
    expect(await get('/tools/research/run', headers)).toEqual({ status: 200, body: { ran: 'research', by: 'pia' } });
    expect(await get('/tools/support/run', headers)).toMatchObject({ status: 403 });
  });

  it('fills values literally: a value holding ":" stays one segment', async () => {
    expect(await get(`/tools/${encodeURIComponent('support:run')}/can`, supportRunner())).toEqual({ status: 200, body: { can: false } });
    expect(await get(`/tools/${encodeURIComponent('support:run')}/can`, operator())).toEqual({ status: 200, body: { can: true } });
  });

  it('answers a refusal inside the tool with a 403 insufficient_permission and our body', async () => {
    expect(await get('/tools/research/run', supportRunner())).toEqual({ status: 403, body: REFUSED });
    expect(await get('/tools/support/run', viewer())).toEqual({ status: 403, body: REFUSED });
    expect(await get('/tools/research/can', supportRunner())).toEqual({ status: 200, body: { can: false } });
  });

  it('reports every decision as an auth event of the route, with the permission checked', async () => {
    await get('/tools/research/run', supportRunner());
    await get('/tools/support/can', supportRunner());
    expect(decided()).toEqual([
      expect.objectContaining({
        outcome: 'refused',
        status: 403,
        code: 'insufficient_permission',
        route: 'GET /tools/:id/run',
        handler: 'ToolsFixtureController.run',
        principalId: 'sam',
        clientIp: expect.stringContaining('127.0.0.1'),
        decisions: [{ check: 'permission', outcome: 'refused', subject: 'agents:research:run', reason: 'not held by the principal' }],
      }),
      expect.objectContaining({
        outcome: 'authenticated',
        route: 'GET /tools/:id/can',
        principalId: 'sam',
        decisions: [{ check: 'permission', outcome: 'granted', subject: 'agents:support:run', reason: 'held by the principal' }],
      }),
    ]);
  });

  it('refuses a tool on a @Public() route: no principal, no permission', async () => {
    expect(await get('/tools/support/public-run')).toEqual({ status: 403, body: REFUSED });
  });

  it('ends an @Sse() stream refused mid-way with a last error event carrying the code, never a 500', async () => {
    const refused = await readStream(`${server.url}/tools/research/stream`, { headers: supportRunner(), until: 'error' });
    expect(refused).toEqual({
      kind: 'events',
      events: [{ n: 0 }, { n: 1 }, { code: 'insufficient_permission', message: 'Insufficient permission' }],
      types: ['message', 'message', 'error'],
    });
    const response = await fetch(`${server.url}/tools/research/stream`, { headers: supportRunner() });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/event: error\nid: \d+\ndata: {"code":"insufficient_permission","message":"Insufficient permission"}\n\n$/);
    expect(text).not.toMatch(/\bat .+\.(?:js|ts):\d+/);
    expect(logger.lines.filter((line) => line.includes('insufficient_permission') && !line.includes('AgentAuthModule'))).toEqual([]);
    const granted = await readStream(`${server.url}/tools/research/stream`, { headers: operator(), count: TOOL_CHECK_EVENT + 1 });
    expect(granted).toMatchObject({ kind: 'events', events: [{ n: 0 }, { n: 1 }, { n: 2, ran: 'research', by: 'olivia' }] });
  });

  it('answers an @Sse() handler refused before streaming with the 403 itself', async () => {
    expect(await get('/tools/research/checked-stream', supportRunner())).toEqual({ status: 403, body: REFUSED });
    expect(await readStream(`${server.url}/tools/support/checked-stream`, { headers: supportRunner() })).toMatchObject({ kind: 'events' });
  });

  it('sends a refusal inside a WebSocket message handler as the exception frame carrying the code', async () => {
    const connection = await connectWs(`${server.url.replace('http', 'ws')}/ws-tools`, supportRunner());
    const socket = (connection.kind === 'open' ? connection.socket : undefined) as WebSocket;
    try {
      expect(await askWs(socket, 'run', 'support')).toEqual({ event: 'run', data: { ran: 'support', by: 'sam' } });
      expect(await askWs(socket, 'run', 'research')).toEqual({ event: 'exception', data: REFUSED });
      expect(decided().map((event) => event.decisions?.[0].outcome)).toEqual(['granted', 'refused']);
    } finally {
      socket.terminate();
    }
  });
});

describe.each(PLATFORMS)('AuthorizationService inside a GraphQL resolver on %s', (platform) => {
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ jwt: { secret }, rolePermissions, principalContext: true }), graphqlFixtureModule(platform)],
      providers: [RunAgentToolFixture, ToolsFixtureResolver],
    });
  });
  afterAll(() => server.close());

  it('answers a refusal as a GraphQL error whose extensions carry our code', async () => {
    const query = (id: string) => `{ runTool(id: "${id}") }`;
    expect((await postGraphql(server.url, query('support'), supportRunner())).body).toEqual({ data: { runTool: 'support run by sam' } });
    const refused = await postGraphql(server.url, query('research'), supportRunner());
    expect(refused.body.errors?.[0]).toMatchObject({
      message: 'Insufficient permission',
      extensions: { code: 'insufficient_permission', statusCode: 403 },
    });
  });
});

describe('AuthorizationService inside a microservice handler', () => {
  let service: TestMicroservice;
  let client: ClientProxy;

  beforeAll(async () => {
    service = await startTestMicroservice({
      imports: [AgentAuthModule.forRoot({ jwt: { secret }, rolePermissions, principalContext: true })],
      controllers: [ToolsMessagesFixtureController],
      providers: [RunAgentToolFixture],
    });
    client = tcpClient(service.port);
  });
  afterAll(async () => {
    client.close();
    await service.close();
  });

  it('answers a refusal as an RpcException carrying our body', async () => {
    const send = (id: string) => ask(client, 'run-tool', { authorization: supportRunner().Authorization, id });
    expect(await send('support')).toEqual({ reply: { ran: 'support', by: 'sam' } });
    expect(await send('research')).toEqual({ error: REFUSED });
  });
});

describe('AuthorizationService outside a request', () => {
  it('can() is false and assert() throws NoPrincipalError', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AgentAuthModule.forRoot({ jwt: { secret }, rolePermissions, principalContext: true })],
    }).compile();
    const authorization = moduleRef.get(AuthorizationService);
    expect(authorization.can('agents:{id}:run', { id: 'support' })).toBe(false);
    expect(() => authorization.assert('agents:{id}:run', { id: 'support' })).toThrow(NoPrincipalError);
    expect(() => authorization.assert('agents:{id}:run', { id: 'support' })).toThrow(
      /^AuthorizationService\.assert\("agents:\{id\}:run"\) found no principal/,
    );
    await moduleRef.close();
  });
});
