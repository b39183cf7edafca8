import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AgentAuthModule, type AuthEvent } from 'nest-agent-auth';
import { AgentsFixtureResolver, graphqlFixtureModule } from '../fixtures/graphql.fixture.js';
import { CapturedLogger } from '../support/captured-logger.js';
import { postGraphql } from '../support/graphql-client.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { credentialLedger, newSecret, nowSeconds } from '../support/tokens.js';

const secret = newSecret();
const apiKey = newSecret();
/** Every credential a test sends: none may appear in a response or a log line. */
const { sent: credentials, token, remember } = credentialLedger(secret, { sub: 'alice' });
credentials.add(apiKey);
credentials.add(secret);
const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

describe.each(PLATFORMS)('GraphQL over HTTP on %s', (platform) => {
  let server: TestApp;
  const logger = new CapturedLogger();
  const events: AuthEvent[] = [];
  const responses: string[] = [];
  const post = async (query: string, headers?: Record<string, string>) => {
    const response = await postGraphql(server.url, query, headers);
    responses.push(response.text, JSON.stringify([...response.headers]));
    return response;
  };
  const refusedWith = async (query: string, headers: Record<string, string> | undefined, code: string) => {
    const response = await post(query, headers);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors?.[0].extensions).toMatchObject({ code });
    return response;
  };

  beforeAll(async () => {
    server = await startTestApp(
      platform,
      {
        imports: [
          AgentAuthModule.forRoot({
            jwt: { secret },
            apiKey: { keys: [{ id: 'ci-bot', key: apiKey, roles: ['runner'] }] },
            onAuthEvent: (event) => void events.push(event),
          }),
          graphqlFixtureModule(platform),
        ],
        providers: [AgentsFixtureResolver],
      },
      { logger },
    );
  });
  afterAll(() => server.close());

  it('answers a protected query with a valid token, the resolver seeing the principal through @AuthContext()', async () => {
    const response = await post('{ whoami { userId method roles } }', bearer(token({ roles: ['viewer'] })));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { whoami: { userId: 'alice', method: 'jwt', roles: ['viewer'] } } });
  });

  it('refuses a query without credentials: missing_credentials, 401 with a challenge', async () => {
    const response = await refusedWith('{ whoami { userId } }', undefined, 'missing_credentials');
    expect(response.body.errors?.[0]).toMatchObject({
      message: 'Missing Authorization header',
      extensions: { code: 'missing_credentials', statusCode: 401, error: 'Unauthorized' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="api"');
  });

  it('refuses an expired token (token_expired) and a forged one (invalid_token)', async () => {
    const expired = await refusedWith('{ whoami { userId } }', bearer(token({ exp: nowSeconds() - 60 })), 'token_expired');
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const [header, , signature] = token().split('.');
    const forged = remember(`${header}.${Buffer.from(JSON.stringify({ sub: 'mallory' })).toString('base64url')}.${signature}`);
    await refusedWith('{ whoami { userId } }', bearer(forged), 'invalid_token');
  });

  it('refuses a query whose @Roles the principal lacks (insufficient_role, 403), and answers it for one who has them', async () => {
    const refused = await refusedWith('{ adminReport }', bearer(token({ roles: ['viewer'] })), 'insufficient_role');
    expect(refused.status).toBe(403);
    expect((await post('{ adminReport }', bearer(token({ roles: ['admin'] })))).body).toEqual({ data: { adminReport: 'all systems nominal' } });
  });

  it('refuses a query whose @Scopes the token lacks (insufficient_scope, 403 with the scope challenge)', async () => {
    const refused = await refusedWith('{ scoped }', bearer(token({ scope: 'agents:read' })), 'insufficient_scope');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toContain('scope="agents:write"');
    expect((await post('{ scoped }', bearer(token({ scope: 'agents:read agents:write' })))).body).toEqual({ data: { scoped: 'written' } });
  });

  it('answers a @Public() query without credentials', async () => {
    expect((await post('{ health }')).body).toEqual({ data: { health: 'ok' } });
  });

  it('answers an @OptionalAuth() query with and without a token, and refuses it with a bad one', async () => {
    expect((await post('{ greeting { userId } }')).body).toEqual({ data: { greeting: { userId: null } } });
    expect((await post('{ greeting { userId } }', bearer(token({ sub: 'bob' })))).body).toEqual({ data: { greeting: { userId: 'bob' } } });
    await refusedWith('{ greeting { userId } }', bearer(token({ exp: nowSeconds() - 60 })), 'token_expired');
  });

  it('runs a @UseAuth(api-key) mutation with the API key only', async () => {
    const mutation = 'mutation { runAgent(id: "support") }';
    expect((await post(mutation, { 'x-api-key': apiKey })).body).toEqual({ data: { runAgent: 'support run by ci-bot' } });
    await refusedWith(mutation, bearer(token()), 'invalid_scheme');
    await refusedWith(mutation, undefined, 'missing_credentials');
  });

  it('resolves nested fields with the principal of the request, checking their own decorators without re-verifying the token', async () => {
    events.length = 0;
    const viewer = await post('{ agents { id askedBy audit } }', bearer(token({ sub: 'carol', roles: ['viewer'] })));
    expect(viewer.body.data).toEqual({
      agents: [
        { id: 'support', askedBy: 'support for carol', audit: null },
        { id: 'research', askedBy: 'research for carol', audit: null },
      ],
    });
    expect(viewer.body.errors?.map((error) => error.extensions?.code)).toEqual(['insufficient_role', 'insufficient_role']);
    const admin = await post('{ agents { audit } }', bearer(token({ roles: ['admin'] })));
    expect(admin.body).toEqual({ data: { agents: [{ audit: 'support: audited' }, { audit: 'research: audited' }] } });
    const viewerEvents = events.slice(0, 5);
    expect(viewerEvents.map((event) => event.attempts.map((attempt) => attempt.strategy))).toEqual([
      ['jwt'],
      ['connection'],
      ['connection'],
      ['connection'],
      ['connection'],
    ]);
  });

  it('never sends a token, key, secret or stack trace in a response, nor logs a refusal as an error', () => {
    expect(responses.length).toBeGreaterThan(10);
    expect(responses.filter((text) => [...credentials].some((credential) => text.includes(credential)))).toEqual([]);
    // Apollo in development copies an error's stack into `extensions.stacktrace`: a refusal's has no frames.
    expect(responses.filter((text) => /\bat .*:\d+:\d+/.test(text) || text.includes('node_modules'))).toEqual([]);
    expect(logger.linesContaining(credentials)).toEqual([]);
    expect(logger.entries.filter((entry) => entry.level === 'error')).toEqual([]);
  });
});
