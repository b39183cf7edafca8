import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ClientProxy } from '@nestjs/microservices';
import { AgentAuthModule } from 'nest-agent-auth';
import { HybridFixtureController, MessagesFixtureController, ReceivedEvents } from '../fixtures/microservices.fixture.js';
import { ask, startHybridApp, tcpClient } from '../support/microservice.js';
import { PLATFORMS, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const secret = newSecret();

describe.each(PLATFORMS)('a hybrid app on %s with a TCP microservice (inheritAppConfig: true)', (platform) => {
  let server: TestApp & { readonly port: number };
  let client: ClientProxy;

  beforeAll(async () => {
    server = await startHybridApp(platform, {
      imports: [AgentAuthModule.forRoot({ jwt: { secret } })],
      controllers: [HybridFixtureController, MessagesFixtureController],
      providers: [ReceivedEvents],
    });
    client = tcpClient(server.port);
  });
  afterAll(async () => {
    client.close();
    await server.close();
  });

  it('authenticates the same token over HTTP and in a message', async () => {
    const token = signToken(secret, { sub: 'alice' });
    const response = await fetch(`${server.url}/agents/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await response.json()).toEqual({ userId: 'alice' });
    expect(await ask(client, 'whoami', { authorization: `Bearer ${token}` })).toMatchObject({ reply: { userId: 'alice' } });
  });

  it('refuses both without credentials: a 401 response and an RpcException with our body', async () => {
    const response = await fetch(`${server.url}/agents/me`);
    expect({ status: response.status, body: await response.json() }).toMatchObject({ status: 401, body: { code: 'missing_credentials' } });
    expect(await ask(client, 'whoami', {})).toEqual({
      error: { statusCode: 401, error: 'Unauthorized', code: 'missing_credentials', message: 'Missing Authorization header' },
    });
  });
});
