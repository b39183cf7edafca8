import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigModule, ConfigService } from '@nestjs/config';
import request from 'supertest';
import { AgentAuthModule } from 'nest-agent-auth';
import { AgentsFixtureController } from '../fixtures/agents.fixture.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

/** The README's `forRootAsync` example: options read with ConfigService when the app starts, not when it is imported. */
function appModule() {
  return {
    imports: [
      ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true }),
      AgentAuthModule.forRootAsync({
        inject: [ConfigService],
        useFactory: (config: ConfigService) => ({
          jwt: { secret: config.getOrThrow<string>('AGENT_JWT_SECRET'), audience: config.get<string>('AGENT_JWT_AUDIENCE') },
        }),
      }),
    ],
    controllers: [AgentsFixtureController],
  };
}

describe.each(PLATFORMS)('options from ConfigService (forRootAsync) on %s', (platform) => {
  const secret = newSecret();
  let server: TestApp;
  beforeAll(async () => {
    // Set after every import ran, as a test's setup does: forRoot() would have read process.env too early.
    process.env.AGENT_JWT_SECRET = secret;
    process.env.AGENT_JWT_AUDIENCE = 'agent-api';
    server = await startTestApp(platform, appModule());
  });
  afterAll(async () => {
    delete process.env.AGENT_JWT_SECRET;
    delete process.env.AGENT_JWT_AUDIENCE;
    await server.close();
  });

  it('verifies tokens with the secret and audience read at startup', async () => {
    await request(server.url)
      .get('/agents')
      .set('Authorization', `Bearer ${signToken(secret, { aud: 'agent-api' })}`)
      .expect(200);
    expect(
      (
        await request(server.url)
          .get('/agents')
          .set('Authorization', `Bearer ${signToken(secret, { aud: 'other' })}`)
      ).body.message,
    ).toBe('Token audience not accepted');
  });

  it('fails to boot, naming the variable, when it is not set', async () => {
    const saved = process.env.AGENT_JWT_SECRET;
    delete process.env.AGENT_JWT_SECRET;
    try {
      await expect(startTestApp(platform, appModule())).rejects.toThrow(/AGENT_JWT_SECRET/);
    } finally {
      process.env.AGENT_JWT_SECRET = saved;
    }
  });
});
