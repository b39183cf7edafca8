import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BrowserSessions, type StoredSession } from 'nest-agent-auth';
import { migrateSessionStore, PostgresSessionStore } from 'nest-agent-auth/postgres';
import pg from 'pg';
import { startPostgres, type TestPostgres } from '../support/postgres-server.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { sessionFixture } from '../sessions/session-fixture.js';

const ORIGIN = 'http://127.0.0.1:1';

function session(userId: string, overrides: Partial<StoredSession> = {}): StoredSession {
  const now = Date.now();
  return {
    auth: { userId, method: 'session', roles: ['operator'], scopes: [], permissions: [], claims: { sub: userId, name: 'Ada' } },
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + 60_000,
    csrfToken: 'c'.repeat(43),
    tokens: { accessToken: 'at', refreshToken: 'rt', idToken: 'it', accessTokenExpiresAt: now + 30_000 },
    ...overrides,
  };
}

describe('PostgresSessionStore on a real PostgreSQL server', () => {
  let postgres: TestPostgres;
  let pool: pg.Pool;
  let store: PostgresSessionStore;

  beforeAll(async () => {
    postgres = await startPostgres();
    pool = new pg.Pool({ connectionString: postgres.connectionString, max: 4 });
    await migrateSessionStore(pool);
    await migrateSessionStore(pool);
    store = new PostgresSessionStore(pool);
  }, 60_000);

  afterAll(async () => {
    await pool?.end();
    await postgres?.stop();
  });

  it('creates its table with the documented migration, which can run again', async () => {
    const { rows } = await pool.query(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'agent_auth_sessions' ORDER BY column_name",
    );
    expect(rows.map((row) => row.column_name)).toEqual([
      'auth',
      'created_at',
      'csrf_token',
      'expires_at',
      'key',
      'last_seen_at',
      'tokens',
      'user_id',
    ]);
  });

  it('saves, finds, touches, refreshes tokens and deletes a session', async () => {
    const saved = session('ada');
    await store.save('k1', saved);
    expect(await store.find('k1')).toEqual(saved);
    await store.touch('k1', saved.lastSeenAt + 5);
    await store.updateTokens('k1', { accessToken: 'at2', refreshToken: 'rt2' });
    expect(await store.find('k1')).toEqual({ ...saved, lastSeenAt: saved.lastSeenAt + 5, tokens: { accessToken: 'at2', refreshToken: 'rt2' } });
    await store.delete('k1');
    expect(await store.find('k1')).toBeUndefined();
  });

  it('never returns a session past its absolute expiry, and purges them', async () => {
    await store.save('old', session('bob', { expiresAt: Date.now() - 1 }));
    expect(await store.find('old')).toBeUndefined();
    expect(await store.purgeExpired()).toBe(1);
  });

  it('lists and revokes the sessions of one user (logout everywhere)', async () => {
    await store.save('a1', session('carol'));
    await store.save('a2', session('carol'));
    await store.save('b1', session('dave'));
    expect((await store.listByUser('carol')).map((summary) => summary.key).sort()).toEqual(['a1', 'a2']);
    expect(await store.deleteByUser('carol')).toBe(2);
    expect(await store.listByUser('carol')).toEqual([]);
    expect(await store.find('b1')).toBeDefined();
  });

  describe.each(PLATFORMS)('behind the session strategy (%s)', (platform) => {
    let server: TestApp;
    let appPool: pg.Pool;

    beforeAll(async () => {
      appPool = new pg.Pool({ connectionString: postgres.connectionString, max: 2 });
      server = await startTestApp(platform, sessionFixture({ session: { origin: ORIGIN, store: new PostgresSessionStore(appPool) } }) as never);
    });

    afterAll(async () => {
      await server?.close();
      await appPool?.end().catch(() => undefined);
    });

    it('authenticates a session kept in PostgreSQL, and refuses it once revoked', async () => {
      const sessions = server.app.get(BrowserSessions);
      const { cookie } = await sessions.start({ userId: `erin-${platform}`, method: 'session', roles: [], scopes: [], claims: {} });
      const header = cookie.split(';')[0];
      const me = await fetch(`${server.url}/me`, { headers: { cookie: header } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { userId: string }).userId).toBe(`erin-${platform}`);
      expect(await sessions.endAllFor(`erin-${platform}`)).toBe(1);
      const after = await fetch(`${server.url}/me`, { headers: { cookie: header } });
      expect(after.status).toBe(401);
    });

    it('fails closed with 503 session_store_unavailable when the database is unreachable, never a 500', async () => {
      const sessions = server.app.get(BrowserSessions);
      const { cookie } = await sessions.start({ userId: 'frank', method: 'session', roles: [], scopes: [], claims: {} });
      await appPool.end();
      const response = await fetch(`${server.url}/me`, { headers: { cookie: cookie.split(';')[0] } });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { code: string }).code).toBe('session_store_unavailable');
    });
  });
});
