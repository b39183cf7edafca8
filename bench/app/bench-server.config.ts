/** The HTTP platforms the benchmark compares. */
export type BenchPlatform = 'express' | 'fastify';

/**
 * How a benchmarked app authenticates: no guard, a guard that lets everything through, our guard with a given set
 * of strategies (`jwt-hs256-authorized`: with `rolePermissions` and an ownership resolver; `jwt-hs256-scope`: with
 * the module switch `principalContext: true`; `jwt-hs256-redis`: with the revocation and ticket stores of
 * `nest-agent-auth/redis`), or the docs recipe.
 */
export type BenchAppKind =
  | 'none'
  | 'noop-guard'
  | 'jwt-hs256'
  | 'jwt-hs256-authorized'
  | 'jwt-hs256-scope'
  | 'jwt-hs256-redis'
  | 'jwt-rs256'
  | 'api-key'
  | 'jwt+api-key'
  | 'docs-recipe';

/** What the driver hands one server process (through the BENCH_SERVER environment variable, never on disk). */
export interface BenchServerConfig {
  readonly platform: BenchPlatform;
  readonly app: BenchAppKind;
  /** HS256 secret generated for this run. */
  readonly secret: string;
  /** SPKI PEM of the RSA key generated for this run. */
  readonly publicKeyPem: string;
  /** The API key generated for this run. */
  readonly apiKey: string;
  /** Whether the app also serves the demo's agents over GraphQL at `/graphql`. */
  readonly graphql: boolean;
  /** The private redis-server the driver started, for `jwt-hs256-redis`. */
  readonly redisUrl?: string;
}

/** The variable the driver passes a {@link BenchServerConfig} in. */
export const BENCH_SERVER_ENV = 'BENCH_SERVER';
