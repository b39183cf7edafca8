import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { AgentAuthModule, WS_CLOSE_TOKEN_EXPIRED } from 'nest-agent-auth';
import { AgentsFixtureResolver, graphqlFixtureModule } from '../fixtures/graphql.fixture.js';
import { CapturedLogger } from '../support/captured-logger.js';
import { collect, connectGraphqlWs, type GraphqlWsConnection } from '../support/graphql-client.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { credentialLedger, newSecret, nowSeconds } from '../support/tokens.js';

const secret = newSecret();
const apiKey = newSecret();
/** Every credential a test sends: none may appear in a log line. */
const { sent: credentials, token } = credentialLedger(secret, { sub: 'alice' });
credentials.add(apiKey);
const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

describe.each(PLATFORMS)('GraphQL subscriptions over graphql-ws on %s', (platform) => {
  let server: TestApp;
  const logger = new CapturedLogger();
  const open: GraphqlWsConnection[] = [];
  const connect = (params: Record<string, unknown>) => {
    const connection = connectGraphqlWs(server.url, params);
    open.push(connection);
    return connection;
  };

  beforeAll(async () => {
    server = await startTestApp(
      platform,
      {
        imports: [AgentAuthModule.forRoot({ jwt: { secret }, apiKey: { keys: [{ id: 'ci-bot', key: apiKey }] } }), graphqlFixtureModule(platform)],
        providers: [AgentsFixtureResolver],
      },
      { logger },
    );
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((connection) => connection.client.dispose()));
  });
  afterAll(() => server.close());

  it('delivers events to a connection opened with a valid token, as its user', async () => {
    const { client, acknowledged } = connect(bearer(token({ sub: 'alice' })));
    await acknowledged;
    const { results, error } = await collect(client, 'subscription { ticks { n userId } }', 3);
    expect(error).toBeUndefined();
    expect(results.map((result) => result.data)).toEqual([0, 1, 2].map((n) => ({ ticks: { n, userId: 'alice' } })));
  });

  it('accepts an API key in connectionParams', async () => {
    const { client, acknowledged } = connect({ 'x-api-key': apiKey });
    await acknowledged;
    expect((await collect(client, 'subscription { ticks { userId } }', 1)).results[0].data).toEqual({ ticks: { userId: 'ci-bot' } });
  });

  it('closes a connection_init without credentials with 4401 missing_credentials', async () => {
    expect(await connect({}).closed).toEqual({ code: 4401, reason: 'missing_credentials' });
  });

  it('closes a connection_init with an expired or a forged token with 4401 and the code', async () => {
    expect(await connect(bearer(token({ exp: nowSeconds() - 60 }))).closed).toEqual({ code: 4401, reason: 'token_expired' });
    expect(await connect(bearer(`${token()}x`)).closed).toEqual({ code: 4401, reason: 'invalid_token' });
    expect(await connect({ 'x-api-key': `${apiKey}x` }).closed).toEqual({ code: 4401, reason: 'invalid_api_key' });
  });

  it('closes a connection_init carrying two Authorization params (any case) with 4400 invalid_request', async () => {
    const value = token();
    expect(await connect({ authorization: `Bearer ${value}`, Authorization: `Bearer ${value}` }).closed).toEqual({
      code: 4400,
      reason: 'invalid_request',
    });
  });

  it("checks each subscription against its resolver's @Roles, with the connection's principal", async () => {
    const { client, acknowledged } = connect(bearer(token({ roles: ['viewer'] })));
    await acknowledged;
    const refused = await collect(client, 'subscription { adminTicks { n } }', 1);
    const errors = refused.results[0]?.errors ?? (refused.error as readonly { extensions?: object }[] | undefined);
    expect(errors?.map((error) => error.extensions)).toEqual([
      { statusCode: 403, error: 'Forbidden', code: 'insufficient_role', message: 'Insufficient role' },
    ]);
    expect((await collect(client, 'subscription { ticks { n } }', 1)).results[0].data).toEqual({ ticks: { n: 0 } });
    const admin = connect(bearer(token({ roles: ['admin'] })));
    await admin.acknowledged;
    expect((await collect(admin.client, 'subscription { adminTicks { n } }', 1)).results[0].data).toEqual({ adminTicks: { n: 0 } });
  });

  it('closes the connection with 4401 token_expired when its token expires, events flowing until then', async () => {
    const { client, acknowledged, closed } = connect(bearer(token({ exp: nowSeconds() + 3 })));
    await acknowledged;
    const events: number[] = [];
    client.subscribe(
      { query: 'subscription { ticks { n } }' },
      { next: () => void events.push(Date.now()), error: () => undefined, complete: () => undefined },
    );
    expect(await closed).toEqual({ code: WS_CLOSE_TOKEN_EXPIRED, reason: 'token_expired' });
    expect(events.length).toBeGreaterThan(0);
  });

  it('never writes a token or a key in a log line', () => {
    expect(logger.linesContaining(credentials)).toEqual([]);
  });
});
