import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { JwtOptions } from 'nest-agent-auth';
import { AppModule } from '../../src/app.module.js';
import { demoAuthConfig } from '../../src/auth.config.js';
import { postGraphql } from '../support/graphql-client.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const secret = newSecret();
const env = { JWT_SECRET: secret, JWT_AUDIENCE: 'agent-api', JWT_ISSUER: 'https://auth.demo.test' };
const token = (claims: Record<string, unknown>) => signToken(secret, claims, { audience: env.JWT_AUDIENCE, issuer: env.JWT_ISSUER });

describe.each(PLATFORMS)('the demo agent server on %s', (platform) => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp(platform, { imports: [AppModule.register(demoAuthConfig(env), platform)] });
  });
  afterAll(() => server.close());

  it('never echoes a query string (a token sent to a mistyped URL) in its 404', async () => {
    const sent = token({ sub: 'ann' });
    const response = await request(server.url).get(`/agnets/support?token=${sent}`);
    expect(response.status).toBe(404);
    expect(response.body.message).toBe('Cannot GET /agnets/support');
    expect(response.text).not.toContain(sent);
  });

  it('serves /health publicly', async () => {
    expect((await request(server.url).get('/health')).body).toEqual({ status: 'ok' });
  });

  it('protects the agent catalogue', async () => {
    expect((await request(server.url).get('/agents')).status).toBe(401);
    const response = await request(server.url)
      .get('/agents/support')
      .set('Authorization', `Bearer ${token({ sub: 'ann' })}`);
    expect(response.body).toMatchObject({ id: 'support' });
  });

  it('answers an agent run as the caller, with the caller’s role', async () => {
    const response = await request(server.url)
      .post('/agents/support/text')
      .set('Authorization', `Bearer ${token({ sub: 'ann', roles: ['admin'] })}`)
      .send({ input: 'status?' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      agentId: 'support',
      userId: 'ann',
      text: '[Support agent] Hello ann (admin), you said: status?',
    });
  });

  it('lets operators run, resume and cancel workflows, and nobody else', async () => {
    const operator = `Bearer ${token({ sub: 'op', roles: ['operator'] })}`;
    const viewer = `Bearer ${token({ sub: 'vi', roles: ['viewer'] })}`;
    expect((await request(server.url).post('/workflows/w1/run').set('Authorization', viewer)).body.code).toBe('insufficient_role');
    const run = await request(server.url).post('/workflows/w1/run').set('Authorization', operator);
    expect(run.body).toMatchObject({ workflowId: 'w1', status: 'suspended', startedBy: 'op' });
    const resume = await request(server.url).post(`/workflows/w1/executions/${run.body.id}/resume`).set('Authorization', operator);
    expect(resume.body.status).toBe('running');
    const cancel = await request(server.url).post(`/workflows/w1/executions/${run.body.id}/cancel`).set('Authorization', viewer);
    expect(cancel.status).toBe(403);
  });

  it('serves the agents over GraphQL at /graphql, protected like the REST routes', async () => {
    const caller = { authorization: `Bearer ${token({ sub: 'ann', roles: ['operator'] })}` };
    const list = await postGraphql(server.url, '{ agents { id name } }', caller);
    expect(list.body).toEqual({
      data: {
        agents: [
          { id: 'support', name: 'Support agent' },
          { id: 'research', name: 'Research agent' },
        ],
      },
    });
    const refused = await postGraphql(server.url, '{ agents { id } }');
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'missing_credentials' });
    const run = 'mutation Run($input: String!) { runAgent(id: "support", input: $input) { agentId userId text } }';
    const reply = await postGraphql(server.url, run, caller, { input: 'status?' });
    expect(reply.body).toEqual({
      data: { runAgent: { agentId: 'support', userId: 'ann', text: '[Support agent] Hello ann (operator), you said: status?' } },
    });
    const foreign = signToken(secret, { sub: 'ann' }, { audience: 'other', issuer: env.JWT_ISSUER });
    const refusedRun = await postGraphql(server.url, run, { authorization: `Bearer ${foreign}` }, { input: 'hi' });
    expect(refusedRun.body.errors?.[0].extensions).toMatchObject({ code: 'invalid_token' });
    expect(refusedRun.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('refuses tokens minted for another audience', async () => {
    const foreign = signToken(secret, { sub: 'ann' }, { audience: 'other', issuer: env.JWT_ISSUER });
    expect((await request(server.url).get('/agents').set('Authorization', `Bearer ${foreign}`)).body.code).toBe('invalid_token');
  });
});

describe('the demo configuration', () => {
  it('generates a development secret when JWT_SECRET is unset, and none otherwise', () => {
    const generated = demoAuthConfig({});
    expect(generated.devSecret).toHaveLength(43);
    expect((generated.options.jwt as JwtOptions).secret).toBe(generated.devSecret);
    expect(demoAuthConfig({ JWT_SECRET: secret }).devSecret).toBeUndefined();
  });
});
