import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ClientProxy } from '@nestjs/microservices';
import { AgentAuthModule, type AuthEvent } from 'nest-agent-auth';
import { AUTHORIZATION_PROVIDERS, AuthorizationHits, ConversationOwnership } from '../fixtures/authorization.fixture.js';
import {
  AuthorizedPatternsController,
  TRANSPORT_ROLE_PERMISSIONS,
  forgedPayloads,
  transportPrincipals,
} from '../fixtures/authorization-transports.fixture.js';
import { ask, startHybridApp, startTestMicroservice, tcpClient, type TestMicroservice } from '../support/microservice.js';
import { STACK_LINE } from '../support/refusal.js';
import { PLATFORMS } from '../support/test-app.js';
import { newSecret } from '../support/tokens.js';

const secret = newSecret();
const principals = transportPrincipals(secret);
/** The forged payloads a ClientProxy sends: it refuses to send a null one itself. */
const forged = (field: 'id' | 'runId', own: string) => forgedPayloads(field, own).filter(([, payload]) => payload !== null);
type Principal = keyof typeof principals;
/** The auth events of every host (one at a time). */
const events: AuthEvent[] = [];
const fixture = {
  imports: [AgentAuthModule.forRoot({ jwt: { secret }, rolePermissions: TRANSPORT_ROLE_PERMISSIONS, onAuthEvent: (event) => events.push(event) })],
  controllers: [AuthorizedPatternsController],
  providers: AUTHORIZATION_PROVIDERS,
};

/** Where the patterns run: a TCP microservice of its own, or one connected to an HTTP app on each platform. */
const HOSTS: ReadonlyArray<readonly [string, () => Promise<TestMicroservice>]> = [
  ['a TCP microservice', () => startTestMicroservice(fixture)],
  ...PLATFORMS.map(
    (platform) =>
      [
        `a TCP microservice of a hybrid ${platform} app`,
        async (): Promise<TestMicroservice> => {
          const hybrid = await startHybridApp(platform, fixture);
          return { port: hybrid.port, get: (type) => hybrid.app.get(type), close: () => hybrid.close() };
        },
      ] as const,
  ),
];

