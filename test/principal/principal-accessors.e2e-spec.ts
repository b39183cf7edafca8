import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ExternalContextCreator } from '@nestjs/core';
import { Test, type TestingModule } from '@nestjs/testing';
import { AgentAuthModule, CurrentAuth, NoPrincipalError, currentAuth, findCurrentAuth } from 'nest-agent-auth';
import { QueueFixtureConsumer } from '../fixtures/microservices.fixture.js';
import { AgentRunFixtureService, PrincipalFixtureController } from '../fixtures/principal.fixture.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { credentialLedger, newSecret } from '../support/tokens.js';

const secret = newSecret();
const { token } = credentialLedger(secret, { sub: 'alice' });
const bearer = () => ({ Authorization: `Bearer ${token()}` });

describe('the principal accessors outside a request', () => {
  // Runs first: no app of this test file has entered a principal scope yet.
  it('strict, before any app has principalContext: true: they throw a NoPrincipalError saying the context is off and how to turn it on', () => {
    expect(() => currentAuth()).toThrow(NoPrincipalError);
    expect(() => currentAuth()).toThrow(
      /^currentAuth\(\) found no principal: the principal context is off \(turn it on with AgentAuthModule\.forRoot\(\{ …, principalContext: true \}\)\)/,
    );
    expect(() => new CurrentAuth().get()).toThrow(/^CurrentAuth\.get\(\) found no principal: the principal context is off/);
  });

  it('lenient: findCurrentAuth() and CurrentAuth.find() return undefined', () => {
    expect(findCurrentAuth()).toBeUndefined();
    expect(new CurrentAuth().find()).toBeUndefined();
  });
});

describe.each(PLATFORMS)('the principal accessors on routes without a principal on %s', (platform) => {
  let server: TestApp;
  let disabled: TestApp;
  const start = (principalContext?: boolean) =>
    startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ jwt: { secret }, principalContext })],
      controllers: [PrincipalFixtureController],
      providers: [AgentRunFixtureService],
    });

  beforeAll(async () => {
    [server, disabled] = await Promise.all([start(true), start()]);
  });
  afterAll(() => Promise.all([server.close(), disabled.close()]));

  it('strict, outside a request of an app with principalContext: true: they throw a NoPrincipalError saying so and what to call instead', () => {
    expect(() => currentAuth()).toThrow(/^currentAuth\(\) found no principal: it was called outside a request .*Call findCurrentAuth\(\)/);
    expect(() => new CurrentAuth().get()).toThrow(/^CurrentAuth\.get\(\) found no principal: it was called outside a request/);
  });

  it('on a @Public() route: the strict accessor throws NoPrincipalError naming the handler, the lenient one returns undefined', async () => {
    const response = await fetch(`${server.url}/principal/public`, { headers: bearer() });
    expect(await response.json()).toEqual({
      strict: expect.stringMatching(
        /^NoPrincipalError: currentAuth\(\) found no principal: it was called for PrincipalFixtureController\.publicRoute, which has none/,
      ),
      lenient: null,
    });
  });

  it('on an @OptionalAuth() route: no principal without credentials, the caller with them', async () => {
    expect(await (await fetch(`${server.url}/principal/optional`)).json()).toMatchObject({
      strict: expect.stringContaining('NoPrincipalError'),
      lenient: null,
    });
    expect(await (await fetch(`${server.url}/principal/optional`, { headers: bearer() })).json()).toEqual({ strict: null, lenient: 'alice' });
  });

  it('without principalContext: true, findCurrentAuth() is undefined in a handler whose principal is attached', async () => {
    expect(await (await fetch(`${server.url}/principal/lenient`, { headers: bearer() })).json()).toEqual({
      attached: 'alice',
      strict: null,
      lenient: 'alice',
    });
    expect(await (await fetch(`${disabled.url}/principal/lenient`, { headers: bearer() })).json()).toEqual({
      attached: 'alice',
      strict: expect.stringContaining('NoPrincipalError: currentAuth() found no principal'),
      lenient: null,
    });
  });
});

describe('the principal scope in an execution context type the library does not know, without the global guard', () => {
  let moduleRef: TestingModule;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [AgentAuthModule.forRoot({ jwt: { secret }, globalGuard: false, principalContext: true })],
      providers: [QueueFixtureConsumer],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
  });
  afterAll(() => moduleRef.close());

  it('lets the handler run, with no principal', async () => {
    const consumer = moduleRef.get(QueueFixtureConsumer);
    const handle = moduleRef
      .get(ExternalContextCreator)
      .create(consumer, consumer.handle, 'handle', undefined, undefined, undefined, undefined, undefined, 'queue');
    expect(await handle({ job: 1 })).toEqual({ done: { job: 1 } });
    expect(consumer.runs).toBe(1);
  });
});
