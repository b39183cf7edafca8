import { randomBytes } from 'node:crypto';
import type { AgentAuthModuleOptions } from 'nest-agent-auth';

/** Where the demo's auth settings came from: the environment, or secrets generated for this run. */
export interface DemoAuthConfig {
  readonly options: AgentAuthModuleOptions;
  /** Set when no JWT_SECRET was given: the secret generated for this run, to sign a ready-to-use token. */
  readonly devSecret?: string;
}

/**
 * The demo's auth options: JWT_SECRET, JWT_AUDIENCE and JWT_ISSUER from the environment, or a development
 * secret generated at boot (never for production: it changes on every start).
 */
export function demoAuthConfig(env: NodeJS.ProcessEnv = process.env): DemoAuthConfig {
  const devSecret = env.JWT_SECRET ? undefined : randomBytes(32).toString('base64url');
  return {
    devSecret,
    options: {
      jwt: {
        secret: env.JWT_SECRET ?? devSecret,
        audience: env.JWT_AUDIENCE || undefined,
        issuer: env.JWT_ISSUER || undefined,
      },
      publicRoutes: ['GET /health'],
    },
  };
}
