/** What a store knows about one API key; never the key itself. */
export interface ApiKeyRecord {
  /** The principal's id (`AuthContext.userId`). @default `apikey_<first 12 hex of the key's sha256>` */
  readonly id?: string;
  /** Roles granted to callers using the key. */
  readonly roles?: readonly string[];
  /** Scopes granted to callers using the key. */
  readonly scopes?: readonly string[];
  /** Permissions granted to callers using the key (`agents:*:run`). */
  readonly permissions?: readonly string[];
  /** The tenant the key acts for. */
  readonly tenantId?: string;
  /** When the key stops working (a Date or an ISO 8601 string); an unreadable date counts as expired. */
  readonly expiresAt?: Date | string;
  /** Anything else to expose in `AuthContext.claims` (never the key or its hash). */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * Where API keys are looked up, by hash. The default holds the keys of `apiKey.keys` in memory; provide the
 * {@link ApiKeyStore} token (or pass `apiKey.store`) to keep them elsewhere, in a database for example.
 * @example
 * @Injectable() class DbApiKeyStore implements ApiKeyStore {
 *   findByHash(hash: string) { return this.db.apiKeys.findOne({ hash, revoked: false }); }
 * }
 * AgentAuthModule.forRootAsync({
 *   imports: [ApiKeyStoreModule], // provides and exports { provide: ApiKeyStore, useClass: DbApiKeyStore }
 *   useFactory: () => ({ apiKey: {} }),
 * })
 */
export interface ApiKeyStore {
  /**
   * The key whose hash this is, or undefined when it is unknown or revoked.
   * @param hash `sha256:<64 lowercase hex>`, the form `nest-agent-auth key` prints.
   */
  findByHash(hash: string): ApiKeyRecord | undefined | Promise<ApiKeyRecord | undefined>;
}

/** Injection token of the {@link ApiKeyStore} the `api-key` strategy looks keys up in. */
export const ApiKeyStore = Symbol('ApiKeyStore');
