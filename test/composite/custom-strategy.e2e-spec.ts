import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-strategy';
import type { IncomingMessage } from 'node:http';
import request from 'supertest';
import { AgentAuthModule, AuthContext, OptionalAuth, UseAuth } from 'nest-agent-auth';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

/**
 * A minimal third-party style strategy: a partner id in `X-Partner-Key`, checked by `validate`. Without the header it
 * calls `pass()`, Passport's "nothing of mine here"; a key `validate` refuses is a `fail()`.
 */
class PartnerKeyStrategy extends Strategy {
  constructor(private readonly verify: (key: string, done: (error: Error | null, user?: unknown) => void) => void) {
    super();
  }

  override authenticate(req: IncomingMessage): void {
    const key = req.headers['x-partner-key'];
    if (typeof key !== 'string') return this.pass();
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

  @OptionalAuth()
  @UseAuth('jwt', 'partner')
  @Get('catalog')
  catalog(@AuthContext() auth: AuthContext | undefined) {
    return { userId: auth?.userId ?? null, method: auth?.method ?? null };
  }

  @OptionalAuth()
  @UseAuth('partner')
  @Get('offers')
  offers(@AuthContext() auth: AuthContext | undefined) {
    return { userId: auth?.userId ?? null };
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

  it('answers 401 missing_credentials on a required route when no strategy found a credential', async () => {
    const response = await request(server.url).get('/partners/me');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('missing_credentials');
    expect(response.headers['www-authenticate']).not.toContain('error=');
  });

  it('lets an anonymous request through an @OptionalAuth() route whose strategies include the Passport one', async () => {
    for (const path of ['/partners/catalog', '/partners/offers']) {
      const response = await request(server.url).get(path);
      expect(response.status).toBe(200);
      expect(response.body.userId).toBeNull();
    }
  });

  it('attaches the principal of the Passport strategy on an @OptionalAuth() route', async () => {
    const response = await request(server.url).get('/partners/catalog').set('X-Partner-Key', 'partner-good-key');
    expect(response.body).toEqual({ userId: 'partner-7', method: 'partner' });
  });

  it('still refuses, on an @OptionalAuth() route, a credential the Passport strategy rejects', async () => {
    for (const path of ['/partners/catalog', '/partners/offers']) {
      const response = await request(server.url).get(path).set('X-Partner-Key', 'wrong');
      expect(response.status).toBe(401);
      expect(response.text).not.toContain('wrong');
    }
    const invalidJwt = await request(server.url).get('/partners/catalog').set('Authorization', 'Bearer not-a-jwt');
    expect(invalidJwt.status).toBe(401);
    expect(invalidJwt.body.code).toBe('invalid_token');
  });

  it('reports the more specific failure: an invalid JWT beats a partner strategy that found nothing', async () => {
    const response = await request(server.url).get('/partners/me').set('Authorization', 'Bearer not-a-jwt');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_token');
  });
});
