import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ClientProxy } from '@nestjs/microservices';
import { WsAdapter } from '@nestjs/platform-ws';
import type WebSocket from 'ws';
import { AgentAuthModule } from 'nest-agent-auth';
import { graphqlFixtureModule } from '../fixtures/graphql.fixture.js';
import {
  AgentRunFixtureService,
  PRINCIPAL_STREAM_EVENTS,
  PrincipalFixtureController,
  PrincipalFixtureGateway,
  PrincipalFixtureResolver,
  PrincipalMessagesFixtureController,
} from '../fixtures/principal.fixture.js';
import { postGraphql } from '../support/graphql-client.js';
import { ask, startTestMicroservice, tcpClient, type TestMicroservice } from '../support/microservice.js';
import { askWs, connectWs } from '../support/socket-clients.js';
import { readStream } from '../support/sse-client.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { credentialLedger, newSecret } from '../support/tokens.js';

const secret = newSecret();
const { token } = credentialLedger(secret);
const bearer = (userId: string) => ({ Authorization: `Bearer ${token({ sub: userId })}` });

describe.each(PLATFORMS)('the principal read without parameters on %s', (platform) => {
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp(
      platform,
      {
        imports: [AgentAuthModule.forRoot({ jwt: { secret }, principalContext: true })],
        controllers: [PrincipalFixtureController],
        providers: [AgentRunFixtureService, PrincipalFixtureGateway],
      },
      { configure: (app) => app.useWebSocketAdapter(new WsAdapter(app)) },
    );
  });
  afterAll(() => server.close());

  it('in every event of an @Sse() pipeline (interval + map), for two concurrent streams of different principals', async () => {
    const [alice, bob] = await Promise.all(
      ['alice', 'bob'].map((userId) => readStream(`${server.url}/principal/stream`, { headers: bearer(userId), count: PRINCIPAL_STREAM_EVENTS })),
    );
    const expected = (userId: string) => ({
      kind: 'events',
      events: Array.from({ length: PRINCIPAL_STREAM_EVENTS }, (_, n) => ({ n, userId, method: 'jwt' })),
    });
    expect(alice).toMatchObject(expected('alice'));
    expect(bob).toMatchObject(expected('bob'));
  });

  it('in the services a WebSocket message handler calls, for each connection its own principal', async () => {
    const connections = await Promise.all(
      ['carol', 'dave'].map((userId) => connectWs(`${server.url.replace('http', 'ws')}/ws-principal`, bearer(userId))),
    );
    const sockets = connections.map((connection) => (connection.kind === 'open' ? connection.socket : undefined)) as WebSocket[];
    try {
      const [carol, dave] = await Promise.all(sockets.map((socket) => askWs(socket, 'run')));
      expect(carol).toEqual({ event: 'run', data: { seen: { userId: 'carol', method: 'jwt' }, service: 'carol' } });
      expect(dave).toEqual({ event: 'run', data: { seen: { userId: 'dave', method: 'jwt' }, service: 'dave' } });
    } finally {
      sockets.forEach((socket) => socket?.terminate());
    }
  });
});

describe.each(PLATFORMS)('the principal read without parameters in GraphQL on %s', (platform) => {
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ jwt: { secret }, principalContext: true }), graphqlFixtureModule(platform)],
      providers: [AgentRunFixtureService, PrincipalFixtureResolver],
    });
  });
  afterAll(() => server.close());

  it('in the services a GraphQL resolver calls', async () => {
    const [erin, frank] = await Promise.all(['erin', 'frank'].map((userId) => postGraphql(server.url, '{ run { userId method } }', bearer(userId))));
    expect(erin.body).toEqual({ data: { run: { userId: 'erin', method: 'jwt' } } });
    expect(frank.body).toEqual({ data: { run: { userId: 'frank', method: 'jwt' } } });
  });
});

describe('the principal read without parameters in a microservice', () => {
  let service: TestMicroservice;
  let client: ClientProxy;

  beforeAll(async () => {
    service = await startTestMicroservice({
      imports: [AgentAuthModule.forRoot({ jwt: { secret }, principalContext: true })],
      controllers: [PrincipalMessagesFixtureController],
      providers: [AgentRunFixtureService],
    });
    client = tcpClient(service.port);
  });
  afterAll(async () => {
    client.close();
    await service.close();
  });

  it('in the services a message handler calls, for each message its own principal', async () => {
    const [grace, heidi] = await Promise.all(['grace', 'heidi'].map((userId) => ask(client, 'run', { authorization: bearer(userId).Authorization })));
    expect(grace).toEqual({ reply: { seen: { userId: 'grace', method: 'jwt' }, service: 'grace' } });
    expect(heidi).toEqual({ reply: { seen: { userId: 'heidi', method: 'jwt' }, service: 'heidi' } });
  });
});
