import type { AuthContext } from '../auth-context.js';
import type { ProviderTokens, SessionStore, SessionSummary, StoredSession } from '../sessions/session-store.interface.js';
import type { SqlClient } from './sql-client.js';

/**
 * A {@link SessionStore} in PostgreSQL (the `agent_auth_sessions` table of {@link migrateSessionStore}), shared by
 * every instance. Give it a `pg` `Pool`. Query errors propagate, so requests fail closed with 503
 * `session_store_unavailable`. Provider tokens are stored as they are: restrict access to the table.
 * @example new PostgresSessionStore(new Pool({ connectionString: process.env.DATABASE_URL }))
 */
export class PostgresSessionStore implements SessionStore {
  constructor(private readonly client: SqlClient) {}

  /** Keeps (or replaces) a session. */
  async save(key: string, session: StoredSession): Promise<void> {
    await this.client.query(
      `INSERT INTO agent_auth_sessions (key, user_id, auth, csrf_token, tokens, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (key) DO UPDATE SET user_id = $2, auth = $3, csrf_token = $4, tokens = $5, created_at = $6, last_seen_at = $7, expires_at = $8`,
      [key, session.auth.userId, session.auth, session.csrfToken, session.tokens ?? null, session.createdAt, session.lastSeenAt, session.expiresAt],
    );
  }

  /** The live session under `key`. */
  async find(key: string): Promise<StoredSession | undefined> {
    const { rows } = await this.client.query(
      'SELECT auth, csrf_token, tokens, created_at, last_seen_at, expires_at FROM agent_auth_sessions WHERE key = $1 AND expires_at > $2',
      [key, Date.now()],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    return {
      auth: Object.freeze(row.auth as AuthContext),
      csrfToken: row.csrf_token as string,
      tokens: (row.tokens ?? undefined) as ProviderTokens | undefined,
      createdAt: Number(row.created_at),
      lastSeenAt: Number(row.last_seen_at),
      expiresAt: Number(row.expires_at),
    };
  }

  /** Sets `lastSeenAt`. */
  async touch(key: string, lastSeenAt: number): Promise<void> {
    await this.client.query('UPDATE agent_auth_sessions SET last_seen_at = $2 WHERE key = $1', [key, lastSeenAt]);
  }

  /** Replaces the provider tokens. */
  async updateTokens(key: string, tokens: ProviderTokens): Promise<void> {
    await this.client.query('UPDATE agent_auth_sessions SET tokens = $2 WHERE key = $1', [key, tokens]);
  }

  /** Removes a session. */
  async delete(key: string): Promise<void> {
    await this.client.query('DELETE FROM agent_auth_sessions WHERE key = $1', [key]);
  }

  /** The live sessions of a user, oldest first. */
  async listByUser(userId: string): Promise<SessionSummary[]> {
    const { rows } = await this.client.query(
      'SELECT key, created_at, last_seen_at, expires_at FROM agent_auth_sessions WHERE user_id = $1 AND expires_at > $2 ORDER BY created_at',
      [userId, Date.now()],
    );
    return rows.map((row) => ({
      key: row.key as string,
      createdAt: Number(row.created_at),
      lastSeenAt: Number(row.last_seen_at),
      expiresAt: Number(row.expires_at),
    }));
  }

  /** Removes every session of a user. */
  async deleteByUser(userId: string): Promise<number> {
    return (await this.client.query('DELETE FROM agent_auth_sessions WHERE user_id = $1', [userId])).rowCount ?? 0;
  }

  /** Removes sessions past their absolute expiry (run it now and then; expired sessions are never returned anyway). */
  async purgeExpired(now = Date.now()): Promise<number> {
    return (await this.client.query('DELETE FROM agent_auth_sessions WHERE expires_at <= $1', [now])).rowCount ?? 0;
  }
}