describe.each(HOSTS)('authorization of message patterns on %s', (_host, start) => {
  let service: TestMicroservice;
  let hits: AuthorizationHits;
  let ownership: ConversationOwnership;
  const clients = new Map<Principal, ClientProxy>();
  /** A TCP client sending the principal's token in every packet's metadata, so that any payload can be sent. */
  const as = (principal: Principal) => {
    if (!clients.has(principal)) clients.set(principal, tcpClient(service.port, { authorization: `Bearer ${principals[principal]}` }));
    return clients.get(principal)!;
  };

  beforeAll(async () => {
    service = await start();
    hits = service.get(AuthorizationHits);
    ownership = service.get(ConversationOwnership);
  });
  afterAll(async () => {
    clients.forEach((client) => client.close());
    await service.close();
  });
  beforeEach(() => {
    ownership.lookups.length = 0;
  });

  /** Sends a message the handler must run for, and returns its reply. */
  async function admitted(principal: Principal, pattern: string, data: unknown): Promise<unknown> {
    const before = hits.count;
    const answer = await ask(as(principal), pattern, data);
    expect(answer).toHaveProperty('reply');
    expect(hits.count).toBe(before + 1);
    return 'reply' in answer ? answer.reply : undefined;
  }

  /** Sends a message that must be refused before its handler runs, with our body carrying `code` and no stack trace. */
  async function refused(principal: Principal, pattern: string, data: unknown, code: string): Promise<unknown> {
    const before = hits.count;
    const answer = await ask(as(principal), pattern, data);
    expect(answer).toEqual({ error: expect.objectContaining({ code }) });
    expect(JSON.stringify(answer)).not.toMatch(STACK_LINE);
    expect(hits.count).toBe(before);
    return 'error' in answer ? answer.error : undefined;
  }

  describe('@OwnedResource on conversation.read', () => {
    it("answers the owner, and refuses another user's conversation exactly like a missing one: not_found", async () => {
      expect(await admitted('alice', 'conversation.read', { id: 'c-alice' })).toEqual({ conversation: 'c-alice' });
      const foreign = await refused('alice', 'conversation.read', { id: 'c-bob' }, 'not_found');
      expect(foreign).toEqual({ statusCode: 404, error: 'Not Found', code: 'not_found', message: expect.any(String) });
      expect(foreign).toEqual(await refused('alice', 'conversation.read', { id: 'c-none' }, 'not_found'));
      await refused('bob', 'conversation.read', { id: 'c-alice' }, 'not_found');
      expect(ownership.lookups).toEqual(['conversation:c-alice', 'conversation:c-bob', 'conversation:c-none', 'conversation:c-alice']);
    });

    it('reports the refusal as an auth event with the ownership decision', async () => {
      await refused('alice', 'conversation.read', { id: 'c-bob' }, 'not_found');
      expect(events.at(-1)).toMatchObject({
        outcome: 'refused',
        code: 'not_found',
        principalId: 'alice',
        decisions: [{ check: 'ownership', outcome: 'refused', subject: 'conversation c-bob', reason: 'owned by another principal' }],
      });
    });

    it("refuses the owner's conversation when it lives in another tenant", async () => {
      await refused('alice', 'conversation.read', { id: 'c-elsewhere' }, 'not_found');
    });

    it('decides on the id, not on a credential sent in the payload beside it', async () => {
      const client = tcpClient(service.port);
      try {
        const bobsMessage = { id: 'c-alice', authorization: `Bearer ${principals.bob}` };
        expect(await ask(client, 'conversation.read', bobsMessage)).toEqual({ error: expect.objectContaining({ code: 'not_found' }) });
        const alicesMessage = { id: 'c-alice', authorization: `Bearer ${principals.alice}` };
        expect(await ask(client, 'conversation.read', alicesMessage)).toEqual({ reply: { conversation: 'c-alice' } });
      } finally {
        client.close();
      }
    });

    it('looks a numeric id up as its decimal string', async () => {
      ownership.owners.set('42', { ownerId: 'alice', tenantId: 't1' });
      try {
        expect(await admitted('alice', 'conversation.read', { id: 42 })).toEqual({ conversation: 42 });
        await refused('bob', 'conversation.read', { id: 42 }, 'not_found');
      } finally {
        ownership.owners.delete('42');
      }
    });

    it.each(forged('id', 'c-alice'))('refuses %s (not_found) without asking the resolver', async (_case, payload) => {
      await refused('alice', 'conversation.read', payload, 'not_found');
      expect(ownership.lookups).toEqual([]);
    });
  });

  describe('@Permissions on run.cancel', () => {
    it('cancels for a holder of the filled permission (its own, or a role grant), and refuses another run: insufficient_permission', async () => {
      expect(await admitted('alice', 'run.cancel', { runId: 'r-alice' })).toEqual({ cancelled: 'r-alice' });
      await refused('alice', 'run.cancel', { runId: 'r-bob' }, 'insufficient_permission');
      await refused('bob', 'run.cancel', { runId: 'r-alice' }, 'insufficient_permission');
      expect(await admitted('operator', 'run.cancel', { runId: 'r-bob' })).toEqual({ cancelled: 'r-bob' });
    });

    it.each(['*', 'r-alice:cancel', 'r-alice:*', '{runId}'])('takes the run id %j literally: it cannot widen a grant', async (runId) => {
      await refused('alice', 'run.cancel', { runId }, 'insufficient_permission');
    });

    it.each(forged('runId', 'r-alice'))('refuses %s: insufficient_permission', async (_case, payload) => {
      await refused('alice', 'run.cancel', payload, 'insufficient_permission');
    });
  });

  describe('@TenantScoped on tenant.agents', () => {
    it('admits the principal into its own tenant only: wrong_tenant for another, or for a tenant id that is not a string', async () => {
      expect(await admitted('alice', 'tenant.agents', { tenantId: 't1' })).toEqual({ tenantId: 't1' });
      for (const tenantId of ['t2', ['t1'], { toString: 't1' }, undefined]) await refused('alice', 'tenant.agents', { tenantId }, 'wrong_tenant');
    });
  });
});

describe('message patterns with @OwnedResource in an app without an OwnershipResolver', () => {
  it('are a boot error naming each handler', async () => {
    const boot = startTestMicroservice({ ...fixture, providers: [AuthorizationHits] });
    await expect(boot).rejects.toThrow('AuthorizedPatternsController.readConversation has @OwnedResource() but no OwnershipResolver is provided');
  });
});
