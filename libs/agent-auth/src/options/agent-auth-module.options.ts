import { IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, ValidateNested } from 'class-validator';
import type { AuthContext } from '../auth-context.js';
import type { AuthError } from '../errors/auth-error.js';
import { ApiKeyOptions } from './api-key.options.js';
import { AllowlistOptions } from './allowlist.options.js';
import { AuthorizationRule } from './authorization-rule.options.js';
import type { AuthEvent } from '../events/auth-event.js';
import { BruteForceOptions } from './brute-force.options.js';
import { JwtOptions } from './jwt.options.js';
import { ProtectedResourceOptions } from './protected-resource.options.js';
import { RevocationOptions } from './revocation.options.js';
import { IsFunction, IsPermissionMap, IsRoutePattern } from './option-validators.js';
import { ConsoleOptions } from './console.options.js';
import { SessionOptions } from './session.options.js';
import { StreamingOptions } from './streaming.options.js';

/**
 * Options of `AgentAuthModule.forRoot()`, validated once at startup (every problem reported in one error).
 * @example AgentAuthModule.forRoot({ jwt: { secret: process.env.JWT_SECRET }, publicRoutes: ['GET /health'] })
 */
export class AgentAuthModuleOptions {
  /**
   * `false` lets every request through with no principal (a warning is logged at boot) and skips the strategies'
   * startup work (OpenID Connect discovery, the JWKS fetch). @default true
   */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  /** Every route needs credentials unless made public. With `false`, only protected routes do. @default true */
  @IsOptional()
  @IsBoolean()
  defaultPrivate?: boolean;

  /** Route patterns reachable without credentials: `"[METHOD ]/path"` with `*`, `**` and `:name`. */
  @IsOptional()
  @IsArray()
  @IsRoutePattern({ each: true })
  publicRoutes?: string[];

  /** Route patterns that need credentials even with `defaultPrivate: false`; they win over `publicRoutes`. */
  @IsOptional()
  @IsArray()
  @IsRoutePattern({ each: true })
  protectedRoutes?: string[];

  /** Strategies tried, in order, on routes without `@UseAuth`. @default the configured ones: `['jwt', 'api-key']` */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  strategies?: string[];

  /** Bearer JWT verification: one configuration, or one per issuer (a token goes to the entry naming its `iss`). */
  @IsOptional()
  @ValidateNested({ each: true })
  jwt?: JwtOptions | JwtOptions[];

  /** API keys from the `x-api-key` header or `Authorization: ApiKey <key>`, held only as SHA-256 hashes. */
  @IsOptional()
  @ValidateNested()
  apiKey?: ApiKeyOptions;

  /** Messaging webhooks (Telegram, Slack, Discord, custom) for routes marked `@UseAuth('allowlist')`. */
  @IsOptional()
  @ValidateNested()
  allowlist?: AllowlistOptions;

  /**
   * OAuth protected resources served by the app (MCP servers): each one's routes take only header Bearer tokens whose
   * `aud` is its URI, answer 401s pointing at its RFC 9728 metadata (served at `/.well-known/oauth-protected-resource…`)
   * and check its tools' scopes on JSON-RPC `tools/call`.
   */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  protectedResources?: ProtectedResourceOptions[];
  /** Browser sessions in a cookie (the `session` strategy), with OpenID Connect login when `login` is set. */
  @IsOptional()
  @ValidateNested()
  session?: SessionOptions;

  /** The console realm: routes (observability, admin) that accept only console keys or an operator's session. */
  @IsOptional()
  @ValidateNested()
  console?: ConsoleOptions;

  /** SSE streams, WebSocket connections and single-use stream tickets. */
  @IsOptional()
  @ValidateNested()
  streaming?: StreamingOptions;

  /**
   * Permissions granted to holders of each role, added to the principal's own (a JWT's `permissions` claim, an API
   * key's `permissions`) where `@Permissions` is checked. `*` in a permission stands for any one segment.
   * @example rolePermissions: { operator: ['agents:*:run'], support: ['conversations:*:read'] }
   */
  @IsOptional()
  @IsPermissionMap()
  rolePermissions?: Record<string, string[]>;

  /**
   * Authorization in configuration rather than decorators: each rule's requirements apply to every handler one of
   * whose declared routes its pattern covers, in addition to its decorators' (both must hold); a requirement makes
   * the route private even under `@Public()`. A rule that matches no declared route is warned about (an error with `strict`).
   * @example rules: [{ route: 'POST /agents/:agent/run', permissions: ['agents:{agent}:run'] }, { route: '/admin/**', roles: ['admin'] }]
   */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  rules?: AuthorizationRule[];

  /**
   * How `@OwnedResource` refuses a resource that does not exist or is not the principal's (both answer the same,
   * so ids cannot be probed): 404 `not_found`, or 403 `not_owner`. @default 404
   */
  @IsOptional()
  @IsIn([403, 404])
  ownershipRefusal?: 403 | 404;

  /** Turns the {@link AuthContext} into what `@AuthUser()` and `req.user` return. @default the AuthContext itself */
  @IsOptional()
  @IsFunction()
  mapUser?: (auth: AuthContext) => unknown;

  /** Realm named in `WWW-Authenticate` challenges. @default 'api' */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  realm?: string;

  /** Reshapes error bodies; receives the error (code, status, message), never a credential. */
  @IsOptional()
  @IsFunction()
  errorBody?: (error: AuthError) => object;

  /** Brute-force throttling per client IP (429 `too_many_failures` with `Retry-After`). @default off */
  @IsOptional()
  @ValidateNested()
  bruteForce?: BruteForceOptions;

  /** Where revoked JWTs (by `jti`, by subject) and API keys are kept. @default an in-memory store */
  @IsOptional()
  @ValidateNested()
  revocation?: RevocationOptions;

  /**
   * Called with every decision on a non-public route (outcome, code, strategies tried, declared route, client IP,
   * principal id); never given a token, key, secret or query string. Keep it fast: it runs on the request path.
   */
  @IsOptional()
  @IsFunction()
  onAuthEvent?: (event: AuthEvent) => void;

  /**
   * Which decisions get a Nest `Logger` line: `'failures'` (refusals at `log`, 403 and 429 at `warn`), `'all'`
   * (successes too, at `debug`) or `'none'`. @default 'failures'
   */
  @IsOptional()
  @IsIn(['all', 'failures', 'none'])
  logAuthEvents?: 'all' | 'failures' | 'none';

  /** Log every route's effective policy as a table at startup. @default false */
  @IsOptional()
  @IsBoolean()
  logRoutes?: boolean;

  /**
   * Refuse to boot on a `publicRoutes`/`protectedRoutes`/`rules` pattern that matches no route, or on a handler that
   * is `@Public()` and has a requirement (roles, scopes, permissions, tenant, ownership, identity) or a rule; without
   * it these are warnings. @default false
   */
  @IsOptional()
  @IsBoolean()
  strict?: boolean;
}
