import { describe, expect, it } from '@jest/globals';
import { BoundedCache } from './bounded-cache.js';

const NOW = 1_000_000;
const LATER = NOW + 60_000;

describe('BoundedCache', () => {
  it('returns a live entry and forgets an expired one when it is read', () => {
    const cache = new BoundedCache<string>(10);
    cache.set('a', 'A', NOW + 10);
    expect(cache.get('a', NOW)).toBe('A');
    expect(cache.get('a', NOW + 10)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never holds more than its cap, dropping the oldest entries first', () => {
    const cache = new BoundedCache<number>(32);
    for (let i = 0; i < 1_000; i++) {
      cache.set(`k${i}`, i, LATER);
      expect(cache.size).toBeLessThanOrEqual(32);
    }
    expect(cache.get('k999', NOW)).toBe(999);
    expect(cache.get('k0', NOW)).toBeUndefined();
    expect(cache.get('k960', NOW)).toBeUndefined();
  });

  it('drops a sixteenth of a full cache at once, the oldest ones', () => {
    const cache = new BoundedCache<number>(32);
    for (let i = 0; i < 32; i++) cache.set(`k${i}`, i, LATER);
    cache.set('new', -1, LATER);
    expect(cache.size).toBe(31);
    expect([cache.get('k0', NOW), cache.get('k1', NOW), cache.get('k2', NOW)]).toEqual([undefined, undefined, 2]);
  });

  it('replaces an entry already held without evicting anything', () => {
    const cache = new BoundedCache<number>(2);
    cache.set('a', 1, LATER);
    cache.set('b', 2, LATER);
    cache.set('a', 3, LATER);
    expect([cache.size, cache.get('a', NOW), cache.get('b', NOW)]).toEqual([2, 3, 2]);
  });

  it('holds nothing with a cap of 0, and nothing after clear()', () => {
    const disabled = new BoundedCache<number>(0);
    disabled.set('a', 1, LATER);
    expect(disabled.size).toBe(0);
    const cache = new BoundedCache<number>(4);
    cache.set('a', 1, LATER);
    cache.clear();
    expect(cache.get('a', NOW)).toBeUndefined();
  });
});
