import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get } from '@nestjs/common';
import request from 'supertest';
import { AgentAuthModule, AuthUser, generateApiKey } from 'nest-agent-auth';
import { CiFixtureController } from '../fixtures/api-key.fixture.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret } from '../support/tokens.js';

/** The routes of an app configured with API keys only: they take the module's default order, `api-key`. */
@Controller('bots')
class BotsController {
  @Get('whoami')
  whoami(@AuthUser('userId') userId: string) {
    return { userId };
  }
}

/** A caller of a route that takes only API keys is told where the key goes, not to send a Bearer token. */
describe.each(PLATFORMS)('the challenge of API-key routes on %s', (platform) => {
  let keysOnly: TestApp;
  let mixed: TestApp;
  beforeAll(async () => {
    const keys = [{ id: 'ci-bot', key: generateApiKey(), roles: ['operator'] }];
    keysOnly = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ apiKey: { keys, header: 'X-CI-Key' } })],
      controllers: [BotsController],
    });
    mixed = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ jwt: { secret: newSecret() }, apiKey: { keys } })],
      controllers: [CiFixtureController],
    });
  });
  afterAll(() => Promise.all([keysOnly.close(), mixed.close()]));

  it('names the API-key header and scheme when a key-only route gets no credential', async () => {
    const response = await request(keysOnly.url).get('/bots/whoami');
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({
      code: 'missing_credentials',
      message: 'Missing API key (send the X-CI-Key header, or Authorization: ApiKey <key>)',
    });
    expect(response.headers['www-authenticate']).toBe('ApiKey realm="api"');
  });

  it('keeps the Bearer challenge where a JWT is accepted too', async () => {
    const response = await request(mixed.url).post('/ci/runs');
    expect(response.body).toMatchObject({ code: 'missing_credentials', message: 'Missing Authorization header' });
    expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
    expect((await request(mixed.url).get('/ci/whoami')).headers['www-authenticate']).toBe('ApiKey realm="api"');
  });
});
