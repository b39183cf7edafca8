import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { WsAdapter } from '@nestjs/platform-ws';
import { AgentAuthModule, type AuthEvent } from 'nest-agent-auth';
import { AUTHORIZATION_PROVIDERS, AuthorizationHits, ConversationOwnership } from '../fixtures/authorization.fixture.js';
import {
  IoAuthorizedGateway,
  IoRunControlGateway,
  TRANSPORT_ROLE_PERMISSIONS,
  WsAuthorizedGateway,
  WsRunControlGateway,
  forgedPayloads,
  transportPrincipals,
} from '../fixtures/authorization-transports.fixture.js';
import { STACK_LINE } from '../support/refusal.js';
import { GATEWAY_ADAPTERS, openGatewayClient, type GatewayAdapter, type GatewayClient } from '../support/socket-clients.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret } from '../support/tokens.js';

const secret = newSecret();
const principals = transportPrincipals(secret);
const HOSTS = PLATFORMS.flatMap((platform) => GATEWAY_ADAPTERS.map((adapter) => [adapter, platform] as const));

describe.each(HOSTS)('authorization of %s gateway messages on %s', (adapter: GatewayAdapter, platform) => {
  let server: TestApp;
  let hits: AuthorizationHits;
  let ownership: ConversationOwnership;
  const events: AuthEvent[] = [];
  const clients: GatewayClient[] = [];
  /** A connection as one of the {@link transportPrincipals}, closed after the test. */
  const connect = async (principal: keyof typeof principals, path = '/agent-chat') => {
    const client = await openGatewayClient(adapter, server.url, path, principals[principal]);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startTestApp(
      platform,
      {
        imports: [
          AgentAuthModule.forRoot({ jwt: { secret }, rolePermissions: TRANSPORT_ROLE_PERMISSIONS, onAuthEvent: (event) => events.push(event) }),
        ],
        providers: [
          ...AUTHORIZATION_PROVIDERS,
          ...(adapter === 'ws' ? [WsAuthorizedGateway, WsRunControlGateway] : [IoAuthorizedGateway, IoRunControlGateway]),
        ],
      },
      { configure: (app) => void (adapter === 'ws' ? app.useWebSocketAdapter(new WsAdapter(app)) : undefined) },
    );
    hits = server.app.get(AuthorizationHits);
    ownership = server.app.get(ConversationOwnership);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    ownership.lookups.length = 0;
  });
  afterEach(() => clients.splice(0).forEach((client) => client.close()));

  /** Sends a message the handler must run for, and returns its reply. */
  async function admitted(client: GatewayClient, event: string, data: unknown): Promise<unknown> {
    const before = hits.count;
    const answer = await client.ask(event, data);
    expect(answer).toHaveProperty('reply');
    expect(hits.count).toBe(before + 1);
    return 'reply' in answer ? answer.reply : undefined;
  }

  /**
   * Sends a message that must be refused before its handler runs: an `exception` event carrying our body with
   * `code`, no stack trace, and the connection left open.
   */
  async function refused(client: GatewayClient, event: string, data: unknown, code: string): Promise<Record<string, unknown>> {
    const before = hits.count;
    const answer = await client.ask(event, data);
    expect(answer).toEqual({ exception: expect.objectContaining({ code }) });
    expect(JSON.stringify(answer)).not.toMatch(STACK_LINE);
    expect(hits.count).toBe(before);
    expect(client.open).toBe(true);
    return 'exception' in answer ? answer.exception : {};
  }

  describe('@Permissions and @OwnedResource on the gateway class', () => {
    it('apply to every message, not to the handshake (which names no run or conversation)', async () => {
      const alice = await connect('alice', '/run-control');
      expect(await admitted(alice, 'run.cancel', { runId: 'r-alice', id: 'c-alice' })).toEqual({ cancelled: 'r-alice', conversation: 'c-alice' });
      await refused(alice, 'run.cancel', { runId: 'r-bob', id: 'c-alice' }, 'insufficient_permission');
      await refused(alice, 'run.cancel', { runId: 'r-alice', id: 'c-bob' }, 'not_found');
      await refused(alice, 'run.cancel', {}, 'insufficient_permission');
    });
  });

  describe('@OwnedResource on conversation.read', () => {
    it("answers the owner, and refuses another user's conversation exactly like a missing one: not_found", async () => {
      const alice = await connect('alice');
      expect(await admitted(alice, 'conversation.read', { id: 'c-alice' })).toEqual({ conversation: 'c-alice' });
      const foreign = await refused(alice, 'conversation.read', { id: 'c-bob' }, 'not_found');
      const missing = await refused(alice, 'conversation.read', { id: 'c-none' }, 'not_found');
      expect(foreign).toEqual({ statusCode: 404, error: 'Not Found', code: 'not_found', message: expect.any(String) });
      expect(foreign).toEqual(missing);
      await refused(await connect('bob'), 'conversation.read', { id: 'c-alice' }, 'not_found');
      expect(ownership.lookups).toEqual(['conversation:c-alice', 'conversation:c-bob', 'conversation:c-none', 'conversation:c-alice']);
    });

    it('reports the refusal as an auth event with the ownership decision', async () => {
      await refused(await connect('alice'), 'conversation.read', { id: 'c-bob' }, 'not_found');
      expect(events.at(-1)).toMatchObject({
        outcome: 'refused',
        code: 'not_found',
        principalId: 'alice',
        decisions: [{ check: 'ownership', outcome: 'refused', subject: 'conversation c-bob', reason: 'owned by another principal' }],
      });
    });

    it("refuses the owner's conversation when it lives in another tenant", async () => {
      await refused(await connect('alice'), 'conversation.read', { id: 'c-elsewhere' }, 'not_found');
    });

    it('looks a numeric id up as its decimal string', async () => {
      ownership.owners.set('42', { ownerId: 'alice', tenantId: 't1' });
      try {
        const alice = await connect('alice');
        expect(await admitted(alice, 'conversation.read', { id: 42 })).toEqual({ conversation: 42 });
        await refused(await connect('bob'), 'conversation.read', { id: 42 }, 'not_found');
        expect(ownership.lookups).toEqual(['conversation:42', 'conversation:42']);
      } finally {
        ownership.owners.delete('42');
      }
    });

    it.each(forgedPayloads('id', 'c-alice'))('refuses %s (not_found) without asking the resolver', async (_case, payload) => {
      await refused(await connect('alice'), 'conversation.read', payload, 'not_found');
      expect(ownership.lookups).toEqual([]);
    });
  });

  describe('@Permissions on run.cancel', () => {
    it('cancels for a holder of the filled permission (its own, or a role grant), and refuses another run: insufficient_permission', async () => {
      const alice = await connect('alice');
      expect(await admitted(alice, 'run.cancel', { runId: 'r-alice' })).toEqual({ cancelled: 'r-alice' });
      await refused(alice, 'run.cancel', { runId: 'r-bob' }, 'insufficient_permission');
      await refused(await connect('bob'), 'run.cancel', { runId: 'r-alice' }, 'insufficient_permission');
      expect(await admitted(await connect('operator'), 'run.cancel', { runId: 'r-bob' })).toEqual({ cancelled: 'r-bob' });
    });

    it.each(['*', 'r-alice:cancel', 'r-alice:*', '{runId}', 'r-alice ', 'R-ALICE'])(
      'takes the run id %j literally: it cannot widen a grant',
      async (runId) => {
        await refused(await connect('alice'), 'run.cancel', { runId }, 'insufficient_permission');
      },
    );

    it.each(forgedPayloads('runId', 'r-alice'))('refuses %s: insufficient_permission', async (_case, payload) => {
      await refused(await connect('alice'), 'run.cancel', payload, 'insufficient_permission');
    });
  });

  describe('@BindIdentity on run.start', () => {
    it('runs for the principal named in the payload, and fills it in when absent', async () => {
      const alice = await connect('alice');
      const filled = { startedFor: 'alice', context: { userId: 'alice' } };
      expect(await admitted(alice, 'run.start', { userId: 'alice' })).toEqual(filled);
      expect(await admitted(alice, 'run.start', { prompt: 'hi' })).toEqual(filled);
      expect(await admitted(alice, 'run.start', JSON.parse('{"__proto__":{"userId":"bob"}}'))).toEqual(filled);
    });

    it.each([['bob'], [['alice']], [{ toString: 'alice' }], [null], [''], [7]])(
      'refuses a payload naming userId %j: identity_mismatch',
      async (userId) => {
        await refused(await connect('alice'), 'run.start', { userId }, 'identity_mismatch');
      },
    );
  });

  describe('@BindIdentity on the gateway class', () => {
    it('checks and fills the bound field of every message, for each principal in turn', async () => {
      for (const principal of ['alice', 'bob', 'alice'] as const) {
        const client = await connect(principal);
        expect(await admitted(client, 'run.start', {})).toEqual({ startedFor: principal, context: { userId: principal } });
        const other = principal === 'alice' ? 'bob' : 'alice';
        await refused(client, 'run.start', { context: { userId: other } }, 'identity_mismatch');
      }
    });

    it('refuses a message naming another user there, whatever else it is allowed', async () => {
      const alice = await connect('alice');
      await refused(alice, 'conversation.read', { id: 'c-alice', context: { userId: 'bob' } }, 'identity_mismatch');
      expect(await admitted(alice, 'conversation.read', { id: 'c-alice', context: { userId: 'alice' } })).toEqual({ conversation: 'c-alice' });
    });
  });

  describe('@TenantScoped on tenant.agents', () => {
    it('admits the principal into its own tenant only: wrong_tenant for another, or for a tenant id that is not a string', async () => {
      const alice = await connect('alice');
      expect(await admitted(alice, 'tenant.agents', { tenantId: 't1' })).toEqual({ tenantId: 't1' });
      for (const tenantId of ['t2', ['t1'], { toString: 't1' }, undefined]) await refused(alice, 'tenant.agents', { tenantId }, 'wrong_tenant');
    });
  });

  it('keeps the connection after any number of refusals: the next allowed message is answered', async () => {
    const alice = await connect('alice');
    await refused(alice, 'conversation.read', { id: 'c-bob' }, 'not_found');
    await refused(alice, 'run.cancel', { runId: 'r-bob' }, 'insufficient_permission');
    await refused(alice, 'run.start', { userId: 'bob' }, 'identity_mismatch');
    await refused(alice, 'tenant.agents', { tenantId: 't2' }, 'wrong_tenant');
    expect(await admitted(alice, 'conversation.read', { id: 'c-alice' })).toEqual({ conversation: 'c-alice' });
    expect(alice.open).toBe(true);
  });
});

describe.each(GATEWAY_ADAPTERS)('a %s gateway with @OwnedResource in an app without an OwnershipResolver', (adapter) => {
  it('is a boot error naming each message handler', async () => {
    const gateway = adapter === 'ws' ? WsAuthorizedGateway : IoAuthorizedGateway;
    const boot = startTestApp(
      'express',
      { imports: [AgentAuthModule.forRoot({ jwt: { secret } })], providers: [AuthorizationHits, gateway] },
      { configure: (app) => void (adapter === 'ws' ? app.useWebSocketAdapter(new WsAdapter(app)) : undefined) },
    );
    await expect(boot).rejects.toThrow(`${gateway.name}.readConversation has @OwnedResource() but no OwnershipResolver is provided`);
  });
});
