import { describe, expect, it } from '@jest/globals';
import { SecondSightingFilter } from './second-sighting-filter.js';

describe('SecondSightingFilter', () => {
  it('admits a key on its second sighting, not its first', () => {
    const filter = new SecondSightingFilter();
    expect(filter.admit('token-a')).toBe(false);
    expect(filter.admit('token-a')).toBe(true);
    expect(filter.admit('token-a')).toBe(true);
    expect(filter.admit('token-b')).toBe(false);
  });

  it('admits almost none of a stream of distinct keys (collisions only)', () => {
    const filter = new SecondSightingFilter();
    let admitted = 0;
    for (let i = 0; i < 100_000; i++) if (filter.admit(`eyJhbGciOiJIUzI1NiJ9.payload-${i}.signature-${i * 7919}`)) admitted++;
    expect(admitted).toBeLessThan(100);
  });

  it('still admits a re-used key after many others were seen, unless its slot was taken since', () => {
    const filter = new SecondSightingFilter();
    filter.admit('kept');
    for (let i = 0; i < 1_000; i++) filter.admit(`other-${i}`);
    expect(filter.admit('kept')).toBe(true);
  });
});
