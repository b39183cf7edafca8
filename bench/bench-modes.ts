import type { BenchAppKind } from './app/bench-server.config.js';

/** What a mode sends on every request. */
export type BenchCredential = 'none' | 'hs256' | 'hs256-per-request' | 'rs256' | 'api-key' | 'foreign-hs256' | 'foreign-hs256-per-request';

/** One benchmarked configuration: an app, a credential, and the status every request must get. */
export interface BenchMode {
  readonly id: string;
  readonly label: string;
  readonly app: BenchAppKind;
  readonly credential: BenchCredential;
  readonly expectedStatus: 200 | 401;
  /**
   * The no-guard mode sent the same requests: the guard's own cost is the difference between the two (a 300-byte
   * `Authorization` header costs the server its parsing whether or not a guard reads it).
   */
  readonly sameRequests?: string;
  /** DESIGN §5 floor for the ratio to {@link sameRequests}, where there is one. */
  readonly minRatio?: number;
  /**
   * What it loads: the demo's REST route (`GET /agents/:id`), the same agent behind a permission and an ownership
   * check (`GET /owned-agents/:id`), a stream ticket that was never issued in the query (`GET /ticketed-agents/:id`:
   * one redemption, a GETDEL, per request), or the demo's GraphQL `agents` query. @default 'rest'
   */
  readonly request?: 'rest' | 'owned' | 'ticket' | 'graphql';
}

/** The modes, in the order each round runs them (the baselines first: the no-guard app, sent each kind of request). */
export const BENCH_MODES: readonly BenchMode[] = [
  { id: 'no-guard', label: 'no guard (baseline)', app: 'none', credential: 'none', expectedStatus: 200 },
  { id: 'no-guard-hs256', label: 'no guard, sent a HS256 JWT', app: 'none', credential: 'hs256', expectedStatus: 200 },
  // Not a baseline: autocannon rebuilds every request of a per-request-token mode and becomes the bottleneck near
  // this rate, so `hs256-unique` is compared with the no-guard app sent a HS256 JWT of the same size instead.
  {
    id: 'no-guard-unique',
    label: "no guard, sent a new HS256 JWT every request (the load generator's limit)",
    app: 'none',
    credential: 'hs256-per-request',
    expectedStatus: 200,
  },
  { id: 'no-guard-rs256', label: 'no guard, sent a RS256 JWT', app: 'none', credential: 'rs256', expectedStatus: 200 },
  { id: 'no-guard-api-key', label: 'no guard, sent an API key', app: 'none', credential: 'api-key', expectedStatus: 200 },
  {
    id: 'no-guard-graphql',
    label: 'no guard, GraphQL query sent a HS256 JWT',
    app: 'none',
    credential: 'hs256',
    request: 'graphql',
    expectedStatus: 200,
  },
  {
    id: 'no-guard-owned',
    label: 'no guard, owned-agents route sent a HS256 JWT',
    app: 'none',
    credential: 'hs256',
    request: 'owned',
    expectedStatus: 200,
  },
  { id: 'noop-guard', label: 'no-op guard (Nest guard cost)', app: 'noop-guard', credential: 'none', expectedStatus: 200, sameRequests: 'no-guard' },
  {
    id: 'hs256',
    label: 'HS256, token re-used',
    app: 'jwt-hs256',
    credential: 'hs256',
    expectedStatus: 200,
    sameRequests: 'no-guard-hs256',
    minRatio: 0.95,
  },
  {
    id: 'hs256-scope',
    label: 'HS256, token re-used, principalContext: true',
    app: 'jwt-hs256-scope',
    credential: 'hs256',
    expectedStatus: 200,
    sameRequests: 'no-guard-hs256',
  },
  {
    id: 'authorized',
    label: 'HS256 re-used, @Permissions + @OwnedResource (in-memory resolver)',
    app: 'jwt-hs256-authorized',
    credential: 'hs256',
    request: 'owned',
    expectedStatus: 200,
    sameRequests: 'no-guard-owned',
    minRatio: 0.9,
  },
  {
    id: 'hs256-unique',
    label: 'HS256, new token every request',
    app: 'jwt-hs256',
    credential: 'hs256-per-request',
    expectedStatus: 200,
    sameRequests: 'no-guard-hs256',
    minRatio: 0.75,
  },
  {
    id: 'redis-revocation',
    label: 'HS256 re-used, revocation store on Redis',
    app: 'jwt-hs256-redis',
    credential: 'hs256',
    expectedStatus: 200,
    sameRequests: 'no-guard-hs256',
    minRatio: 0.95,
  },
  {
    id: 'redis-ticket',
    label: 'stream ticket redeemed on Redis (unknown ticket, one GETDEL per request, 401)',
    app: 'jwt-hs256-redis',
    credential: 'none',
    request: 'ticket',
    expectedStatus: 401,
  },
  { id: 'rs256', label: 'RS256, token re-used', app: 'jwt-rs256', credential: 'rs256', expectedStatus: 200, sameRequests: 'no-guard-rs256' },
  {
    id: 'api-key',
    label: 'API key',
    app: 'api-key',
    credential: 'api-key',
    expectedStatus: 200,
    sameRequests: 'no-guard-api-key',
    minRatio: 0.95,
  },
  {
    id: 'composite',
    label: 'JWT steps aside, API key succeeds',
    app: 'jwt+api-key',
    credential: 'api-key',
    expectedStatus: 200,
    sameRequests: 'no-guard-api-key',
  },
  {
    id: 'bad-token',
    label: 'bad signature (401)',
    app: 'jwt-hs256',
    credential: 'foreign-hs256',
    expectedStatus: 401,
    sameRequests: 'no-guard-hs256',
  },
  {
    id: 'bad-token-flood',
    label: 'a new bad token every request (401)',
    app: 'jwt-hs256',
    credential: 'foreign-hs256-per-request',
    expectedStatus: 401,
    sameRequests: 'no-guard-hs256',
  },
  {
    id: 'graphql-hs256',
    label: 'GraphQL query, HS256 token re-used',
    app: 'jwt-hs256',
    credential: 'hs256',
    request: 'graphql',
    expectedStatus: 200,
    sameRequests: 'no-guard-graphql',
  },
  {
    id: 'docs-recipe',
    label: "docs recipe: AuthGuard('jwt')",
    app: 'docs-recipe',
    credential: 'hs256',
    expectedStatus: 200,
    sameRequests: 'no-guard-hs256',
  },
];

/** The bare baseline: the no-guard app, sent no credential. */
export const BASELINE_MODE = 'no-guard';
/** The reference the guard must beat by {@link MIN_SPEEDUP_OVER_RECIPE}. */
export const RECIPE_MODE = 'docs-recipe';
/** DESIGN §5: our re-used HS256 token against the docs recipe, per platform. */
export const MIN_SPEEDUP_OVER_RECIPE: Readonly<Record<string, number>> = { express: 3, fastify: 8 };
