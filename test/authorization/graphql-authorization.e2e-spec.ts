import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AgentAuthModule } from 'nest-agent-auth';
import { AUTHORIZATION_PROVIDERS, AuthorizationHits, ConversationOwnership } from '../fixtures/authorization.fixture.js';
import { AuthorizedResolver, TRANSPORT_ROLE_PERMISSIONS, transportPrincipals } from '../fixtures/authorization-transports.fixture.js';
import { graphqlFixtureModule } from '../fixtures/graphql.fixture.js';
import { collect, connectGraphqlWs, postGraphql, type GraphqlResponse, type GraphqlWsConnection } from '../support/graphql-client.js';
import { STACK_LINE } from '../support/refusal.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret } from '../support/tokens.js';

const secret = newSecret();
const principals = transportPrincipals(secret);
type Principal = keyof typeof principals;
const bearer = (principal: Principal) => ({ authorization: `Bearer ${principals[principal]}` });
const READ = 'query Read($id: ID!) { conversation(id: $id) { id } }';
const CANCEL = 'mutation Cancel($runId: ID!) { cancelRun(runId: $runId) }';
const DRIVERS = { express: 'Apollo', fastify: 'Mercurius' } as const;

describe.each(PLATFORMS)('authorization of GraphQL operations on %s', (platform) => {
  let server: TestApp;
  let hits: AuthorizationHits;
  let ownership: ConversationOwnership;
  const open: GraphqlWsConnection[] = [];

  beforeAll(async () => {
    server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ jwt: { secret }, rolePermissions: TRANSPORT_ROLE_PERMISSIONS }), graphqlFixtureModule(platform)],
      providers: [...AUTHORIZATION_PROVIDERS, AuthorizedResolver],
    });
    hits = server.app.get(AuthorizationHits);
    ownership = server.app.get(ConversationOwnership);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    ownership.lookups.length = 0;
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((connection) => connection.client.dispose()));
  });

  /** POSTs an operation the resolver must run for, and returns its data. */
  async function admitted(principal: Principal, query: string, variables?: object): Promise<unknown> {
    const before = hits.count;
    const response = await postGraphql(server.url, query, bearer(principal), variables);
    expect({ status: response.status, errors: response.body.errors }).toEqual({ status: 200, errors: undefined });
    expect(hits.count).toBe(before + 1);
    return response.body.data;
  }

  /**
   * POSTs an operation that must be refused before its resolver runs: one GraphQL error whose extensions are our
   * body with `code` and `statusCode`, no data, the HTTP status of the refusal, and no stack trace.
   */
  async function refused(principal: Principal, query: string, variables: object, status: number, code: string): Promise<GraphqlResponse> {
    const before = hits.count;
    const response = await postGraphql(server.url, query, bearer(principal), variables);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.map((error) => error.extensions)).toEqual([expect.objectContaining({ code, statusCode: status })]);
    expect(response.status).toBe(status);
    expect(response.text).not.toMatch(STACK_LINE);
    expect(hits.count).toBe(before);
    return response;
  }

  /**
   * POSTs an operation graphql-js itself must reject (a mistyped variable): a client error, never a 500, the
   * resolver never running. (The fixture runs Apollo as in development, which adds graphql-js's own stack to such
   * errors: that is the driver's choice, not a refusal's, so it is not checked here.)
   */
  async function invalid(query: string, variables: object): Promise<void> {
    const before = hits.count;
    const response = await postGraphql(server.url, query, bearer('alice'), variables);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.body.errors?.length).toBeGreaterThan(0);
    expect(hits.count).toBe(before);
  }

  describe(`@OwnedResource on a query (${DRIVERS[platform]})`, () => {
    it("answers the owner, and refuses another user's conversation exactly like a missing one: not_found", async () => {
      expect(await admitted('alice', READ, { id: 'c-alice' })).toEqual({ conversation: { id: 'c-alice' } });
      const foreign = await refused('alice', READ, { id: 'c-bob' }, 404, 'not_found');
      const missing = await refused('alice', READ, { id: 'c-none' }, 404, 'not_found');
      expect(foreign.body).toEqual(missing.body);
      await refused('bob', READ, { id: 'c-alice' }, 404, 'not_found');
      expect(ownership.lookups).toEqual(['conversation:c-alice', 'conversation:c-bob', 'conversation:c-none', 'conversation:c-alice']);
    });

    it("refuses the owner's conversation when it lives in another tenant", async () => {
      await refused('alice', READ, { id: 'c-elsewhere' }, 404, 'not_found');
    });

    it('decides each aliased field on its own argument: the foreign one is refused, its resolver never running', async () => {
      const before = hits.count;
      const response = await postGraphql(
        server.url,
        '{ own: conversation(id: "c-alice") { id } other: conversation(id: "c-bob") { id } }',
        bearer('alice'),
      );
      expect(response.body.errors?.map((error) => ({ path: error.path, code: error.extensions?.code }))).toEqual([
        { path: ['other'], code: 'not_found' },
      ]);
      expect(response.text).not.toContain('c-bob"}');
      expect(hits.count).toBe(before + 1);
    });

    it('coerces an Int literal to its ID string before the check', async () => {
      await refused('alice', '{ conversation(id: 42) { id } }', {}, 404, 'not_found');
      expect(ownership.lookups).toEqual(['conversation:42']);
    });

    it('refuses an empty id without asking the resolver', async () => {
      await refused('alice', READ, { id: '' }, 404, 'not_found');
      expect(ownership.lookups).toEqual([]);
    });

    it.each([
      ['an array', { id: ['c-alice'] }],
      ['an object with toString', { id: { toString: 'c-alice' } }],
      ['null', { id: null }],
      ['an own __proto__ key', JSON.parse('{"__proto__":{"id":"c-alice"}}')],
    ])('rejects %s as the id variable before any resolver or lookup', async (_case, variables) => {
      await invalid(READ, variables);
      expect(ownership.lookups).toEqual([]);
    });
  });

  describe(`@Permissions on a mutation (${DRIVERS[platform]})`, () => {
    it('cancels for a holder of the filled permission (its own, or a role grant), and refuses another run: insufficient_permission', async () => {
      expect(await admitted('alice', CANCEL, { runId: 'r-alice' })).toEqual({ cancelRun: 'cancelled r-alice' });
      await refused('alice', CANCEL, { runId: 'r-bob' }, 403, 'insufficient_permission');
      await refused('bob', CANCEL, { runId: 'r-alice' }, 403, 'insufficient_permission');
      expect(await admitted('operator', CANCEL, { runId: 'r-bob' })).toEqual({ cancelRun: 'cancelled r-bob' });
    });

    it.each(['*', 'r-alice:cancel', 'r-alice:*', '{runId}', ''])('takes the run id %j literally: it cannot widen a grant', async (runId) => {
      await refused('alice', CANCEL, { runId }, 403, 'insufficient_permission');
    });

    it('rejects a run id that is not an ID before the resolver', async () => {
      await invalid(CANCEL, { runId: ['r-alice'] });
    });
  });

  describe('@OwnedResource on a subscription over graphql-ws', () => {
    const subscription = (id: string) => `subscription { conversationEvents(id: "${id}") { conversation n } }`;
    const connect = (principal: Principal) => {
      const connection = connectGraphqlWs(server.url, bearer(principal));
      open.push(connection);
      return connection;
    };

    it('delivers the owner its conversation, and refuses anyone else with not_found before any event, the connection kept', async () => {
      const alice = connect('alice');
      await alice.acknowledged;
      const own = await collect(alice.client, subscription('c-alice'), 2);
      expect(own.results.map((result) => result.data)).toEqual([0, 1].map((n) => ({ conversationEvents: { conversation: 'c-alice', n } })));
      const before = hits.count;
      for (const [principal, id] of [
        ['alice', 'c-bob'],
        ['alice', 'c-elsewhere'],
        ['bob', 'c-alice'],
      ] as const) {
        const { client } = principal === 'alice' ? alice : connect(principal);
        const refusal = await collect(client, subscription(id), 1);
        const errors = refusal.results[0]?.errors ?? (refusal.error as readonly { extensions?: object }[] | undefined);
        expect(errors?.map((error) => error.extensions)).toEqual([expect.objectContaining({ code: 'not_found', statusCode: 404 })]);
        expect(refusal.results.every((result) => result.data === undefined || result.data === null)).toBe(true);
      }
      expect(hits.count).toBe(before);
      expect((await collect(alice.client, subscription('c-alice'), 1)).results[0].data).toEqual({
        conversationEvents: { conversation: 'c-alice', n: 0 },
      });
    });
  });
});

describe.each(PLATFORMS)('resolvers with @OwnedResource in an app without an OwnershipResolver on %s', (platform) => {
  it('are a boot error naming each resolver', async () => {
    const boot = startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ jwt: { secret } }), graphqlFixtureModule(platform)],
      providers: [AuthorizationHits, AuthorizedResolver],
    });
    await expect(boot).rejects.toThrow(/AuthorizedResolver\.conversation has @OwnedResource\(\) but no OwnershipResolver is provided/);
    await expect(boot).rejects.toThrow(/AuthorizedResolver\.conversationEvents has @OwnedResource\(\)/);
  });
});
