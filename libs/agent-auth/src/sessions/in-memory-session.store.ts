import type { ProviderTokens, SessionStore, SessionSummary, StoredSession } from './session-store.interface.js';

/** Sessions the in-memory store holds at most; beyond it the oldest session is dropped. */
export const DEFAULT_MAX_SESSIONS = 100_000;

/**
 * The default {@link SessionStore}: a map in this process, size-capped (the oldest session is dropped beyond
 * `maxSessions`), expired sessions dropped when read. Sessions end with the process; use a shared store
 * (PostgreSQL) for several instances or restarts.
 */
export class InMemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, StoredSession>();

  constructor(private readonly maxSessions = DEFAULT_MAX_SESSIONS) {}

  /** Keeps a session, dropping the oldest one when full. */
  save(key: string, session: StoredSession): void {
    this.sessions.delete(key);
    if (this.sessions.size >= this.maxSessions) this.sessions.delete(this.sessions.keys().next().value as string);
    this.sessions.set(key, session);
  }

  /** The live session under `key`. */
  find(key: string): StoredSession | undefined {
    const session = this.sessions.get(key);
    if (session === undefined || session.expiresAt > Date.now()) return session;
    this.sessions.delete(key);
    return undefined;
  }

  /** Sets `lastSeenAt`. */
  touch(key: string, lastSeenAt: number): void {
    this.replace(key, { lastSeenAt });
  }

  /** Replaces the provider tokens. */
  updateTokens(key: string, tokens: ProviderTokens): void {
    this.replace(key, { tokens });
  }

  /** Removes a session. */
  delete(key: string): void {
    this.sessions.delete(key);
  }

  /** The live sessions of a user. */
  listByUser(userId: string): SessionSummary[] {
    const now = Date.now();
    return [...this.sessions]
      .filter(([, session]) => session.auth.userId === userId && session.expiresAt > now)
      .map(([key, { createdAt, lastSeenAt, expiresAt }]) => ({ key, createdAt, lastSeenAt, expiresAt }));
  }

  /** Removes every session of a user. */
  deleteByUser(userId: string): number {
    let removed = 0;
    for (const [key, session] of this.sessions) {
      if (session.auth.userId !== userId) continue;
      this.sessions.delete(key);
      removed++;
    }
    return removed;
  }

  private replace(key: string, change: Partial<StoredSession>): void {
    const session = this.sessions.get(key);
    if (session !== undefined) this.sessions.set(key, { ...session, ...change });
  }
}
