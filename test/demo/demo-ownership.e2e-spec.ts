import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { demoAuthConfig } from '../../src/auth.config.js';
import { readStream } from '../support/sse-client.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const secret = newSecret();
const env = { JWT_SECRET: secret, JWT_AUDIENCE: 'agent-api', JWT_ISSUER: 'https://auth.demo.test' };
const bearer = (claims: Record<string, unknown>) => `Bearer ${signToken(secret, claims, { audience: env.JWT_AUDIENCE, issuer: env.JWT_ISSUER })}`;
const alice = bearer({ sub: 'alice', tenant_id: 'acme', roles: ['operator'] });
const bob = bearer({ sub: 'bob', tenant_id: 'acme', roles: ['operator'] });
const sam = bearer({ sub: 'sam', roles: ['support'] });
const vic = bearer({ sub: 'vic', roles: ['viewer'] });

/** The demo's users own their conversations and workflow executions: another user's is answered as missing. */
describe.each(PLATFORMS)('the demo server keeps users apart on %s', (platform) => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp(platform, { imports: [AppModule.register(demoAuthConfig(env), platform)] });
  });
  afterAll(() => server.close());

  const as = (authorization: string) => ({ Authorization: authorization });
  const expectNotFound = (response: request.Response) =>
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 404, code: 'not_found' });

  it("never shows bob alice's conversation: reading, writing and streaming it are 404 like a missing one", async () => {
    const started = await request(server.url).post('/conversations').set(as(alice)).send({ agentId: 'support' }).expect(201);
    const id: string = started.body.id;
    expect(started.body).toMatchObject({ ownerId: 'alice', tenantId: 'acme' });
    await request(server.url).post(`/conversations/${id}/messages`).set(as(alice)).send({ text: 'hi' }).expect(201);
    expect((await request(server.url).get(`/conversations/${id}`).set(as(alice))).body.messages).toHaveLength(2);

    expectNotFound(await request(server.url).get(`/conversations/${id}`).set(as(bob)));
    expectNotFound(await request(server.url).post(`/conversations/${id}/messages`).set(as(bob)).send({ text: 'let me in' }));
    expect(await readStream(`${server.url}/conversations/${id}/events`, { headers: as(bob) })).toEqual({ kind: 'refused', status: 404 });
    expectNotFound(await request(server.url).get('/conversations/no-such-id').set(as(bob)));

    const stream = await readStream(`${server.url}/conversations/${id}/events`, { headers: as(alice), count: 2 });
    expect(stream).toMatchObject({ kind: 'events', events: [{ from: 'user', text: 'hi' }, { from: 'agent' }] });
  });

  it("lists the caller's own conversations only", async () => {
    await request(server.url).post('/conversations').set(as(bob)).send({}).expect(201);
    const listed: Array<{ ownerId: string }> = (await request(server.url).get('/conversations').set(as(bob))).body;
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((conversation) => conversation.ownerId === 'bob')).toBe(true);
  });

  it('lets support staff read any conversation, but not write to it', async () => {
    const id: string = (await request(server.url).post('/conversations').set(as(alice)).send({})).body.id;
    await request(server.url).get(`/conversations/${id}`).set(as(sam)).expect(200);
    expectNotFound(await request(server.url).post(`/conversations/${id}/messages`).set(as(sam)).send({ text: 'x' }));
  });

  it('refuses a body naming another user: the client cannot choose who it is', async () => {
    const response = await request(server.url).post('/conversations').set(as(alice)).send({ userId: 'bob' });
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 403, code: 'identity_mismatch' });
  });

  it("never lets bob read, resume or cancel alice's workflow execution, and lists his own only", async () => {
    const execution = (await request(server.url).post('/workflows/w1/run').set(as(alice)).expect(201)).body;
    const path = `/workflows/w1/executions/${execution.id}`;
    expectNotFound(await request(server.url).get(path).set(as(bob)));
    expectNotFound(await request(server.url).post(`${path}/resume`).set(as(bob)));
    expectNotFound(await request(server.url).post(`${path}/cancel`).set(as(bob)));
    expect((await request(server.url).get('/workflows/w1/executions').set(as(bob))).body).toEqual([]);
    await request(server.url)
      .post(`${path}/cancel`)
      .set(as(alice))
      .expect(201, { ...execution, status: 'cancelled' });
    expect((await request(server.url).get('/workflows/w1/executions').set(as(alice))).body).toEqual([{ ...execution, status: 'cancelled' }]);
  });

  it('lets an agent call its web search tool for an operator only: the tool checks the permission where it runs', async () => {
    const mine: string = (await request(server.url).post('/conversations').set(as(alice)).send({})).body.id;
    const searched = await request(server.url).post(`/conversations/${mine}/messages`).set(as(alice)).send({ text: '/search refunds' }).expect(201);
    expect(searched.body.messages.at(-1)).toEqual({ from: 'agent', text: '3 results for "refunds" (searched for alice in acme)' });
    const theirs: string = (await request(server.url).post('/conversations').set(as(vic)).send({})).body.id;
    const refused = await request(server.url).post(`/conversations/${theirs}/messages`).set(as(vic)).send({ text: '/search refunds' });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'insufficient_permission' });
    await request(server.url).post(`/conversations/${theirs}/messages`).set(as(vic)).send({ text: 'hello' }).expect(201);
  });

  it("shows a tenant's agents to its members only: 403 wrong_tenant elsewhere", async () => {
    await request(server.url).get('/tenants/acme/agents').set(as(alice)).expect(200);
    const other = await request(server.url).get('/tenants/globex/agents').set(as(alice));
    expect({ status: other.status, code: other.body.code }).toEqual({ status: 403, code: 'wrong_tenant' });
    expect((await request(server.url).get('/tenants/acme/agents').set(as(sam))).body.code).toBe('wrong_tenant');
  });
});
