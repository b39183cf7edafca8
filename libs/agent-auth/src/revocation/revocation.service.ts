import { Inject, Injectable } from '@nestjs/common';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import type { AuthContext } from '../auth-context.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import { RevocationCheck } from './revocation-check.js';
import type { Revocation } from './revocation-store.interface.js';

/** Why a principal's credential cannot be revoked on its own (see {@link RevocationService.revokeCredential}). */
export class NotRevocableError extends Error {
  override readonly name = 'NotRevocableError';
}

/**
 * Revokes credentials: one JWT by `jti` (kept until its `exp`), every token of a subject issued before an instant
 * (logout everywhere), an API key by id. Each revocation is written to the `RevocationStore`, then drops this
 * instance's caches of verified credentials (a shared store tells the other instances itself). A store that fails
 * rejects the returned promise; nothing was revoked then.
 * @example await revocations.revokeSubject(user.id); // every token issued to the user so far stops working
 */
@Injectable()
export class RevocationService {
  /** The largest `clockTolerance` of the JWT configurations: a revoked `jti` is kept as long as its token is accepted. */
  private readonly toleranceMs: number;

  constructor(
    private readonly check: RevocationCheck,
    @Inject(AGENT_AUTH_OPTIONS) options: AgentAuthModuleOptions,
  ) {
    const jwt = options.jwt === undefined ? [] : Array.isArray(options.jwt) ? options.jwt : [options.jwt];
    this.toleranceMs = Math.max(0, ...jwt.map((entry) => entry.clockTolerance ?? 0)) * 1000;
  }

  /** Revokes one JWT by its `jti`, until `expiresAt` (its `exp`: a Date, or epoch milliseconds). */
  revokeToken(jti: string, expiresAt: Date | number): Promise<void> {
    return this.record({ kind: 'token', jti, expiresAt: new Date(expiresAt).getTime() + this.toleranceMs });
  }

  /**
   * Revokes every JWT of `subject` (its `AuthContext.userId`) issued before `before`; `iat` has a one-second resolution,
   * so a token issued in the same second as the revocation is refused too.
   * @param before a Date or epoch milliseconds. @default now
   */
  revokeSubject(subject: string, before: Date | number = Date.now()): Promise<void> {
    return this.record({ kind: 'subject', subject, before: new Date(before).getTime() });
  }

  /** Revokes the API key whose principal id (`AuthContext.userId`: its `id`, or `apikey_<hex>`) this is. */
  revokeApiKey(id: string): Promise<void> {
    return this.record({ kind: 'api-key', id });
  }

  /**
   * Revokes the credential a principal authenticated with: its JWT (by `jti`, until `exp`) or its API key.
   * @throws NotRevocableError (synchronously rejected) for a JWT without `jti` or `exp`, or another method.
   */
  revokeCredential(auth: AuthContext): Promise<void> {
    if (auth.method === 'api-key') return this.revokeApiKey(auth.userId);
    if (auth.method !== 'jwt') return Promise.reject(new NotRevocableError(`a ${auth.method} credential cannot be revoked here`));
    const { jti, exp } = auth.claims;
    if (typeof jti !== 'string' || typeof exp !== 'number') {
      return Promise.reject(new NotRevocableError('the token has no jti and exp: revoke its subject instead'));
    }
    return this.revokeToken(jti, exp * 1000);
  }

  private async record(revocation: Revocation): Promise<void> {
    await this.check.store.revoke(revocation);
    this.check.invalidate();
  }
}
