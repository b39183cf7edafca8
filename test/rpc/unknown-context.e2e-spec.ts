import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ExternalContextCreator } from '@nestjs/core';
import { Test, type TestingModule } from '@nestjs/testing';
import { AgentAuthModule } from 'nest-agent-auth';
import { QueueFixtureConsumer } from '../fixtures/microservices.fixture.js';
import { newSecret } from '../support/tokens.js';

describe('a handler called in an execution context type the library does not know', () => {
  let moduleRef: TestingModule;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [AgentAuthModule.forRoot({ jwt: { secret: newSecret() } })],
      providers: [QueueFixtureConsumer],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
  });
  afterAll(() => moduleRef.close());

  it('is refused by the global guard with an error naming the type, never a TypeError, and the handler never runs', async () => {
    const consumer = moduleRef.get(QueueFixtureConsumer);
    const handle = moduleRef
      .get(ExternalContextCreator)
      .create(consumer, consumer.handle, 'handle', undefined, undefined, undefined, undefined, undefined, 'queue');
    const failure = await handle({ job: 1 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(TypeError);
    expect((failure as Error).message).toBe(
      'AgentAuthModule cannot authenticate a "queue" execution context (it knows http, ws, rpc, graphql): the call is refused',
    );
    expect(consumer.runs).toBe(0);
  });
});
