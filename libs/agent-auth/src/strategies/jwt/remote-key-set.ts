import type { Logger } from '@nestjs/common';
import { KeyObject, type webcrypto } from 'node:crypto';
import { createRemoteJWKSet, customFetch, type CryptoKey, type JWSHeaderParameters } from 'jose';
import { fetchFailureReason, fetchJson } from '../../util/fetch-json.js';
import { keyProblem } from './jwt-key-policy.js';

/** Largest JWKS document read (real ones are a few kilobytes); a longer one counts as a failed fetch. */
export const MAX_JWKS_BYTES = 256 * 1024;

/** When a {@link RemoteKeySet} fetches. */
export interface RemoteKeySetTiming {
  /** Shortest interval between fetches caused by an unknown `kid` or a failed fetch. */
  readonly cooldownMs: number;
  /** Longest one fetch may take (connection, headers and body). */
  readonly timeoutMs: number;
  /** How long fetched keys are used before the set must be fetched again. */
  readonly cacheMaxAgeMs: number;
}

/** Refusal while a failed fetch is cooling down: no request is made. */
const COOLING_DOWN = new Error('the JWKS could not be fetched recently; waiting for the cooldown');

/**
 * The keys published at one JWKS URL. jose's remote key set does the selection (by `kid`, `alg`, `use`, `key_ops`
 * and curve; never an HMAC key), the caching, one fetch at a time, and the cooldown after a successful fetch;
 * this adds what it lacks: a failed or invalid fetch starts the cooldown too (an unreachable endpoint is not
 * hammered), the document is size-limited, and each key is converted once to a KeyObject and refused when
 * unfit for the token's algorithm (RSA under 2048 bits).
 */
export class RemoteKeySet {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;
  private readonly keyObjects = new WeakMap<CryptoKey, KeyObject>();
  private readonly label: string;
  private lastFailureAt = Number.NEGATIVE_INFINITY;
  /** The keys of the last document fetched, each as its JSON text. */
  private published?: ReadonlySet<string>;

  /** @param onKeysRemoved called when a fetched document lacks a key the previous one held (tokens it verified must go). */
  constructor(
    url: string,
    private readonly timing: RemoteKeySetTiming,
    private readonly logger: Logger,
    private readonly onKeysRemoved: () => void = () => undefined,
  ) {
    const parsed = new URL(url);
    this.label = `${parsed.origin}${parsed.pathname}`;
    this.keys = createRemoteJWKSet(parsed, {
      timeoutDuration: timing.timeoutMs,
      cooldownDuration: timing.cooldownMs,
      cacheMaxAge: timing.cacheMaxAgeMs,
      [customFetch]: (href, init) => this.fetchKeySet(href, init.signal),
    });
  }

  /**
   * The key that verifies a token with this header. Fetches the set when it is missing, stale, or lacks the
   * `kid` (at most once per cooldown).
   * @throws when no usable key matches, or the set cannot be fetched.
   */
  async keyFor(header: JWSHeaderParameters): Promise<KeyObject> {
    const cryptoKey = await this.keys(header);
    const known = this.keyObjects.get(cryptoKey);
    if (known !== undefined) return known;
    const key = KeyObject.from(cryptoKey as webcrypto.CryptoKey);
    const problem = keyProblem(key, String(header.alg));
    if (problem !== undefined) throw new Error(`JWKS key refused: ${problem}`);
    this.keyObjects.set(cryptoKey, key);
    return key;
  }

  /**
   * Fetches the set ahead of the first token (at startup), so that token does not wait and a wrong URL shows in the
   * startup logs. A failure is logged and starts the cooldown, like any failed fetch; it is never thrown: the keys
   * are fetched again on demand once the provider answers.
   */
  async prefetch(): Promise<void> {
    await this.keys.reload().catch(() => undefined);
  }

  private async fetchKeySet(href: string, signal: AbortSignal): Promise<Response> {
    if (Date.now() - this.lastFailureAt < this.timing.cooldownMs) throw COOLING_DOWN;
    try {
      const document = await fetchJson(href, { signal, maxBytes: MAX_JWKS_BYTES });
      if (!isKeySet(document)) throw new Error('the document is not a JSON Web Key Set');
      this.notePublished(document.keys);
      return Response.json(document);
    } catch (error) {
      this.lastFailureAt = Date.now();
      this.logger.warn(
        `JWKS ${this.label} could not be fetched (${fetchFailureReason(error)}); next attempt in ${this.timing.cooldownMs / 1000}s at the earliest`,
      );
      throw error;
    }
  }

  /** Remembers the keys of a fetched document, and reports when one the previous document held is gone. */
  private notePublished(keys: readonly object[]): void {
    const published = new Set(keys.map((key) => JSON.stringify(key)));
    const removed = this.published !== undefined && [...this.published].some((key) => !published.has(key));
    this.published = published;
    if (removed) this.onKeysRemoved();
  }
}

function isKeySet(document: unknown): document is { keys: object[] } {
  const keys = typeof document === 'object' && document !== null ? (document as { keys?: unknown }).keys : undefined;
  return Array.isArray(keys) && keys.every((key) => typeof key === 'object' && key !== null && !Array.isArray(key));
}
