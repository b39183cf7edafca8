import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WsAdapter } from '@nestjs/platform-ws';
import request from 'supertest';
import { AgentAuthTestKit, type TestPrincipal } from 'nest-agent-auth/testing';
import { AppModule } from '../../src/app.module.js';
import { demoAuthConfig } from '../../src/auth.config.js';
import { readStream } from '../support/sse-client.js';
import { askWs, connectWs } from '../support/socket-clients.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret } from '../support/tokens.js';

const env = { JWT_SECRET: newSecret(), JWT_AUDIENCE: 'agent-api', JWT_ISSUER: 'https://auth.demo.test' };

describe.each(PLATFORMS)('the demo server streams on %s', (platform) => {
  let server: TestApp;
  let kit: AgentAuthTestKit;
  const token = (principal: TestPrincipal) => kit.token(principal);
  beforeAll(async () => {
    server = await startTestApp(
      platform,
      { imports: [AppModule.register(demoAuthConfig(env), platform)] },
      {
        configure: (app) => app.useWebSocketAdapter(new WsAdapter(app)),
      },
    );
    kit = AgentAuthTestKit.from(server.app);
  });
  afterAll(() => server.close());

  it('streams an agent run to the header, a query token or a ticket, as the caller', async () => {
    const url = `${server.url}/agents/support/events`;
    const started = { kind: 'events', types: ['started'], events: [{ agentId: 'support', runId: 0, userId: 'ann' }] };
    expect(await readStream(url, { headers: { Authorization: `Bearer ${token({ sub: 'ann' })}` }, until: 'started' })).toEqual(started);
    expect(await readStream(`${url}?token=${token({ sub: 'ann' })}`, { until: 'started' })).toEqual(started);
    const issued = await request(server.url)
      .post('/auth/stream-tickets')
      .set('Authorization', `Bearer ${token({ sub: 'ann' })}`)
      .send({ path: '/agents/support/events' });
    expect(await readStream(`${url}?ticket=${issued.body.ticket}`, { until: 'started' })).toEqual(started);
    expect(await readStream(url, { until: 'started' })).toEqual({ kind: 'refused', status: 401 });
  });

  it('answers chat messages on /ws as the authenticated user, and refuses anonymous sockets', async () => {
    const wsUrl = `${server.url.replace('http', 'ws')}/ws`;
    const connection = await connectWs(wsUrl, { Authorization: `Bearer ${token({ sub: 'ann', roles: ['operator'] })}` });
    if (connection.kind !== 'open') throw new Error('refused');
    expect(await askWs(connection.socket, 'chat', { agentId: 'research', text: 'hi' })).toEqual({
      event: 'chat',
      data: { agentId: 'research', userId: 'ann', text: '[Research agent] Hello ann (operator), you said: hi' },
    });
    connection.socket.close();
    expect(await connectWs(wsUrl)).toMatchObject({ kind: 'refused', status: 401, body: { code: 'missing_credentials' } });
  });
});
