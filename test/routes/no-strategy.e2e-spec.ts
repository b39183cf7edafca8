import { describe, expect, it } from '@jest/globals';
import { Controller, Get } from '@nestjs/common';
import request from 'supertest';
import { AgentAuthModule, Public } from 'nest-agent-auth';
import { PLATFORMS, startTestApp, withTestApp } from '../support/test-app.js';

/** Two private routes and a public one. */
@Controller('agents')
class AgentsController {
  @Public()
  @Get('catalog')
  catalog() {
    return [];
  }

  @Get()
  list() {
    return [];
  }

  @Get(':id')
  get() {
    return {};
  }
}

/** `forRoot({})` boots an app whose private routes can never authenticate: it says so at startup. */
describe.each(PLATFORMS)('an app with no strategy on %s', (platform) => {
  it('warns that its private routes refuse every request, naming them', async () => {
    await withTestApp(platform, { imports: [AgentAuthModule.forRoot({})], controllers: [AgentsController] }, async (server, logger) => {
      const warnings = logger.fromLibrary('warn').map((line) => line.message);
      expect(warnings).toEqual([
        expect.stringMatching(/^no strategy is configured, so \d+ private route\(s\) refuse every request \(GET \/agents, GET \/agents\/:id\)/),
      ]);
      expect((await request(server.url).get('/agents')).status).toBe(401);
      expect((await request(server.url).get('/agents/catalog')).status).toBe(200);
    });
  });

  it('refuses to boot with strict', async () => {
    const booting = startTestApp(platform, { imports: [AgentAuthModule.forRoot({ strict: true })], controllers: [AgentsController] });
    await expect(booting).rejects.toThrow(/no strategy is configured/);
  });
});
