import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import type { JwtAlgorithm, JwtOptions } from '../../options/jwt.options.js';
import { durationSeconds } from '../../util/duration.js';
import { keyProblem } from './jwt-key-policy.js';

const DEFAULT_COOLDOWN_SECONDS = 30;
const DEFAULT_TIMEOUT_SECONDS = 5;
const DEFAULT_CACHE_MAX_AGE_SECONDS = 600;

/** {@link JwtOptions} of one configuration resolved once at startup: keys imported as KeyObjects, defaults applied. */
export interface JwtSettings {
  /** The option path used in messages: `jwt`, or `jwt.1` when several configurations are given. */
  readonly path: string;
  /** The configured secret or public key; undefined when keys come from a JWKS. */
  readonly key?: KeyObject;
  /** Where keys are fetched from; undefined with a configured key. */
  readonly remote?: RemoteKeySettings;
  readonly algorithms: readonly JwtAlgorithm[];
  readonly issuer?: string | [string, ...string[]];
  readonly audience?: string | [string, ...string[]];
  readonly clockToleranceSeconds: number;
  /** Whether a token must carry `exp` (`requireExpiry`, on unless set to false). */
  readonly requireExpiry: boolean;
  readonly maxAgeSeconds?: number;
  readonly claims: JwtClaimPaths;
}

/** Where the principal's fields are read in a payload: dot paths split into names. */
export interface JwtClaimPaths {
  readonly roles: readonly string[];
  readonly scopes: readonly string[];
  readonly permissions: readonly string[];
  /** The tenant claim (`tenantClaim`); undefined reads `tenant_id`, `org_id`, then `tid`. */
  readonly tenant?: readonly string[];
}

/** Where and how one configuration's keys are fetched (`jwksUri` or `discovery`). */
export interface RemoteKeySettings {
  /** The JWKS URL; undefined when discovery finds it at startup. */
  readonly jwksUri?: string;
  /** The issuer whose OpenID configuration names the JWKS (`discovery: true`). */
  readonly discoveryIssuer?: string;
  readonly cooldownMs: number;
  readonly timeoutMs: number;
  readonly cacheMaxAgeMs: number;
  readonly allowInsecureHttp: boolean;
}

/**
 * Imports the key and applies defaults to one (already validated) configuration.
 * @throws Error naming the option when a key cannot be imported, is too weak or cannot verify the algorithms.
 */
export function resolveJwtSettings(options: JwtOptions, path = 'jwt'): JwtSettings {
  const algorithms = options.algorithms ?? ['HS256'];
  const remote = options.jwksUri !== undefined || options.discovery === true;
  return {
    path,
    key: remote ? undefined : importKey(options, algorithms, path),
    remote: remote ? remoteKeySettings(options) : undefined,
    algorithms,
    issuer: options.issuer as JwtSettings['issuer'],
    audience: options.audience as JwtSettings['audience'],
    clockToleranceSeconds: options.clockTolerance ?? 0,
    requireExpiry: options.requireExpiry !== false,
    maxAgeSeconds: options.maxAge === undefined ? undefined : durationSeconds(options.maxAge),
    claims: {
      roles: (options.rolesClaim ?? 'roles').split('.'),
      scopes: (options.scopesClaim ?? 'scope').split('.'),
      permissions: (options.permissionsClaim ?? 'permissions').split('.'),
      tenant: options.tenantClaim?.split('.'),
    },
  };
}

function remoteKeySettings(options: JwtOptions): RemoteKeySettings {
  const milliseconds = (value: string | number | undefined, fallback: number) => (durationSeconds(value ?? fallback) ?? fallback) * 1000;
  return {
    jwksUri: options.jwksUri,
    discoveryIssuer: options.discovery === true ? (options.issuer as string) : undefined,
    cooldownMs: milliseconds(options.jwksCooldown, DEFAULT_COOLDOWN_SECONDS),
    timeoutMs: milliseconds(options.jwksTimeout, DEFAULT_TIMEOUT_SECONDS),
    cacheMaxAgeMs: milliseconds(options.jwksCacheMaxAge, DEFAULT_CACHE_MAX_AGE_SECONDS),
    allowInsecureHttp: options.allowInsecureHttp === true,
  };
}

function importKey(options: JwtOptions, algorithms: readonly JwtAlgorithm[], path: string): KeyObject {
  if (options.secret !== undefined) return createSecretKey(Buffer.from(options.secret));
  let key: KeyObject;
  try {
    key = typeof options.publicKey === 'string' ? createPublicKey(options.publicKey) : (options.publicKey as KeyObject);
  } catch {
    throw new Error(`Invalid AgentAuthModule options:\n  - ${path}.publicKey: cannot be parsed as a PEM public key`);
  }
  const problems = [...new Set(algorithms.map((algorithm) => keyProblem(key, algorithm)).filter((problem) => problem !== undefined))];
  if (problems.length > 0) {
    throw new Error(`Invalid AgentAuthModule options:\n${problems.map((problem) => `  - ${path}.publicKey: ${problem}`).join('\n')}`);
  }
  return key;
}
