import type { Revocation, RevocationQuery, RevocationStore } from './revocation-store.interface.js';

/**
 * The default {@link RevocationStore}: revocations of this process only. A revoked `jti` is kept until its token's
 * `exp` and swept on later writes, so the store holds no more than the live revoked tokens, the subjects logged out
 * (one instant each) and the revoked API key ids. Never evicts: dropping a revocation would let its credential back in.
 */
export class InMemoryRevocationStore implements RevocationStore {
  /** Revoked `jti` → the epoch ms its token expires. */
  private readonly tokens = new Map<string, number>();
  /** Subject → tokens issued before this epoch ms are revoked. */
  private readonly subjects = new Map<string, number>();
  private readonly apiKeys = new Set<string>();

  /** Records a revocation (a later instant for a subject wins over an earlier one). */
  revoke(revocation: Revocation): void {
    const now = Date.now();
    if (revocation.kind === 'token') {
      for (const [jti, expiresAt] of this.tokens) if (expiresAt <= now) this.tokens.delete(jti);
      if (revocation.expiresAt > now) this.tokens.set(revocation.jti, revocation.expiresAt);
    } else if (revocation.kind === 'subject') {
      this.subjects.set(revocation.subject, Math.max(revocation.before, this.subjects.get(revocation.subject) ?? 0));
    } else {
      this.apiKeys.add(revocation.id);
    }
  }

  /** Map lookups only. A JWT without `iat` counts as issued before any logout of its subject. */
  isRevoked(query: RevocationQuery): boolean {
    if (query.kind === 'api-key') return this.apiKeys.has(query.id);
    if (query.jti !== undefined && (this.tokens.get(query.jti) ?? 0) > Date.now()) return true;
    const before = this.subjects.get(query.subject);
    return before !== undefined && (query.issuedAt === undefined || query.issuedAt < before);
  }
}
