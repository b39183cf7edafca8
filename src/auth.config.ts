import { randomBytes } from 'node:crypto';
import type { RedisStores } from 'nest-agent-auth/redis';
import {
  generateApiKey,
  type AgentAuthModuleOptions,
  type AllowlistOptions,
  type ApiKeyDefinition,
  type JwtAlgorithm,
  type JwtOptions,
  type ProtectedResourceOptions,
  type SessionOptions,
} from 'nest-agent-auth';

/** Roles every demo API key gets: keys are for CI-style callers that run workflows. */
const API_KEY_ROLES = ['operator'];

/**
 * What each role may do beyond its own resources: support staff read any conversation; operators run any agent and
 * use any agent tool (the web search tool checks `tools:web-search:use`).
 */
const DEMO_ROLE_PERMISSIONS: Readonly<Record<string, string[]>> = { support: ['conversations:*:read'], operator: ['agents:*:run', 'tools:*:use'] };

/** Where the demo's auth settings came from: the environment, or credentials generated for this run. */
export interface DemoAuthConfig {
  readonly options: AgentAuthModuleOptions;
  /** Set when neither JWT_SECRET nor an identity provider was given: the secret generated for this run, to sign a ready-to-use token. */
  readonly devSecret?: string;
  /** Set when no API_KEY_HASHES was given: an operator API key generated for this run. */
  readonly devApiKey?: string;
}

/**
 * The demo's auth options from the environment. JWTs of an identity provider: JWT_ISSUER with JWT_DISCOVERY=1
 * (keys found by OpenID Connect discovery) or JWT_JWKS_URI, plus JWT_AUDIENCE and JWT_ALGORITHMS (comma-separated,
 * default RS256); or JWTs signed with a shared secret: JWT_SECRET, JWT_AUDIENCE and JWT_ISSUER. API keys:
 * API_KEY_HASHES (comma-separated `id=sha256:<hex>` entries, as printed by `nest-agent-auth key`). Without them, a
 * development secret and a development API key generated at boot (never for production: they change on every start).
 * The webhook allowlist comes from the environment too (see {@link demoAllowlist}).
 * Routes take JWTs; `POST /workflows/:id/run` also takes API keys (`@UseAuth('jwt', 'api-key')`). Browser sessions
 * (the chat page at `/chat`) come with an OpenID Connect provider: see {@link demoSession}.
 */
export function demoAuthConfig(env: NodeJS.ProcessEnv = process.env): DemoAuthConfig {
  const identityProvider = env.JWT_DISCOVERY === '1' || Boolean(env.JWT_JWKS_URI);
  const devSecret = env.JWT_SECRET || identityProvider ? undefined : randomBytes(32).toString('base64url');
  const devApiKey = env.API_KEY_HASHES ? undefined : generateApiKey();
  const session = demoSession(env);
  const mcp = demoMcpResource(env);
  return {
    devSecret,
    devApiKey,
    options: {
      jwt: identityProvider
        ? identityProviderJwt(env)
        : { secret: env.JWT_SECRET || devSecret, audience: env.JWT_AUDIENCE || undefined, issuer: env.JWT_ISSUER || undefined },
      apiKey: { keys: devApiKey ? [{ id: 'dev-ci', key: devApiKey, roles: API_KEY_ROLES }] : parseKeyHashes(env.API_KEY_HASHES ?? '') },
      strategies: session ? ['jwt', 'session'] : ['jwt'],
      session,
      rolePermissions: DEMO_ROLE_PERMISSIONS,
      allowlist: demoAllowlist(env),
      protectedResources: mcp ? [mcp] : undefined,
      publicRoutes: ['GET /health'],
      logRoutes: true,
      strict: true,
    },
  };
}

/**
 * Browser login for the chat page, with an OpenID Connect provider: OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET,
 * OIDC_REDIRECT_URI (default `http://HOST:PORT/auth/callback`) and OIDC_SCOPES (space-separated).
 * @returns undefined without OIDC_ISSUER: no sessions, the login routes answer 404.
 */
export function demoSession(env: NodeJS.ProcessEnv): SessionOptions | undefined {
  if (!env.OIDC_ISSUER) return undefined;
  const redirectUri = env.OIDC_REDIRECT_URI || `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? 3000}/auth/callback`;
  return {
    login: {
      issuer: env.OIDC_ISSUER,
      clientId: env.OIDC_CLIENT_ID ?? '',
      clientSecret: env.OIDC_CLIENT_SECRET || undefined,
      redirectUri,
      scopes: env.OIDC_SCOPES ? env.OIDC_SCOPES.split(' ').filter((scope) => scope !== '') : undefined,
      postLoginPath: '/chat',
      postLogoutPath: '/chat',
    },
  };
}

