import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AgentAuthModule } from 'nest-agent-auth';
import { AgentRunFixtureService, PrincipalFixtureController } from '../fixtures/principal.fixture.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const secret = newSecret();
const PRINCIPALS = 50;
const REQUESTS = 1000;
/** Requests in flight at once: each one that ends starts the next, so the 1,000 overlap in continuous waves. */
const IN_FLIGHT = 250;
/** Agent runs the service must have seen waiting at once: proof that runs of different principals interleaved. */
const MIN_INTERLEAVED_RUNS = 10;
const tokens = Array.from({ length: PRINCIPALS }, (_, index) => signToken(secret, { sub: `user-${index}` }));

/** Runs `task(0)` … `task(count - 1)` with at most `limit` of them pending at once. */
async function pooled<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

describe.each(PLATFORMS)('the principal of 1,000 concurrent requests on %s', (platform) => {
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ jwt: { secret }, principalContext: true })],
      controllers: [PrincipalFixtureController],
      providers: [AgentRunFixtureService],
    });
  });
  afterAll(() => server.close());

  it('gives the tool of every request its own principal, never another one, after awaits and timers', async () => {
    const answers = await pooled(REQUESTS, IN_FLIGHT, async (index) => {
      const response = await fetch(`${server.url}/principal/run/${index}`, { headers: { Authorization: `Bearer ${tokens[index % PRINCIPALS]}` } });
      return { index, status: response.status, body: (await response.json()) as { n: string; seen: { userId: string }; service: string } };
    });
    const mismatched = answers.filter(
      ({ index, status, body }) =>
        status !== 200 || body.n !== String(index) || body.seen.userId !== `user-${index % PRINCIPALS}` || body.service !== body.seen.userId,
    );
    expect(mismatched).toEqual([]);
    expect(new Set(answers.map(({ body }) => body.seen.userId)).size).toBe(PRINCIPALS);
    expect(server.app.get(AgentRunFixtureService).maxRunning).toBeGreaterThanOrEqual(MIN_INTERLEAVED_RUNS);
  }, 60_000);
});
