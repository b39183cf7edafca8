import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get } from '@nestjs/common';
import type { OutgoingHttpHeaders } from 'node:http';
import { AgentAuthModule, UseAuth } from 'nest-agent-auth';
import { startAdversarialApp } from '../support/adversarial-app.js';
import { authorizationLines, rawRequest } from '../support/raw-http.js';
import { expectRefused } from '../support/refusal.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

/**
 * The composite guard under mixed credentials (`jwt` and a `test-header` Passport strategy): the first strategy
 * that succeeds wins and only its identity counts (no roles borrowed from a refused credential), the most specific
 * refusal is answered, a route only runs the strategies it names, and a strategy name from Object.prototype never
 * resolves to anything.
 */
const secret = newSecret();
const now = () => Math.floor(Date.now() / 1000);

describe.each(PLATFORMS)('composite ordering on %s', (platform) => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startAdversarialApp(platform, { jwt: { secret } });
  });
  afterAll(() => server.close());

  const admin = signToken(secret, { sub: 'root', roles: ['admin'] });
  const forgedAdmin = signToken(newSecret(), { sub: 'root', roles: ['admin'] });
  const expiredAdmin = signToken(secret, { sub: 'root', roles: ['admin'], exp: now() - 60 });
  const get = (path: string, headers: OutgoingHttpHeaders) => rawRequest(server.url, 'GET', path, headers);

  it("lets the first strategy that succeeds decide, in the route's order (control)", async () => {
    const both = { authorization: `Bearer ${admin}`, 'x-test-user': 'alice' };
    expect((await get('/composite/admin', both)).json).toMatchObject({ method: 'jwt' });
    expect((await get('/composite/who', both)).json).toEqual({ method: 'test-header', userId: 'alice' });
    expect((await get('/composite/who', { authorization: `Bearer ${admin}` })).json).toEqual({ method: 'jwt', userId: 'root' });
  });

  it('never lends the roles of a forged token to the identity of another strategy', async () => {
    await expectRefused(
      server,
      () => get('/composite/admin', { authorization: `Bearer ${forgedAdmin}`, 'x-test-user': 'alice' }),
      {
        status: 403,
        code: 'insufficient_role',
      },
      [forgedAdmin],
    );
  });

  it('never lends the roles of an expired token either', async () => {
    await expectRefused(
      server,
      () => get('/composite/admin', { authorization: `Bearer ${expiredAdmin}`, 'x-test-user': 'alice' }),
      {
        status: 403,
        code: 'insufficient_role',
      },
      [expiredAdmin],
    );
  });

  it('answers the most specific refusal: an expired token beats a missing or failed other credential', async () => {
    await expectRefused(server, () => get('/composite/admin', { authorization: `Bearer ${expiredAdmin}` }), { status: 401, code: 'token_expired' }, [
      expiredAdmin,
    ]);
    await expectRefused(
      server,
      () => get('/composite/who', { authorization: `Bearer ${expiredAdmin}`, 'x-test-user': 'bad' }),
      {
        status: 401,
        code: 'token_expired',
      },
      [expiredAdmin],
    );
    await expectRefused(server, () => get('/composite/who', { authorization: 'Bearer garbage', 'x-test-user': 'bad' }), {
      status: 401,
      code: 'invalid_token',
    });
  });

  it('runs only the strategies a route names', async () => {
    await expectRefused(server, () => get('/composite/jwt-only', { 'x-test-user': 'alice' }), { status: 401, code: 'missing_credentials' });
    await expectRefused(server, () => get('/vault', { 'x-test-user': 'alice' }), { status: 401, code: 'missing_credentials' });
  });

  it('refuses a repeated Authorization header before any strategy runs, even next to a valid other credential', async () => {
    await expectRefused(
      server,
      () => get('/composite/who', { ...authorizationLines(`Bearer ${admin}`, 'Bearer x'), 'x-test-user': 'alice' }),
      {
        status: 400,
        code: 'invalid_request',
      },
      [admin],
    );
  });
});

describe.each(PLATFORMS)('strategy names from Object.prototype on %s', (platform) => {
  /** Boots an app and closes it again should it boot: the assertion that follows reports the failure. */
  const boot = async (...args: Parameters<typeof startTestApp>) => (await startTestApp(...args)).close();

  it.each(['__proto__', 'toString', 'constructor', 'hasOwnProperty'])('refuses to boot with @UseAuth(%j)', async (name) => {
    @Controller('p')
    class PrototypeStrategyController {
      @UseAuth(name)
      @Get()
      handler() {
        return {};
      }
    }
    await expect(
      boot(platform, { imports: [AgentAuthModule.forRoot({ jwt: { secret } })], controllers: [PrototypeStrategyController] }),
    ).rejects.toThrow(`no strategy named "${name}"`);
  });

  it('refuses to boot with strategies: ["__proto__"]', async () => {
    @Controller('p')
    class DefaultStrategyController {
      @Get()
      handler() {
        return {};
      }
    }
    await expect(
      boot(platform, {
        imports: [AgentAuthModule.forRoot({ jwt: { secret }, strategies: ['__proto__'] })],
        controllers: [DefaultStrategyController],
      }),
    ).rejects.toThrow('no strategy named "__proto__"');
  });
});
