import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { AgentAuthModule, generateApiKey, type AuthEvent } from 'nest-agent-auth';
import { MessagesFixtureController, ReceivedEvents } from '../fixtures/microservices.fixture.js';
import { CapturedLogger } from '../support/captured-logger.js';
import { ask, startTestMicroservice, tcpClient, type TestMicroservice } from '../support/microservice.js';
import { credentialLedger, newSecret, nowSeconds } from '../support/tokens.js';

const secret = newSecret();
const apiKey = generateApiKey();
/** Every credential a test sends: none may appear in a reply or a log line. */
const { sent: credentials, token } = credentialLedger(secret, { sub: 'alice' });
credentials.add(apiKey);
const bearer = (value: string) => `Bearer ${value}`;
const refusal = (status: number, code: string) => ({ error: expect.objectContaining({ statusCode: status, code }) });

describe('a TCP microservice behind the global guard', () => {
  let service: TestMicroservice;
  let client: ClientProxy;
  const clients: ClientProxy[] = [];
  const logger = new CapturedLogger();
  const events: AuthEvent[] = [];
  /** A client that sends `metadata` with every packet. */
  const withMetadata = (metadata: Record<string, string>) => {
    const created = tcpClient(service.port, metadata);
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    service = await startTestMicroservice(
      {
        imports: [
          AgentAuthModule.forRoot({
            jwt: { secret },
            apiKey: { keys: [{ id: 'ci-bot', key: apiKey, roles: ['runner'] }] },
            onAuthEvent: (event) => events.push(event),
          }),
        ],
        controllers: [MessagesFixtureController],
        providers: [ReceivedEvents],
      },
      logger,
    );
    client = tcpClient(service.port);
    clients.push(client);
  });
  afterAll(async () => {
    clients.forEach((open) => open.close());
    await service.close();
  });
  beforeEach(() => {
    events.length = 0;
  });

  it('answers a message carrying a valid JWT in its authorization field as that user, without the field', async () => {
    const answer = await ask(client, 'whoami', { authorization: bearer(token()), text: 'hi' });
    expect(answer).toEqual({ reply: { userId: 'alice', method: 'jwt', payload: { text: 'hi' } } });
    expect(await ask(client, 'user', { authorization: bearer(token({ sub: 'bob' })) })).toEqual({ reply: { user: 'bob', pattern: 'user' } });
  });

  it('reads the credential from the packet metadata too, whatever the payload (a number here)', async () => {
    const answer = await ask(withMetadata({ authorization: bearer(token({ sub: 'carol' })) }), 'whoami', 42);
    expect(answer).toEqual({ reply: { userId: 'carol', method: 'jwt', payload: 42 } });
  });

  it('accepts an API key, in the authorization field or in the x-api-key metadata', async () => {
    expect(await ask(client, 'whoami', { authorization: `ApiKey ${apiKey}` })).toEqual({
      reply: { userId: 'ci-bot', method: 'api-key', payload: {} },
    });
    expect(await ask(withMetadata({ 'x-api-key': apiKey }), 'whoami', {})).toMatchObject({ reply: { userId: 'ci-bot' } });
  });

  it('refuses a message without credentials with an RpcException carrying our body', async () => {
    expect(await ask(client, 'whoami', { text: 'hi' })).toEqual({
      error: { statusCode: 401, error: 'Unauthorized', code: 'missing_credentials', message: 'Missing Authorization header' },
    });
    expect(await ask(client, 'whoami', 'plain text')).toEqual(refusal(401, 'missing_credentials'));
    expect(await ask(client, 'whoami', { authorization: 123 })).toEqual(refusal(401, 'missing_credentials'));
  });

  it('refuses an expired token, a tampered one, an unknown key and another scheme', async () => {
    expect(await ask(client, 'whoami', { authorization: bearer(token({ exp: nowSeconds() - 60 })) })).toEqual(refusal(401, 'token_expired'));
    const [header, , signature] = token().split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'mallory' })).toString('base64url')}.${signature}`;
    credentials.add(forged);
    expect(await ask(client, 'whoami', { authorization: bearer(forged) })).toEqual(refusal(401, 'invalid_token'));
    const unknownKey = generateApiKey();
    credentials.add(unknownKey);
    expect(await ask(client, 'whoami', { authorization: `ApiKey ${unknownKey}` })).toEqual(refusal(401, 'invalid_api_key'));
    expect(await ask(client, 'whoami', { authorization: 'Basic dXNlcjpwYXNz' })).toEqual(refusal(401, 'invalid_scheme'));
  });

  it('refuses a credential sent both in the payload and in the metadata: 400 invalid_request', async () => {
    const both = withMetadata({ authorization: bearer(token()) });
    expect(await ask(both, 'whoami', { authorization: bearer(token()) })).toEqual(refusal(400, 'invalid_request'));
  });

  it('enforces @Roles per message: 403 insufficient_role', async () => {
    expect(await ask(client, 'deploy', { authorization: bearer(token({ roles: ['viewer'] })) })).toEqual(refusal(403, 'insufficient_role'));
    expect(await ask(client, 'deploy', { authorization: bearer(token({ roles: ['operator'] })) })).toEqual({ reply: { deployed: true } });
  });

  it('answers a @Public() pattern without credentials, and strips a credential sent to it', async () => {
    expect(await ask(client, 'health', {})).toEqual({ reply: { ok: true, userId: null, method: null, payload: {} } });
    expect(await ask(client, 'health', { authorization: bearer(token()) })).toEqual({ reply: { ok: true, userId: null, method: null, payload: {} } });
  });

  it('answers an @OptionalAuth() pattern anonymously or as the user, and still refuses a bad credential', async () => {
    expect(await ask(client, 'greet', {})).toEqual({ reply: { userId: null, method: null } });
    expect(await ask(client, 'greet', { authorization: bearer(token()) })).toMatchObject({ reply: { userId: 'alice' } });
    expect(await ask(client, 'greet', { authorization: bearer(token({ exp: nowSeconds() - 60 })) })).toEqual(refusal(401, 'token_expired'));
  });

  it("refuses a JWT on a @UseAuth('api-key') pattern (401 invalid_scheme, as over HTTP) and accepts the key", async () => {
    expect(await ask(client, 'ci', { authorization: bearer(token()) })).toEqual(refusal(401, 'invalid_scheme'));
    expect(await ask(client, 'ci', { authorization: `ApiKey ${apiKey}` })).toMatchObject({ reply: { userId: 'ci-bot', method: 'api-key' } });
  });

  it('drops a refused event (its handler never runs, the refusal is an auth event) and handles an accepted one', async () => {
    const received = service.get(ReceivedEvents);
    const before = received.received.length;
    await lastValueFrom(client.emit('audit', { step: 'refused' }), { defaultValue: undefined });
    await lastValueFrom(client.emit('audit', { authorization: bearer(token({ exp: nowSeconds() - 60 })), step: 'expired' }), {
      defaultValue: undefined,
    });
    await lastValueFrom(client.emit('audit', { authorization: bearer(token({ sub: 'dave' })), step: 'accepted' }), { defaultValue: undefined });
    await received.until(before + 1);
    expect(received.received.slice(before)).toEqual([{ userId: 'dave', payload: { step: 'accepted' } }]);
    expect(events.map((event) => [event.outcome, event.code, event.handler])).toEqual([
      ['refused', 'missing_credentials', 'MessagesFixtureController.audit'],
      ['refused', 'token_expired', 'MessagesFixtureController.audit'],
      ['authenticated', undefined, 'MessagesFixtureController.audit'],
    ]);
    expect(events[0].clientIp).toMatch(/127\.0\.0\.1$/);
    expect(await ask(client, 'whoami', { authorization: bearer(token()) })).toMatchObject({ reply: { userId: 'alice' } });
  });

  it('never puts a credential in a reply or a log line, nor a stack trace in a log line', async () => {
    const answers = await Promise.all([
      ask(client, 'whoami', { authorization: bearer(token()) }),
      ask(client, 'whoami', { authorization: bearer(token({ exp: nowSeconds() - 60 })) }),
      ask(client, 'ci', { authorization: bearer(token()) }),
    ]);
    const text = JSON.stringify(answers);
    for (const credential of credentials) expect(text).not.toContain(credential);
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.linesContaining(credentials)).toEqual([]);
    expect(logger.lines.filter((line) => /\bat .+\.(?:js|ts):\d+/.test(line))).toEqual([]);
  });
});

describe('brute-force throttling of a TCP microservice', () => {
  let service: TestMicroservice;
  let client: ClientProxy;

  beforeAll(async () => {
    service = await startTestMicroservice({
      imports: [AgentAuthModule.forRoot({ jwt: { secret }, bruteForce: { maxFailures: 3 } })],
      controllers: [MessagesFixtureController],
      providers: [ReceivedEvents],
    });
    client = tcpClient(service.port);
  });
  afterAll(async () => {
    client.close();
    await service.close();
  });

  it('answers too_many_failures once a client has sent too many bad credentials, even a valid one', async () => {
    for (let i = 0; i < 3; i++) expect(await ask(client, 'whoami', { authorization: 'Bearer not-a-jwt' })).toEqual(refusal(401, 'invalid_token'));
    expect(await ask(client, 'whoami', { authorization: bearer(token()) })).toEqual(refusal(429, 'too_many_failures'));
  });
});
