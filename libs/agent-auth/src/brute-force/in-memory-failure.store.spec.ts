import { describe, expect, it } from '@jest/globals';
import { InMemoryFailureStore } from './in-memory-failure.store.js';

const policy = { maxFailures: 3, windowMs: 60_000, blockMs: 300_000 };
const T0 = 1_700_000_000_000;

describe('InMemoryFailureStore', () => {
  it('blocks a key on its maxFailures-th failure within the window, until blockMs later', () => {
    const store = new InMemoryFailureStore();
    store.recordFailure('1.2.3.4', T0, policy);
    store.recordFailure('1.2.3.4', T0 + 1_000, policy);
    expect(store.blockedUntil('1.2.3.4', T0 + 1_000)).toBeUndefined();
    store.recordFailure('1.2.3.4', T0 + 2_000, policy);
    expect(store.blockedUntil('1.2.3.4', T0 + 2_000)).toBe(T0 + 2_000 + 300_000);
    expect(store.blockedUntil('1.2.3.4', T0 + 301_999)).toBe(T0 + 302_000);
    expect(store.blockedUntil('1.2.3.4', T0 + 302_000)).toBeUndefined();
    expect(store.blockedUntil('5.6.7.8', T0 + 2_000)).toBeUndefined();
  });

  it('forgets failures once their window has passed', () => {
    const store = new InMemoryFailureStore();
    store.recordFailure('k', T0, policy);
    store.recordFailure('k', T0 + 1, policy);
    store.recordFailure('k', T0 + 60_000, policy);
    expect(store.blockedUntil('k', T0 + 60_000)).toBeUndefined();
    store.recordFailure('k', T0 + 60_001, policy);
    store.recordFailure('k', T0 + 60_002, policy);
    expect(store.blockedUntil('k', T0 + 60_002)).toBe(T0 + 60_002 + 300_000);
  });

  it('does not extend a block with failures recorded while blocked, and opens a fresh window after it', () => {
    const store = new InMemoryFailureStore();
    for (let i = 0; i < 3; i++) store.recordFailure('k', T0, policy);
    store.recordFailure('k', T0 + 100_000, policy);
    expect(store.blockedUntil('k', T0 + 100_000)).toBe(T0 + 300_000);
    store.recordFailure('k', T0 + 300_000, policy);
    expect(store.blockedUntil('k', T0 + 300_000)).toBeUndefined();
    store.recordFailure('k', T0 + 300_001, policy);
    store.recordFailure('k', T0 + 300_002, policy);
    expect(store.blockedUntil('k', T0 + 300_002)).toBe(T0 + 600_002);
  });

  it('never holds more than its cap of counting clients, dropping the oldest ones', () => {
    const store = new InMemoryFailureStore(100);
    for (let i = 0; i < 1_000; i++) store.recordFailure(`10.0.${i >> 8}.${i & 255}`, T0, policy);
    expect(store.size).toBeLessThanOrEqual(100);
    store.recordFailure('10.0.3.231', T0, policy);
    store.recordFailure('10.0.3.231', T0, policy);
    expect(store.blockedUntil('10.0.3.231', T0)).toBe(T0 + 300_000);
    store.recordFailure('10.0.0.0', T0, policy);
    store.recordFailure('10.0.0.0', T0, policy);
    expect(store.blockedUntil('10.0.0.0', T0)).toBeUndefined();
  });

  it('keeps a blocked client blocked however many new addresses fail after it', () => {
    const store = new InMemoryFailureStore(100);
    for (let i = 0; i < 3; i++) store.recordFailure('attacker', T0, policy);
    for (let i = 0; i < 10_000; i++) store.recordFailure(`flood-${i}`, T0 + 1, policy);
    expect(store.blockedUntil('attacker', T0 + 1)).toBe(T0 + 300_000);
    expect(store.size).toBeLessThanOrEqual(200);
  });

  it('drops the oldest blocks first when more clients are blocked than its cap', () => {
    const store = new InMemoryFailureStore(100);
    for (let i = 0; i < 1_000; i++) store.recordFailure(`10.0.${i >> 8}.${i & 255}`, T0 + i, { ...policy, maxFailures: 1 });
    expect(store.size).toBeLessThanOrEqual(100);
    expect(store.blockedUntil('10.0.0.0', T0 + 1_000)).toBeUndefined();
    expect(store.blockedUntil('10.0.3.231', T0 + 1_000)).toBe(T0 + 999 + 300_000);
  });

  it('answers a lookup without writing anything', () => {
    const store = new InMemoryFailureStore();
    for (let i = 0; i < 100; i++) store.blockedUntil(`client-${i}`, T0);
    expect(store.size).toBe(0);
  });
});
