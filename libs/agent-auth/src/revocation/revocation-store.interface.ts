/** One revocation: a JWT by `jti`, every token of a subject issued before an instant, or an API key by id. */
export type Revocation =
  /** One JWT, refused until `expiresAt` (its `exp`, epoch milliseconds), after which it is refused as expired anyway. */
  | { readonly kind: 'token'; readonly jti: string; readonly expiresAt: number }
  /** Every JWT of `subject` (`AuthContext.userId`) issued (`iat`) before `before` (epoch ms): logout everywhere. */
  | { readonly kind: 'subject'; readonly subject: string; readonly before: number }
  /** The API key whose principal id (`AuthContext.userId`) is `id`. */
  | { readonly kind: 'api-key'; readonly id: string };

/** What a store is asked about a credential that verified: a JWT's identity facts, or an API key's id. */
export type RevocationQuery =
  | { readonly kind: 'token'; readonly jti?: string; readonly subject: string; readonly issuedAt?: number }
  | { readonly kind: 'api-key'; readonly id: string };

/**
 * Where revocations are kept. The in-memory default serves one process; `nest-agent-auth/redis` shares them between
 * instances. Every method may answer synchronously or with a promise; a store that throws or rejects makes the check
 * fail closed (503 `auth_unavailable`), never lets the credential through.
 */
export interface RevocationStore {
  /** Records a revocation (and tells every instance, for a shared store). */
  revoke(revocation: Revocation): void | Promise<void>;
  /**
   * Whether the credential is revoked. Asked once per credential verification, not per request: verified-token
   * caches keep the answer until {@link subscribe}'s listener fires.
   */
  isRevoked(query: RevocationQuery): boolean | Promise<boolean>;
  /**
   * Calls `listener` after every revocation made anywhere (another instance included), and whenever revocations may
   * have been missed (a lost connection): caches of verified credentials are dropped then. A store of one process can
   * leave it out: the revocations made here drop the caches here.
   */
  subscribe?(listener: () => void): void;
}

/** Injection token under which an app provides its {@link RevocationStore} (or pass `revocation.store`). */
export const RevocationStore = Symbol('RevocationStore');
