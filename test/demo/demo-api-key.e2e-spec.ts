import { afterEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { generateApiKey, hashApiKey } from 'nest-agent-auth';
import { AgentAuthTestKit } from 'nest-agent-auth/testing';
import { AppModule } from '../../src/app.module.js';
import { demoAuthConfig } from '../../src/auth.config.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret } from '../support/tokens.js';

describe.each(PLATFORMS)('demo server API keys on %s', (platform) => {
  let server: TestApp | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const start = async (env: NodeJS.ProcessEnv) => {
    const auth = demoAuthConfig(env);
    server = await startTestApp(platform, { imports: [AppModule.register(auth, platform)] });
    return { auth, url: server.url, kit: AgentAuthTestKit.from(server.app) };
  };

  it('without API_KEY_HASHES, accepts the generated operator key on POST /workflows/:id/run only', async () => {
    const { auth, url } = await start({});
    const key = auth.devApiKey as string;
    expect(key).toMatch(/^ak_/);
    const run = await request(url).post('/workflows/nightly/run').set('x-api-key', key);
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({ workflowId: 'nightly', startedBy: 'dev-ci' });
    const cancel = await request(url).post(`/workflows/nightly/executions/${run.body.id}/cancel`).set('x-api-key', key);
    expect(cancel.status).toBe(401);
    expect(cancel.body.code).toBe('missing_credentials');
    expect((await request(url).get('/agents').set('x-api-key', key)).status).toBe(401);
  });

  it('still runs workflows with an operator JWT', async () => {
    const { url, kit } = await start({ JWT_SECRET: newSecret() });
    const operator = kit.bearerHeaders({ sub: 'op', roles: ['operator'] });
    expect((await request(url).post('/workflows/nightly/run').set(operator)).body.startedBy).toBe('op');
  });

  it('takes its keys from API_KEY_HASHES (id=sha256:<hex>, comma-separated) and generates none', async () => {
    const ci = generateApiKey();
    const anonymous = generateApiKey();
    const { auth, url } = await start({ API_KEY_HASHES: ` ci-bot=${hashApiKey(ci)} , ${hashApiKey(anonymous)}` });
    expect(auth.devApiKey).toBeUndefined();
    expect((await request(url).post('/workflows/w/run').set('x-api-key', ci)).body.startedBy).toBe('ci-bot');
    expect((await request(url).post('/workflows/w/run').set('Authorization', `ApiKey ${anonymous}`)).body.startedBy).toMatch(/^apikey_[0-9a-f]{12}$/);
    const refused = await request(url).post('/workflows/w/run').set('x-api-key', generateApiKey());
    expect(refused.body.code).toBe('invalid_api_key');
  });

  it('refuses to boot on a malformed API_KEY_HASHES entry, naming it', async () => {
    await expect(start({ API_KEY_HASHES: 'ci-bot=sha256:1234' })).rejects.toThrow('apiKey.keys.0.hash');
  });
});
