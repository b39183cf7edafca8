import type { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { fetchFailureReason, fetchJson } from '../../util/fetch-json.js';
import { remoteUrlProblem } from '../../util/remote-url.js';

/** Attempts at the discovery document before the app refuses to boot. */
export const DISCOVERY_ATTEMPTS = 3;
/** Wait before the second attempt; doubled before each later one. */
const FIRST_RETRY_DELAY_MS = 500;
/** Largest discovery document read (real ones are a few kilobytes). */
const MAX_DISCOVERY_BYTES = 256 * 1024;

/** How {@link discoverJwksUri} fetches and reports. */
export interface DiscoveryOptions {
  /** The option path named in errors (`jwt`, `jwt.1`). */
  readonly path: string;
  /** Longest one attempt may take. */
  readonly timeoutMs: number;
  /** Whether a plain-http `jwks_uri` on a non-loopback host is acceptable. */
  readonly allowInsecureHttp: boolean;
  readonly logger: Logger;
}

/** Where an issuer publishes its OpenID provider metadata: `<issuer>/.well-known/openid-configuration`. */
export function discoveryUrl(issuer: string): string {
  return `${issuer.endsWith('/') ? issuer.slice(0, -1) : issuer}/.well-known/openid-configuration`;
}

/**
 * The `jwks_uri` an OpenID provider publishes at `<issuer>/.well-known/openid-configuration` (OpenID Connect
 * Discovery 1.0 §4), read at startup. Fetch failures are retried; the document must name exactly the configured
 * issuer (§4.3) and a `jwks_uri` allowed by the same URL rules as a configured one.
 * @throws Error naming the option when the document cannot be fetched after {@link DISCOVERY_ATTEMPTS} attempts or is unfit.
 */
export async function discoverJwksUri(issuer: string, options: DiscoveryOptions): Promise<string> {
  const url = discoveryUrl(issuer);
  const refuse = (reason: string) => new Error(`AgentAuthModule: ${options.path}.discovery: ${url} ${reason}`);
  const document = await fetchWithRetries(url, options, refuse);
  const metadata = typeof document === 'object' && document !== null ? (document as Record<string, unknown>) : {};
  if (metadata.issuer !== issuer) {
    throw refuse(`names the issuer ${JSON.stringify(metadata.issuer) ?? 'undefined'}, not the configured ${JSON.stringify(issuer)}`);
  }
  const jwksUri = metadata.jwks_uri;
  if (typeof jwksUri !== 'string') throw refuse('has no jwks_uri');
  const problem = remoteUrlProblem(jwksUri, options.allowInsecureHttp);
  if (problem !== undefined) throw refuse(`has a jwks_uri that ${problem}: ${jwksUri}`);
  return jwksUri;
}

async function fetchWithRetries(url: string, options: DiscoveryOptions, refuse: (reason: string) => Error): Promise<unknown> {
  let reason = '';
  for (let attempt = 1; attempt <= DISCOVERY_ATTEMPTS; attempt++) {
    try {
      return await fetchJson(url, { signal: AbortSignal.timeout(options.timeoutMs), maxBytes: MAX_DISCOVERY_BYTES });
    } catch (error) {
      reason = fetchFailureReason(error);
      if (attempt === DISCOVERY_ATTEMPTS) break;
      options.logger.warn(`OpenID Connect discovery: ${url} failed (${reason}), attempt ${attempt} of ${DISCOVERY_ATTEMPTS}`);
      await sleep(FIRST_RETRY_DELAY_MS * 2 ** (attempt - 1));
    }
  }
  throw refuse(`could not be fetched after ${DISCOVERY_ATTEMPTS} attempts (${reason})`);
}
