import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AgentAuthModule, generateApiKey, OwnershipResolver } from 'nest-agent-auth';
import { AuthorizationController, AuthorizationHits, ConversationOwnership } from '../fixtures/authorization.fixture.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const secret = newSecret();
const runnerKey = generateApiKey();
const bareKey = generateApiKey();

/**
 * Where granted permissions and the tenant come from: a JWT claim (`permissionsClaim`, `tenantClaim`, dot paths) and
 * an API key's `permissions` and `tenantId`.
 */
describe.each(PLATFORMS)('granted permissions and tenants on %s', (platform) => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp(platform, {
      imports: [
        AgentAuthModule.forRoot({
          jwt: { secret, permissionsClaim: 'authz.permissions', tenantClaim: 'org.id' },
          apiKey: {
            keys: [
              { id: 'runner', key: runnerKey, permissions: ['agents:*:run'], tenantId: 't1' },
              { id: 'bare', key: bareKey },
            ],
          },
        }),
      ],
      controllers: [AuthorizationController],
      providers: [AuthorizationHits, { provide: OwnershipResolver, useClass: ConversationOwnership }],
    });
  });
  afterAll(() => server.close());

  const bearer = (claims: Record<string, unknown>) => ({ Authorization: `Bearer ${signToken(secret, claims)}` });

  it('reads permissions from the configured claim, and only from it', async () => {
    await request(server.url)
      .post('/agents/a1/run')
      .set(bearer({ authz: { permissions: ['agents:a1:run'] } }))
      .expect(201);
    const other = await request(server.url)
      .post('/agents/a1/run')
      .set(bearer({ permissions: ['agents:a1:run'] }));
    expect({ status: other.status, code: other.body.code }).toEqual({ status: 403, code: 'insufficient_permission' });
  });

  it('reads a space-delimited permissions claim like scope', async () => {
    await request(server.url)
      .post('/agents/a1/run')
      .set(bearer({ authz: { permissions: 'agents:a0:run agents:a1:run' } }))
      .expect(201);
  });

  it.each<[string, unknown]>([
    ['an object', { 'agents:a1:run': true }],
    ['a nested list', [['agents:a1:run']]],
    ['a number', 1],
  ])('grants nothing from a permissions claim holding %s', async (_name, permissions) => {
    const response = await request(server.url)
      .post('/agents/a1/run')
      .set(bearer({ authz: { permissions } }));
    expect(response.status).toBe(403);
  });

  it('reads the tenant from the configured claim', async () => {
    await request(server.url)
      .get('/tenants/t1/agents')
      .set(bearer({ org: { id: 't1' } }))
      .expect(200);
    const defaultClaim = await request(server.url)
      .get('/tenants/t1/agents')
      .set(bearer({ tenant_id: 't1' }));
    expect({ status: defaultClaim.status, code: defaultClaim.body.code }).toEqual({ status: 403, code: 'wrong_tenant' });
  });

  it("takes an API key's permissions and tenant", async () => {
    await request(server.url).post('/agents/a9/run').set('x-api-key', runnerKey).expect(201);
    await request(server.url).get('/tenants/t1/agents').set('x-api-key', runnerKey).expect(200);
    expect((await request(server.url).post('/agents/a9/run').set('x-api-key', bareKey)).body.code).toBe('insufficient_permission');
    expect((await request(server.url).get('/tenants/t1/agents').set('x-api-key', bareKey)).body.code).toBe('wrong_tenant');
  });
});
