import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { generateApiKey } from '../strategies/api-key/api-key-material.js';
import { StrategyRegistry } from './strategy.registry.js';

const jwt = { secret: randomBytes(32).toString('base64url') };
const apiKey = { keys: [generateApiKey()] };

describe('StrategyRegistry', () => {
  it('tries jwt then api-key by default when both are configured', () => {
    expect(new StrategyRegistry({ apiKey, jwt }).defaultOrder).toEqual(['jwt', 'api-key']);
    expect(new StrategyRegistry({ apiKey }).defaultOrder).toEqual(['api-key']);
    expect(new StrategyRegistry({ apiKey, jwt, strategies: ['api-key', 'jwt'] }).defaultOrder).toEqual(['api-key', 'jwt']);
  });

  it('resolves a built-in name only when it is configured, never from the Passport registry', () => {
    new StrategyRegistry({ apiKey }); // registers an `api-key` Passport strategy, as any app using API keys does
    const withoutApiKey = new StrategyRegistry({ jwt });
    expect(() => withoutApiKey.get('api-key')).toThrow('a route uses the "api-key" strategy but apiKey is not configured');
    expect(withoutApiKey.get('jwt').name).toBe('jwt');
  });
});
