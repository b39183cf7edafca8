import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AgentAuthModule, StreamTicketService, type AuthContext } from 'nest-agent-auth';
import { FIXTURE_EVENT_INTERVAL_MS, StreamsFixtureController } from '../fixtures/streams.fixture.js';
import { CapturedLogger } from '../support/captured-logger.js';
import { readStream } from '../support/sse-client.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { credentialLedger, newSecret, nowSeconds } from '../support/tokens.js';

const secret = newSecret();
const now = nowSeconds;
/** Every credential a test sends: none may appear in a log line. */
const { sent: credentials, token, remember } = credentialLedger(secret, { sub: 'alice' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Lifetime of the tokens whose expiry a stream must outlive or end at: `exp` counts whole seconds, so such a token is
 * valid for 2 to 3 seconds, time enough to open the stream on a loaded machine.
 */
const SHORT_LIFETIME_SECONDS = 3;

describe.each(PLATFORMS)('SSE streams and stream tickets on %s', (platform) => {
  let server: TestApp;
  const logger = new CapturedLogger();
  const bearer = (value: string) => ({ Authorization: `Bearer ${value}` });
  const issue = async (path: string, value = token()) => {
    const response = await request(server.url).post('/auth/stream-tickets').set(bearer(value)).send({ path });
    expect(response.status).toBe(201);
    return remember(response.body.ticket as string);
  };

  beforeAll(async () => {
    server = await startTestApp(
      platform,
      { imports: [AgentAuthModule.forRoot({ jwt: { secret }, realm: 'agents', streamTicketRoute: true })], controllers: [StreamsFixtureController] },
      { logger },
    );
  });
  afterAll(() => server.close());

  describe('header and query tokens', () => {
    it('streams to a valid Authorization header, as that user', async () => {
      const result = await readStream(`${server.url}/streams/support/events`, { headers: bearer(token()) });
      expect(result).toMatchObject({ kind: 'events', events: [{ agent: 'support', n: 0, userId: 'alice', method: 'jwt' }, { n: 1 }, { n: 2 }] });
    });

    it('streams to a token in the query string of a route that opted in', async () => {
      const result = await readStream(`${server.url}/streams/support/events?token=${token({ sub: 'bob' })}`);
      expect(result).toMatchObject({ kind: 'events', events: [{ userId: 'bob', method: 'jwt' }, {}, {}] });
    });

    it('reads the parameter named in @AllowQueryToken()', async () => {
      const value = token({ roles: ['operator'] });
      expect(await readStream(`${server.url}/streams/support/operator-events?access_token=${value}`)).toMatchObject({ kind: 'events' });
      expect(await readStream(`${server.url}/streams/support/operator-events?token=${value}`)).toEqual({ kind: 'refused', status: 401 });
    });

    it('refuses a stream opened without credentials: 401 missing_credentials', async () => {
      expect(await readStream(`${server.url}/streams/support/events`)).toEqual({ kind: 'refused', status: 401 });
      const response = await request(server.url).get('/streams/support/events');
      expect(response.body).toMatchObject({ statusCode: 401, code: 'missing_credentials' });
      expect(response.headers['www-authenticate']).toBe('Bearer realm="agents"');
    });

    it('refuses an expired token: 401 token_expired, in the header or the query', async () => {
      const expired = token({ exp: now() - 60 });
      expect(await readStream(`${server.url}/streams/support/events?token=${expired}`)).toEqual({ kind: 'refused', status: 401 });
      expect(await readStream(`${server.url}/streams/support/events`, { headers: bearer(expired) })).toEqual({ kind: 'refused', status: 401 });
      const response = await request(server.url).get(`/streams/support/events?token=${expired}`);
      expect(response.body.code).toBe('token_expired');
      expect(response.text).not.toContain(expired);
    });

    it('refuses a tampered token: 401 invalid_token', async () => {
      const [header, payload, signature] = token().split('.');
      const forged = remember(`${header}.${Buffer.from(JSON.stringify({ sub: 'mallory', exp: now() + 600 })).toString('base64url')}.${signature}`);
      expect(payload).not.toBe(forged.split('.')[1]);
      expect(await readStream(`${server.url}/streams/support/events?token=${forged}`)).toEqual({ kind: 'refused', status: 401 });
      expect((await request(server.url).get(`/streams/support/events?token=${forged}`)).body.code).toBe('invalid_token');
    });

    it('refuses a principal without the role: 403 insufficient_role', async () => {
      expect(await readStream(`${server.url}/streams/support/operator-events?access_token=${token({ roles: ['viewer'] })}`)).toEqual({
        kind: 'refused',
        status: 403,
      });
      const response = await request(server.url).get('/streams/support/operator-events').set(bearer(token()));
      expect(response.body).toMatchObject({ statusCode: 403, code: 'insufficient_role' });
    });

    it('ignores query tokens on routes that did not opt in', async () => {
      expect(await readStream(`${server.url}/streams/support/header-only?token=${token()}`)).toEqual({ kind: 'refused', status: 401 });
      expect((await request(server.url).get(`/streams/support/header-only?token=${token()}`)).body.code).toBe('missing_credentials');
      expect(await readStream(`${server.url}/streams/support/header-only`, { headers: bearer(token()) })).toMatchObject({ kind: 'events' });
    });

    it('accepts query tokens on GET only', async () => {
      const response = await request(server.url).post(`/streams/support/snapshot?token=${token()}`);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('missing_credentials');
      expect((await request(server.url).post('/streams/support/snapshot').set(bearer(token()))).status).toBe(200);
    });

    it('refuses a token sent both in the header and the query: 400 invalid_request', async () => {
      const value = token();
      const response = await request(server.url).get(`/streams/support/snapshot?token=${value}`).set(bearer(value));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'invalid_request' });
      expect(response.headers['www-authenticate']).toContain('error="invalid_request"');
      expect(await readStream(`${server.url}/streams/support/events?token=${value}`, { headers: bearer(value) })).toEqual({
        kind: 'refused',
        status: 400,
      });
    });

    it('refuses a repeated token parameter, or a token with a ticket: 400 invalid_request', async () => {
      const repeated = await request(server.url).get(`/streams/support/snapshot?token=${token()}&token=${token({ sub: 'bob' })}`);
      expect(repeated.status).toBe(400);
      expect(repeated.body.code).toBe('invalid_request');
      const both = await request(server.url).get(`/streams/support/snapshot?token=${token()}&ticket=${await issue('/streams/support/snapshot')}`);
      expect(both.status).toBe(400);
    });

    it('sends Cache-Control: no-store on routes that accept query tokens, refusals included', async () => {
      const ok = await request(server.url).get(`/streams/support/snapshot?token=${token()}`);
      expect(ok.status).toBe(200);
      expect(ok.headers['cache-control']).toBe('no-store');
      expect((await request(server.url).get('/streams/support/snapshot')).headers['cache-control']).toBe('no-store');
      const stream = await fetch(`${server.url}/streams/support/events?token=${token()}`);
      expect(stream.status).toBe(200);
      expect(stream.headers.get('cache-control')).toContain('no-store');
      await stream.body?.cancel();
    });
  });

  describe('token expiry while the stream is open', () => {
    it('ends the stream with a token_expired event when the token expires', async () => {
      const shortLived = token({ exp: now() + 2 });
      const result = await readStream(`${server.url}/streams/support/events?token=${shortLived}`, { until: 'token_expired' });
      expect(result.kind).toBe('events');
      const { events, types } = result as { events: unknown[]; types: string[] };
      expect(types.at(-1)).toBe('token_expired');
      expect(events.at(-1)).toEqual({ code: 'token_expired' });
      expect(types.filter((type) => type === 'message').length).toBeGreaterThan(0);
    });

    it('ends the raw HTTP response too, so the server keeps no stream for an expired token', async () => {
      const response = await fetch(`${server.url}/streams/support/events`, { headers: bearer(token({ exp: now() + SHORT_LIFETIME_SECONDS })) });
      expect(response.status).toBe(200);
      const body = await response.text();
      expect(body).toContain('event: token_expired');
      expect(body.trimEnd().endsWith('data: {"code":"token_expired"}')).toBe(true);
    });
  });

  describe('stream tickets', () => {
    it('opens the stream once, as the principal that asked for the ticket', async () => {
      const ticket = await issue('/streams/support/events', token({ sub: 'carol' }));
      expect(await readStream(`${server.url}/streams/support/events?ticket=${ticket}`)).toMatchObject({
        kind: 'events',
        events: [{ userId: 'carol', method: 'ticket' }, {}, {}],
      });
    });

    it('answers the route with { ticket, expiresAt } about 30 seconds ahead', async () => {
      const response = await request(server.url).post('/auth/stream-tickets').set(bearer(token())).send({ path: '/streams/a/events' });
      remember(response.body.ticket);
      expect(Object.keys(response.body).sort()).toEqual(['expiresAt', 'ticket']);
      const lifetime = Date.parse(response.body.expiresAt) - Date.now();
      expect(lifetime).toBeGreaterThan(20_000);
      expect(lifetime).toBeLessThanOrEqual(30_000);
    });

    it('refuses a replayed ticket: 401 invalid_token', async () => {
      const ticket = await issue('/streams/support/snapshot');
      expect((await request(server.url).get(`/streams/support/snapshot?ticket=${ticket}`)).status).toBe(200);
      const replay = await request(server.url).get(`/streams/support/snapshot?ticket=${ticket}`);
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('invalid_token');
      expect(replay.headers['www-authenticate']).toContain('error="invalid_token"');
      expect(await readStream(`${server.url}/streams/support/events?ticket=${ticket}`)).toEqual({ kind: 'refused', status: 401 });
    });

    it('refuses a ticket on another path, and burns it', async () => {
      const ticket = await issue('/streams/support/events');
      expect(await readStream(`${server.url}/streams/research/events?ticket=${ticket}`)).toEqual({ kind: 'refused', status: 401 });
      expect(await readStream(`${server.url}/streams/support/events?ticket=${ticket}`)).toEqual({ kind: 'refused', status: 401 });
    });

    it('compares the raw path: percent-encoded and double-slash variants do not match', async () => {
      for (const variant of ['/streams/%73upport/events', '/streams//support/events', '/Streams/support/events']) {
        const ticket = await issue('/streams/support/snapshot');
        const response = await request(server.url).get(`${variant.replace('events', 'snapshot')}?ticket=${ticket}`);
        expect([401, 404]).toContain(response.status);
        if (response.status === 401) expect(response.body.code).toBe('invalid_token');
      }
    });

    it('refuses an expired ticket', async () => {
      const auth: AuthContext = { userId: 'dave', method: 'jwt', roles: [], scopes: [], claims: {} };
      const issued = await server.app.get(StreamTicketService).issue(auth, { path: '/streams/support/snapshot', ttlSeconds: 1 });
      remember(issued.ticket);
      for (let i = 0; i < 40 && Date.now() <= Date.parse(issued.expiresAt); i++) await sleep(50);
      const response = await request(server.url).get(`/streams/support/snapshot?ticket=${issued.ticket}`);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('invalid_token');
    });

    it('refuses a ticket that was never issued, or is malformed', async () => {
      for (const ticket of ['A'.repeat(43), 'short', '%00']) {
        const response = await request(server.url).get(`/streams/support/snapshot?ticket=${ticket}`);
        expect(response.status).toBe(401);
        expect(response.body.code).toBe('invalid_token');
      }
    });

    it('still enforces the route roles on the ticket holder', async () => {
      const viewer = await issue('/streams/support/operator-events', token({ roles: ['viewer'] }));
      expect(await readStream(`${server.url}/streams/support/operator-events?ticket=${viewer}`)).toEqual({ kind: 'refused', status: 403 });
      const operator = await issue('/streams/support/operator-events', token({ roles: ['operator'] }));
      expect(await readStream(`${server.url}/streams/support/operator-events?ticket=${operator}`)).toMatchObject({ kind: 'events' });
    });

    it('issues tickets only to authenticated callers, for canonical paths only', async () => {
      const anonymous = await request(server.url).post('/auth/stream-tickets').send({ path: '/streams/a/events' });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('missing_credentials');
      for (const body of [
        {},
        { path: 'streams/a' },
        { path: '/streams/../admin' },
        { path: '/streams/a/' },
        { path: '/a?b=c' },
        { path: 42 },
        { path: '/a', ttlSeconds: 3600 },
      ]) {
        const response = await request(server.url).post('/auth/stream-tickets').set(bearer(token())).send(body);
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('invalid_request');
      }
    });
  });

  it('never writes a token or a ticket in a log line', () => {
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(credentials.size).toBeGreaterThan(10);
    expect(logger.linesContaining(credentials)).toEqual([]);
  });
});

describe('SSE streams with streaming.closeAtExpiry: false', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp('express', {
      imports: [AgentAuthModule.forRoot({ jwt: { secret }, streaming: { closeAtExpiry: false } })],
      controllers: [StreamsFixtureController],
    });
  });
  afterAll(() => server.close());

  it('keeps the stream open past the expiry of its token', async () => {
    const exp = now() + SHORT_LIFETIME_SECONDS;
    // Events come at most every FIXTURE_EVENT_INTERVAL_MS: this many take the stream half a second past exp.
    const count = ((SHORT_LIFETIME_SECONDS + 0.5) * 1000) / FIXTURE_EVENT_INTERVAL_MS;
    const result = await readStream(`${server.url}/streams/support/events?token=${token({ exp })}`, { count });
    expect(result.kind).toBe('events');
    expect((result as { types: string[] }).types).not.toContain('token_expired');
    expect(Date.now()).toBeGreaterThan(exp * 1000);
  });
});
