import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { JWT_CACHE_SIZE, JwtStrategy } from 'nest-agent-auth/strategies/jwt/jwt.strategy.js';
import { b64, newSecret } from '../support/tokens.js';

const TOKENS = 100_000;
/** Heap growth allowed after 100,000 refused tokens: the cache holds none of them. */
const MAX_GROWTH_AFTER_INVALID = 4 * 2 ** 20;
/**
 * Heap growth allowed after 100,000 valid tokens sent twice each (a token is cached on its second verification): a
 * full cache (10,000 entries, ~8 MiB) fits, 100,000 entries would not.
 */
const MAX_GROWTH_AFTER_VALID = 24 * 2 ** 20;

/**
 * A full garbage collection: `global.gc` when Node runs with `--expose-gc`, else the same function obtained at run time
 * (`npm test` cannot pass `--expose-gc` through Jest).
 */
function collectGarbage(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) return exposed();
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function heapAfterGc(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** `count` distinct HS256 tokens signed with `secret` (HMAC directly: 100,000 take well under a second). */
function distinctTokens(secret: string, count: number, batch: string): string[] {
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return Array.from({ length: count }, (_, i) => {
    const input = `${header}.${b64({ sub: `user-${i}`, jti: `${batch}-${i}`, roles: ['operator'], exp })}`;
    return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  });
}

async function verifyAll(strategy: JwtStrategy, tokens: string[]): Promise<Map<string, number>> {
  const outcomes = new Map<string, number>();
  while (tokens.length > 0) {
    const outcome = await strategy.verify(tokens.pop() as string);
    const kind = 'code' in outcome ? outcome.code : 'ok';
    outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
  }
  return outcomes;
}

describe('memory under a flood of distinct tokens (JwtStrategy)', () => {
  it('100,000 invalid, 100,000 valid once and 100,000 valid twice leave the heap within a small bound and the cache capped', async () => {
    const secret = newSecret();
    const strategy = new JwtStrategy({ secret });
    await verifyAll(strategy, distinctTokens(secret, 1_000, 'warm-up'));
    const before = heapAfterGc();

    const invalid = await verifyAll(strategy, distinctTokens(newSecret(), TOKENS, 'invalid'));
    expect(Object.fromEntries(invalid)).toEqual({ invalid_token: TOKENS });
    expect(strategy.cachedTokens).toBeLessThanOrEqual(1_000);
    expect(heapAfterGc() - before).toBeLessThan(MAX_GROWTH_AFTER_INVALID);

    const seenOnce = await verifyAll(strategy, distinctTokens(secret, TOKENS, 'once'));
    expect(Object.fromEntries(seenOnce)).toEqual({ ok: TOKENS });
    expect(strategy.cachedTokens).toBeLessThanOrEqual(1_000);

    const valid = await verifyAll(
      strategy,
      distinctTokens(secret, TOKENS, 'twice').flatMap((token) => [token, token]),
    );
    expect(Object.fromEntries(valid)).toEqual({ ok: 2 * TOKENS });
    expect(strategy.cachedTokens).toBeLessThanOrEqual(JWT_CACHE_SIZE);
    expect(strategy.cachedTokens).toBeGreaterThan(JWT_CACHE_SIZE * 0.9);
    expect(heapAfterGc() - before).toBeLessThan(MAX_GROWTH_AFTER_VALID);
  }, 120_000);
});
