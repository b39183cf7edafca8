import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-strategy';
import type { IncomingMessage } from 'node:http';
import request from 'supertest';
import { AgentAuthModule, AuthContext, UseAuth } from 'nest-agent-auth';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

/** A minimal third-party style strategy: a partner id in `X-Partner-Key`, checked by `validate`. */
class PartnerKeyStrategy extends Strategy {
  constructor(private readonly verify: (key: string, done: (error: Error | null, user?: unknown) => void) => void) {
    super();
  }

  override authenticate(req: IncomingMessage): void {
    const key = req.headers['x-partner-key'];
    if (typeof key !== 'string') return this.fail(401);
    this.verify(key, (error, user) => (error ? this.error(error) : user ? this.success(user) : this.fail(401)));
  }
}

@Injectable()
class PartnerStrategy extends PassportStrategy(PartnerKeyStrategy, 'partner') {
  validate(key: string) {
    return key === 'partner-good-key' ? { id: 'partner-7', roles: ['operator'] } : null;
  }
}

@Controller('partners')
class PartnerController {
  @UseAuth('jwt', 'partner')
  @Get('me')
  me(@AuthContext() auth: AuthContext) {
    return { userId: auth.userId, method: auth.method, roles: auth.roles };
  }
}

const secret = newSecret();

describe.each(PLATFORMS)('composing a Passport strategy registered by name on %s', (platform) => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ jwt: { secret } })],
      controllers: [PartnerController],
      providers: [PartnerStrategy],
    });
  });
  afterAll(() => server.close());

  it('authenticates with the user strategy when the JWT strategy finds no token', async () => {
    const response = await request(server.url).get('/partners/me').set('X-Partner-Key', 'partner-good-key');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ userId: 'partner-7', method: 'partner', roles: ['operator'] });
  });

  it('uses the first strategy that succeeds', async () => {
    const response = await request(server.url)
      .get('/partners/me')
      .set('Authorization', `Bearer ${signToken(secret, { sub: 'alice' })}`)
      .set('X-Partner-Key', 'partner-good-key');
    expect(response.body.method).toBe('jwt');
  });

  it('refuses when the user strategy fails and nothing else succeeds', async () => {
    const response = await request(server.url).get('/partners/me').set('X-Partner-Key', 'wrong');
    expect(response.status).toBe(401);
    expect(response.text).not.toContain('wrong');
  });

  it('reports the more specific failure: an invalid JWT beats a partner strategy that found nothing', async () => {
    const response = await request(server.url).get('/partners/me').set('Authorization', 'Bearer not-a-jwt');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_token');
  });
});
