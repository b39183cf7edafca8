import { randomBytes } from 'node:crypto';
import type { AgentAuthModuleOptions, JwtAlgorithm, JwtOptions } from 'nest-agent-auth';

/** Where the demo's auth settings came from: the environment, or secrets generated for this run. */
export interface DemoAuthConfig {
  readonly options: AgentAuthModuleOptions;
  /** Set when no JWT_SECRET was given: the secret generated for this run, to sign a ready-to-use token. */
  readonly devSecret?: string;
}

/**
 * The demo's auth options, from the environment:
 * - tokens of an identity provider: `JWT_ISSUER` with `JWT_DISCOVERY=1` (keys found through OpenID Connect
 *   discovery) or `JWT_JWKS_URI`, plus `JWT_AUDIENCE` and `JWT_ALGORITHMS` (comma-separated, default RS256);
 * - or a shared secret: `JWT_SECRET`, `JWT_AUDIENCE`, `JWT_ISSUER`;
 * - or, with none of these, a development secret generated at boot (never for production: it changes on every start).
 */
export function demoAuthConfig(env: NodeJS.ProcessEnv = process.env): DemoAuthConfig {
  const publicRoutes = ['GET /health'];
  if (env.JWT_DISCOVERY === '1' || env.JWT_JWKS_URI) {
    return { options: { jwt: identityProviderJwt(env), publicRoutes } };
  }
  const devSecret = env.JWT_SECRET ? undefined : randomBytes(32).toString('base64url');
  return {
    devSecret,
    options: {
      jwt: {
        secret: env.JWT_SECRET ?? devSecret,
        audience: env.JWT_AUDIENCE || undefined,
        issuer: env.JWT_ISSUER || undefined,
      },
      publicRoutes,
    },
  };
}

function identityProviderJwt(env: NodeJS.ProcessEnv): JwtOptions {
  return {
    issuer: env.JWT_ISSUER || undefined,
    discovery: env.JWT_DISCOVERY === '1' || undefined,
    jwksUri: env.JWT_JWKS_URI || undefined,
    audience: env.JWT_AUDIENCE || undefined,
    algorithms: (env.JWT_ALGORITHMS || 'RS256').split(',').map((algorithm) => algorithm.trim() as JwtAlgorithm),
  };
}
