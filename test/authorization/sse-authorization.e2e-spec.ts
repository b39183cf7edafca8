import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AgentAuthModule } from 'nest-agent-auth';
import { AUTHORIZATION_PROVIDERS, AuthorizationHits, ConversationOwnership } from '../fixtures/authorization.fixture.js';
import { AuthorizedStreamsController, TRANSPORT_ROLE_PERMISSIONS, transportPrincipals } from '../fixtures/authorization-transports.fixture.js';
import { STACK_LINE } from '../support/refusal.js';
import { readStream } from '../support/sse-client.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret } from '../support/tokens.js';

const secret = newSecret();
const { alice, bob } = transportPrincipals(secret);
const as = (token: string) => ({ Authorization: `Bearer ${token}` });

/** How a stream is opened: with the token in a header, in the query, or with a stream ticket issued for its path. */
type Credential = 'header' | 'query token' | 'ticket';
const CREDENTIALS: readonly Credential[] = ['header', 'query token', 'ticket'];

describe.each(PLATFORMS)('authorization of SSE streams on %s', (platform) => {
  let server: TestApp;
  let hits: AuthorizationHits;
  let ownership: ConversationOwnership;
  beforeAll(async () => {
    server = await startTestApp(platform, {
      imports: [AgentAuthModule.forRoot({ jwt: { secret }, rolePermissions: TRANSPORT_ROLE_PERMISSIONS, streamTicketRoute: true })],
      controllers: [AuthorizedStreamsController],
      providers: AUTHORIZATION_PROVIDERS,
    });
    hits = server.app.get(AuthorizationHits);
    ownership = server.app.get(ConversationOwnership);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    ownership.lookups.length = 0;
  });

  /** The URL and headers that open `path` as `token`'s principal with the given credential (a ticket is issued for it). */
  async function opening(path: string, token: string, credential: Credential, headers: Record<string, string> = {}) {
    if (credential === 'header') return { url: `${server.url}${path}`, headers: { ...headers, ...as(token) } };
    if (credential === 'query token') return { url: `${server.url}${path}?token=${token}`, headers };
    const issued = await request(server.url).post('/auth/stream-tickets').set(as(token)).send({ path }).expect(201);
    return { url: `${server.url}${path}?ticket=${issued.body.ticket}`, headers };
  }

  /** Opens a stream with the real EventSource client and reads its first three events. */
  async function stream(path: string, token: string, credential: Credential, headers?: Record<string, string>) {
    const { url, headers: sent } = await opening(path, token, credential, headers);
    return readStream(url, { headers: sent });
  }

  /**
   * Opens a stream that must be refused before any event and before its handler runs: the EventSource client sees
   * the status, and the same request answered to a plain HTTP client carries our body and no stack trace.
   */
  async function refusedStream(path: string, token: string, credential: Credential, status: number, code: string) {
    const before = hits.count;
    expect(await stream(path, token, credential)).toEqual({ kind: 'refused', status });
    const { url, headers } = await opening(path, token, credential);
    const response = await fetch(url, { headers: { ...headers, Accept: 'text/event-stream' } });
    const text = await response.text();
    expect({ status: response.status, code: JSON.parse(text).code }).toEqual({ status, code });
    expect(text).not.toMatch(STACK_LINE);
    expect(hits.count).toBe(before);
    return JSON.parse(text) as Record<string, unknown>;
  }

  describe.each(CREDENTIALS)('opened with a %s', (credential) => {
    it("streams the owner's conversation, asking the resolver once", async () => {
      const before = hits.count;
      expect(await stream('/conversations/c-alice/stream', alice, credential)).toEqual({
        kind: 'events',
        events: [0, 1, 2].map((n) => ({ conversation: 'c-alice', n })),
        types: ['message', 'message', 'message'],
      });
      expect(hits.count).toBe(before + 1);
      expect(ownership.lookups).toEqual(['conversation:c-alice']);
    });

    it("refuses another user's conversation exactly like a missing one: 404 not_found before any event, the handler never running", async () => {
      const foreign = await refusedStream('/conversations/c-bob/stream', alice, credential, 404, 'not_found');
      const missing = await refusedStream('/conversations/c-none/stream', alice, credential, 404, 'not_found');
      expect(foreign).toEqual(missing);
      await refusedStream('/conversations/c-alice/stream', bob, credential, 404, 'not_found');
    });

    it("refuses the owner's conversation when it lives in another tenant", async () => {
      await refusedStream('/conversations/c-elsewhere/stream', alice, credential, 404, 'not_found');
    });

    it('streams a run to a holder of its permission only: 403 insufficient_permission for another run', async () => {
      expect(await stream('/runs/r-alice/events', alice, credential)).toMatchObject({
        kind: 'events',
        events: [{ conversation: 'r-alice', n: 0 }, {}, {}],
      });
      await refusedStream('/runs/r-bob/events', alice, credential, 403, 'insufficient_permission');
      await refusedStream('/runs/r-alice/events', bob, credential, 403, 'insufficient_permission');
    });
  });

  describe('resuming with Last-Event-ID', () => {
    it('resumes the owner after the last event it saw, and refuses anyone else as if the conversation did not exist', async () => {
      expect(await stream('/conversations/c-alice/stream', alice, 'header', { 'Last-Event-ID': '41' })).toMatchObject({
        kind: 'events',
        events: [{ n: 42 }, { n: 43 }, { n: 44 }],
      });
      const before = hits.count;
      expect(await stream('/conversations/c-alice/stream', bob, 'header', { 'Last-Event-ID': '41' })).toEqual({ kind: 'refused', status: 404 });
      expect(hits.count).toBe(before);
    });
  });

  describe('ids the checks must take literally', () => {
    it('reads the id from the path only: a query or body naming the own conversation does not open a foreign one', async () => {
      await refusedStream('/conversations/c-bob/stream?id=c-alice', alice, 'header', 404, 'not_found');
      const before = hits.count;
      const response = await request(server.url).get('/conversations/c-bob/stream').set(as(alice)).send({ id: 'c-alice' });
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 404, code: 'not_found' });
      expect(hits.count).toBe(before);
    });

    it.each(['*', 'r-alice:watch', '%2A', 'r-alice%3Awatch', '{runId}', 'r-alice%00'])(
      'refuses the run id %j: a param cannot widen the permission',
      async (runId) => {
        await refusedStream(`/runs/${runId}/events`, alice, 'header', 403, 'insufficient_permission');
      },
    );

    it.each(['c-bob%00', 'c-bob%20', '%63-bob', 'c-ALICE', '%20c-alice'])(
      'never lets the conversation id %j reach anything but its owner',
      async (id) => {
        const before = hits.count;
        const response = await request(server.url).get(`/conversations/${id}/stream`).set(as(alice));
        expect([404, 400]).toContain(response.status);
        if (response.status === 404) expect(response.body.code).toBe('not_found');
        expect(response.text).not.toMatch(STACK_LINE);
        expect(hits.count).toBe(before);
      },
    );
  });
});
