import type { AuthContext } from '../auth-context.js';

/** The identity provider's tokens of a session: kept server-side with it, never sent to the browser. */
export interface ProviderTokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** The ID token, sent back as `id_token_hint` when the session ends at the provider. */
  readonly idToken?: string;
  /** Epoch milliseconds at which the access token expires, when the provider said. */
  readonly accessTokenExpiresAt?: number;
}

/** One browser session as a store keeps it. */
export interface StoredSession {
  /** The principal the session stands for (`method: 'session'`). */
  readonly auth: AuthContext;
  /** Epoch milliseconds of the login. */
  readonly createdAt: number;
  /** Epoch milliseconds of the last request seen (idle expiry counts from it; updated at most once a minute). */
  readonly lastSeenAt: number;
  /** Epoch milliseconds after which the session is over, however active (absolute expiry). */
  readonly expiresAt: number;
  /** The token unsafe form submissions of this session must carry (`_csrf` field or `x-csrf-token` header). */
  readonly csrfToken: string;
  /** The identity provider's tokens, when the session began with an OpenID Connect login. */
  readonly tokens?: ProviderTokens;
}

/** A session as listed for its user: its key and times, without its tokens. */
export interface SessionSummary {
  readonly key: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly expiresAt: number;
}

/**
 * Where browser sessions are kept. Keys are SHA-256 digests of the cookie values, never the values themselves, so
 * a copy of the store opens no session. Any method may reject when the store is down: requests then fail closed
 * (503 `session_store_unavailable`). The default keeps them in this process; `PostgresSessionStore`
 * (`nest-agent-auth/postgres`) shares them between instances.
 */
export interface SessionStore {
  /** Keeps a session under `key` (creates or replaces it). */
  save(key: string, session: StoredSession): void | Promise<void>;
  /** The session under `key`, or undefined when unknown or past its `expiresAt`. */
  find(key: string): StoredSession | undefined | Promise<StoredSession | undefined>;
  /** Records activity: sets `lastSeenAt`. */
  touch(key: string, lastSeenAt: number): void | Promise<void>;
  /** Replaces the provider tokens of a session (after a refresh). */
  updateTokens(key: string, tokens: ProviderTokens): void | Promise<void>;
  /** Removes a session; removing an unknown one is no error. */
  delete(key: string): void | Promise<void>;
  /** The live sessions of a user (by `auth.userId`). */
  listByUser(userId: string): SessionSummary[] | Promise<SessionSummary[]>;
  /** Removes every session of a user (logout everywhere); returns how many there were. */
  deleteByUser(userId: string): number | Promise<number>;
}

/** Injection token of the {@link SessionStore} (in-memory by default; set `session.store` to replace it). */
export const SessionStore = Symbol('SessionStore');
