import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Controller, Get, Param } from '@nestjs/common';
import request from 'supertest';
import { AgentAuthModule, OwnedResource, Permissions, TenantScoped, type AuthEvent } from 'nest-agent-auth';
import { AUTHORIZATION_PROVIDERS, AuthorizationController, AuthorizationHits, ConversationOwnership } from '../fixtures/authorization.fixture.js';
import { refusedBeforeHandler } from '../support/refusal.js';
import { PLATFORMS, startTestApp, type Platform, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const secret = newSecret();
const alice = signToken(secret, { sub: 'alice', tenant_id: 't1', permissions: ['agents:a1:run', 'agents:a1:read'] });
const bob = signToken(secret, { sub: 'bob', tenant_id: 't1' });
const operator = signToken(secret, { sub: 'olga', roles: ['operator'] });
const support = signToken(secret, { sub: 'sam', tenant_id: 't1', permissions: ['conversations:*:read'] });
const homeless = signToken(secret, { sub: 'nina' });

async function start(platform: Platform, events: AuthEvent[]): Promise<TestApp> {
  return startTestApp(platform, {
    imports: [
      AgentAuthModule.forRoot({ jwt: { secret }, rolePermissions: { operator: ['agents:*:run'] }, onAuthEvent: (event) => events.push(event) }),
    ],
    controllers: [AuthorizationController],
    providers: AUTHORIZATION_PROVIDERS,
  });
}

describe.each(PLATFORMS)('authorization over HTTP on %s', (platform) => {
  let server: TestApp;
  let hits: AuthorizationHits;
  let ownership: ConversationOwnership;
  const events: AuthEvent[] = [];
  beforeAll(async () => {
    server = await start(platform, events);
    hits = server.app.get(AuthorizationHits);
    ownership = server.app.get(ConversationOwnership);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    events.length = 0;
    ownership.lookups.length = 0;
  });

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const refused = (send: request.Test, status: number, code: string) => refusedBeforeHandler(hits, send, status, code);

  describe('@Permissions', () => {
    it('lets a principal holding the filled permission run, and refuses another id: 403 insufficient_permission', async () => {
      await request(server.url).post('/agents/a1/run').set(as(alice)).expect(201, { ran: 'a1' });
      await refused(request(server.url).post('/agents/a2/run').set(as(alice)), 403, 'insufficient_permission');
      await refused(request(server.url).post('/agents/a1/run').set(as(bob)), 403, 'insufficient_permission');
    });

    it('grants through rolePermissions, * standing for one segment', async () => {
      await request(server.url).post('/agents/anything/run').set(as(operator)).expect(201);
    });

    it.each(['*', 'a1:run', '%2A', 'a1%3Arun', '{id}', 'a1%7D'])('takes the param %j literally: it cannot widen a grant', async (id) => {
      await refused(request(server.url).post(`/agents/${id}/run`).set(as(alice)), 403, 'insufficient_permission');
    });

    it('needs every permission of @AllPermissions', async () => {
      await request(server.url).get('/agents/a1/audit').set(as(alice)).expect(200);
      await refused(request(server.url).get('/agents/x/audit').set(as(operator)), 403, 'insufficient_permission');
    });

    it('reports the decision, with the filled permission, as an auth event', async () => {
      await request(server.url).post('/agents/a2/run').set(as(alice)).expect(403);
      expect(events.at(-1)).toMatchObject({
        outcome: 'refused',
        code: 'insufficient_permission',
        principalId: 'alice',
        decisions: [{ check: 'permission', outcome: 'refused', subject: 'agents:a2:run' }],
      });
    });
  });

  describe('@TenantScoped', () => {
    it('admits the principal into its own tenant only: 403 wrong_tenant elsewhere', async () => {
      await request(server.url).get('/tenants/t1/agents').set(as(alice)).expect(200, { tenantId: 't1' });
      await refused(request(server.url).get('/tenants/t2/agents').set(as(alice)), 403, 'wrong_tenant');
      expect(events.at(-1)?.decisions).toEqual([
        { check: 'tenant', outcome: 'refused', subject: 'param tenantId', reason: "tenant t2 is not the principal's" },
      ]);
    });

    it('refuses a principal without a tenant, and a request naming none', async () => {
      await refused(request(server.url).get('/tenants/t1/agents').set(as(homeless)), 403, 'wrong_tenant');
      await refused(request(server.url).get('/tenant-agents').set(as(alice)), 403, 'wrong_tenant');
    });

    it('reads the tenant from a header', async () => {
      await request(server.url).get('/tenant-agents').set(as(alice)).set('X-Tenant-Id', 't1').expect(200, { tenantId: 't1' });
      await refused(request(server.url).get('/tenant-agents').set(as(alice)).set('X-Tenant-Id', 't2'), 403, 'wrong_tenant');
    });
  });

  describe('@OwnedResource', () => {
    it('lets the owner read and cancel, with one resolver call per request', async () => {
      await request(server.url).get('/conversations/c-alice').set(as(alice)).expect(200);
      await request(server.url).post('/conversations/c-alice/cancel').set(as(alice)).expect(201);
      expect(ownership.lookups).toEqual(['conversation:c-alice', 'conversation:c-alice']);
    });

    it("answers another user's resource exactly like a missing one: 404 not_found", async () => {
      const foreign = await refused(request(server.url).get('/conversations/c-bob').set(as(alice)), 404, 'not_found');
      const missing = await refused(request(server.url).get('/conversations/c-none').set(as(alice)), 404, 'not_found');
      expect(foreign.body).toEqual(missing.body);
      await refused(request(server.url).post('/conversations/c-bob/cancel').set(as(alice)), 404, 'not_found');
    });

    it("refuses the owner's resource when it lives in another tenant", async () => {
      await refused(request(server.url).get('/conversations/c-elsewhere').set(as(alice)), 404, 'not_found');
    });

    it('lets a holder of the bypass permission read, without a lookup, and reports the bypass', async () => {
      await request(server.url).get('/conversations/c-bob').set(as(support)).expect(200);
      expect(ownership.lookups).toEqual([]);
      expect(events.at(-1)?.decisions).toEqual([
        { check: 'ownership', outcome: 'bypassed', subject: 'conversation c-bob', reason: 'permission conversations:{id}:read' },
      ]);
      await refused(request(server.url).post('/conversations/c-bob/cancel').set(as(support)), 404, 'not_found');
    });
  });

  describe('@BindIdentity', () => {
    it('refuses a body naming another user or tenant: 403 identity_mismatch', async () => {
      for (const body of [
        { userId: 'bob' },
        { requestContext: { userId: 'bob' } },
        { context: { user: { id: 'bob' } } },
        { userId: 'alice', tenantId: 't2' },
      ]) {
        await refused(request(server.url).post('/runs').set(as(alice)).send(body), 403, 'identity_mismatch');
      }
    });

    it('fills the absent fields from the principal before the validation pipe runs', async () => {
      const response = await request(server.url).post('/runs').set(as(alice)).send({ prompt: 'hi', requestContext: {} }).expect(201);
      expect(response.body).toEqual({
        prompt: 'hi',
        userId: 'alice',
        tenantId: 't1',
        requestContext: { userId: 'alice' },
        context: { user: { id: 'alice' } },
      });
    });

    it('binds query fields too', async () => {
      await request(server.url).get('/history?page=2').set(as(alice)).expect(200, { page: '2', userId: 'alice' });
      await refused(request(server.url).get('/history?userId=bob').set(as(alice)), 403, 'identity_mismatch');
      await refused(request(server.url).get('/history?userId=alice&userId=bob').set(as(alice)), 403, 'identity_mismatch');
    });
  });
});

@Controller()
class UndeclaredParamController {
  @Permissions('agents:{agentId}:run')
  @Get('agents/:id/run')
  run(@Param('id') id: string) {
    return id;
  }
}

@Controller()
class UnresolvedOwnershipController {
  @OwnedResource('conversation', 'id')
  @TenantScoped({ param: 'org' })
  @Get('conversations/:id')
  read() {
    return 'never';
  }
}

describe.each(PLATFORMS)('authorization that cannot be enforced on %s', (platform) => {
  it('is a boot error naming each problem', async () => {
    const boot = (controller: new () => unknown) =>
      startTestApp(platform, { imports: [AgentAuthModule.forRoot({ jwt: { secret } })], controllers: [controller] });
    await expect(boot(UndeclaredParamController)).rejects.toThrow(
      /permission agents:\{agentId\}:run names param "agentId", which GET \/agents\/:id\/run does not declare/,
    );
    const unresolved = boot(UnresolvedOwnershipController);
    await expect(unresolved).rejects.toThrow(/UnresolvedOwnershipController.read has @OwnedResource\(\) but no OwnershipResolver is provided/);
    await expect(unresolved).rejects.toThrow(/@TenantScoped\(\) names param "org"/);
  });
});
