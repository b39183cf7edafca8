import { Logger } from '@nestjs/common';
import type { AuthContext, AuthRequest } from '../../auth-context.js';
import type { AuthStrategy, StrategyOutcome } from '../../authentication/auth-strategy.interface.js';
import { runPassportStrategy, type PassportOutcome } from '../../authentication/passport-runner.js';
import { ApiKeyCredentialReader } from '../../credentials/api-key-credential.js';
import { AuthError } from '../../errors/auth-error.js';
import type { ApiKeyOptions } from '../../options/api-key.options.js';
import { AUTH_UNAVAILABLE, type RevocationCheck } from '../../revocation/revocation-check.js';
import { BoundedCache } from '../../util/bounded-cache.js';
import { sha256Hex } from './api-key-material.js';
import { resolveApiKeySettings, type ApiKeySettings } from './api-key-settings.js';
import type { ApiKeyStore } from './api-key.store.js';
import { apiKeyCredential, ApiKeyPassportStrategy, type VerifiedApiKey } from './api-key.passport-strategy.js';

/** Verified key hashes kept at most; the cache never grows past it whatever the traffic. */
export const API_KEY_CACHE_SIZE = 10_000;
/** Leading characters of an API key brute-force throttling counts failures under (`ak_` and 9 random characters). */
export const API_KEY_FAILURE_PREFIX_LENGTH = 12;
const INVALID = new AuthError('invalid_api_key');
const logger = new Logger('AgentAuthModule');

/**
 * The `api-key` strategy of the composite guard: reads the key (key header or `Authorization: ApiKey`),
 * answers from a bounded cache of key hashes already verified (entries expire with the key and after
 * `cacheTtl`, so a key revoked in the store stops working), and verifies the rest through the Passport
 * {@link ApiKeyPassportStrategy}. Only SHA-256 hashes of keys are kept. With a {@link RevocationCheck}, a key whose id
 * was revoked is refused `invalid_api_key`, and the cache is dropped at every revocation.
 */
export class ApiKeyStrategy implements AuthStrategy {
  readonly name = 'api-key';
  private readonly settings: ApiKeySettings;
  private readonly reader: ApiKeyCredentialReader;
  private readonly strategy: ApiKeyPassportStrategy;
  private readonly verified = new BoundedCache<AuthContext>(API_KEY_CACHE_SIZE);

  /**
   * @param providedStore the `ApiKeyStore` provider of the app, if any (used instead of `options.keys`).
   * @param revocations checks each verified key against the revocation store; none: no revocation check.
   */
  constructor(
    options: ApiKeyOptions,
    providedStore?: ApiKeyStore,
    private readonly revocations?: RevocationCheck,
  ) {
    this.settings = resolveApiKeySettings(options, providedStore);
    this.reader = new ApiKeyCredentialReader(this.settings);
    this.strategy = new ApiKeyPassportStrategy(this.settings.store);
    revocations?.register(() => this.verified.clear());
  }

  /** Authenticates a request's API key; steps aside when there is none. */
  authenticate(request: AuthRequest): StrategyOutcome | Promise<StrategyOutcome> {
    const key = this.reader.read(request.headers);
    if (typeof key !== 'string') return key;
    return this.verify(key);
  }

  /**
   * The brute-force key of the API key a request carries: a hash of its first {@link API_KEY_FAILURE_PREFIX_LENGTH}
   * characters, so that guesses spread over many addresses at one key are counted together; never the key itself.
   */
  failureKey(request: AuthRequest): string | undefined {
    const key = this.reader.read(request.headers);
    return typeof key === 'string' ? `api-key:${sha256Hex(key.slice(0, API_KEY_FAILURE_PREFIX_LENGTH)).slice(0, 32)}` : undefined;
  }

  /** Verifies one key (from the cache when it was verified recently). */
  verify(key: string): AuthContext | AuthError | Promise<AuthContext | AuthError> {
    const hexDigest = sha256Hex(key);
    const cached = this.verified.get(hexDigest, Date.now());
    if (cached !== undefined) return cached;
    const outcome = runPassportStrategy(this.strategy, apiKeyCredential(key));
    return outcome instanceof Promise ? outcome.then((settled) => this.settle(hexDigest, settled)) : this.settle(hexDigest, outcome);
  }

  /**
   * Maps how the strategy ended to an outcome, checks a verified key against the revocations and caches it. A failed
   * store lookup fails closed with 503 `auth_unavailable` (logged with the store's message), not a 401 that would hide
   * the outage.
   */
  private settle(hexDigest: string, outcome: PassportOutcome): AuthContext | AuthError | Promise<AuthContext | AuthError> {
    if (outcome.kind === 'success') {
      const { auth, expiresAtMs } = outcome.user as VerifiedApiKey;
      const cache = (admitted: AuthContext) => {
        const now = Date.now();
        const until = Math.min(now + this.settings.cacheTtlMs, expiresAtMs ?? Number.POSITIVE_INFINITY);
        if (until > now) this.verified.set(hexDigest, admitted, until);
      };
      if (this.revocations === undefined) {
        cache(auth);
        return auth;
      }
      return this.revocations.admit(auth, { kind: 'api-key', id: auth.userId }, INVALID, cache);
    }
    if (outcome.kind === 'error') {
      if (outcome.error instanceof AuthError) return outcome.error;
      const { error } = outcome;
      logger.error(`ApiKeyStore.findByHash failed (answering 503 auth_unavailable): ${error instanceof Error ? error.message : String(error)}`);
      return AUTH_UNAVAILABLE;
    }
    return INVALID;
  }
}