/** The scope `run_agent` needs beyond the MCP resource's base scope `agents:read`. */
export const RUN_AGENT_SCOPE = 'agents:execute';

/**
 * The demo's MCP endpoint `/mcp` as an OAuth protected resource (RFC 9728), with MCP_AUTHORIZATION_SERVER (the
 * issuer URL of the authorization server MCP clients get tokens from) and MCP_RESOURCE (the resource URI, the `aud`
 * its tokens must carry; default `http://HOST:PORT/mcp`).
 * @returns undefined without MCP_AUTHORIZATION_SERVER: no `/mcp` route.
 */
export function demoMcpResource(env: NodeJS.ProcessEnv): ProtectedResourceOptions | undefined {
  if (!env.MCP_AUTHORIZATION_SERVER) return undefined;
  return {
    resource: env.MCP_RESOURCE || `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? 3000}/mcp`,
    authorizationServers: [env.MCP_AUTHORIZATION_SERVER],
    scopes: ['agents:read'],
    tools: { list_agents: [], run_agent: [RUN_AGENT_SCOPE] },
  };
}

/** JWTs of an identity provider: its keys from a JWKS URL, or found by OpenID Connect discovery at startup. */
function identityProviderJwt(env: NodeJS.ProcessEnv): JwtOptions {
  return {
    issuer: env.JWT_ISSUER || undefined,
    discovery: env.JWT_DISCOVERY === '1' || undefined,
    jwksUri: env.JWT_JWKS_URI || undefined,
    audience: env.JWT_AUDIENCE || undefined,
    algorithms: (env.JWT_ALGORITHMS || 'RS256').split(',').map((algorithm) => algorithm.trim() as JwtAlgorithm),
  };
}

/** `ci-bot=sha256:…,deploy=sha256:…` (the id is optional) as key definitions; the module validates each hash. */
function parseKeyHashes(value: string): ApiKeyDefinition[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const separator = entry.indexOf('=');
      return separator === -1
        ? { hash: entry, roles: API_KEY_ROLES }
        : { id: entry.slice(0, separator).trim(), hash: entry.slice(separator + 1).trim(), roles: API_KEY_ROLES };
    });
}

/**
 * The messaging platforms configured in the environment, each enabled by its secret:
 * TELEGRAM_SECRET_TOKEN with TELEGRAM_USER_IDS / TELEGRAM_CHAT_IDS, SLACK_SIGNING_SECRET with SLACK_USER_IDS /
 * SLACK_CHANNEL_IDS, DISCORD_PUBLIC_KEY with DISCORD_USER_IDS / DISCORD_CHANNEL_IDS (ids comma-separated).
 * @returns undefined when no platform is configured (the demo then serves no webhook route).
 */
export function demoAllowlist(env: NodeJS.ProcessEnv): AllowlistOptions | undefined {
  const allowlist: AllowlistOptions = {};
  if (env.TELEGRAM_SECRET_TOKEN) {
    allowlist.telegram = { secretToken: env.TELEGRAM_SECRET_TOKEN, userIds: idList(env.TELEGRAM_USER_IDS), chatIds: idList(env.TELEGRAM_CHAT_IDS) };
  }
  if (env.SLACK_SIGNING_SECRET) {
    allowlist.slack = { signingSecret: env.SLACK_SIGNING_SECRET, userIds: idList(env.SLACK_USER_IDS), channelIds: idList(env.SLACK_CHANNEL_IDS) };
  }
  if (env.DISCORD_PUBLIC_KEY) {
    allowlist.discord = { publicKey: env.DISCORD_PUBLIC_KEY, userIds: idList(env.DISCORD_USER_IDS), channelIds: idList(env.DISCORD_CHANNEL_IDS) };
  }
  return Object.keys(allowlist).length > 0 ? allowlist : undefined;
}

/** A comma-separated list of ids (blanks around commas ignored), or undefined when empty. */
function idList(value: string | undefined): string[] | undefined {
  const ids = (value ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  return ids.length > 0 ? ids : undefined;
}

/**
 * The demo's auth settings with its shared state on Redis (`REDIS_URL`): revocations, stream tickets and brute-force
 * failure counts (throttling on, with its defaults), so several instances behind one load balancer agree.
 */
export function withSharedStores(config: DemoAuthConfig, redis: RedisStores): DemoAuthConfig {
  return {
    ...config,
    options: {
      ...config.options,
      revocation: { store: redis.revocations },
      streaming: { ...config.options.streaming, ticketStore: redis.tickets },
      bruteForce: { ...config.options.bruteForce, store: redis.failures },
    },
  };
}
