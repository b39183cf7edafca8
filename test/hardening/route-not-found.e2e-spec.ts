import { describe, expect, it } from '@jest/globals';
import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import request from 'supertest';
import { AgentAuthModule, Public, RouteNotFoundFilter } from 'nest-agent-auth';
import { PLATFORMS, withTestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const secret = newSecret();

@Controller('agents')
class AgentsController {
  @Public()
  @Get(':id')
  get(@Param('id') id: string) {
    throw new NotFoundException(`No agent "${id}"`);
  }
}

/** Nest answers an unmatched URL with `Cannot GET /x?token=…`, query string and all; the filter drops the query. */
describe.each(PLATFORMS)('RouteNotFoundFilter on %s', (platform) => {
  it('answers an unmatched route without echoing its query string, and leaves other 404s alone', async () => {
    const metadata = {
      imports: [AgentAuthModule.forRoot({ jwt: { secret } })],
      controllers: [AgentsController],
      providers: [{ provide: APP_FILTER, useClass: RouteNotFoundFilter }],
    };
    await withTestApp(platform, metadata, async (server) => {
      const token = signToken(secret);
      const unmatched = await request(server.url).post(`/agnts/support/run?token=${token}&x=1`);
      expect(unmatched.status).toBe(404);
      expect(unmatched.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot POST /agnts/support/run' });
      expect(unmatched.text).not.toContain(token);
      const handled = await request(server.url).get('/agents/nope?verbose=1');
      expect(handled.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'No agent "nope"' });
    });
  });

  it('is needed: without it, Nest echoes the query string (the reason it exists)', async () => {
    await withTestApp(platform, { imports: [AgentAuthModule.forRoot({ jwt: { secret } })], controllers: [AgentsController] }, async (server) => {
      const unmatched = await request(server.url).get('/agnts?token=abc.def.ghi');
      expect(unmatched.body.message).toContain('?token=abc.def.ghi');
    });
  });
});
